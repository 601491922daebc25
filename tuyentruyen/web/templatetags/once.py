from django import template
from django.utils.html import format_html

from tuyentruyen.web.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_token():
    """A hidden field with a fresh one-time token (see ``web/once.py``)."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
