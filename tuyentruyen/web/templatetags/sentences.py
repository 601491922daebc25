from django import template

from tuyentruyen.lib.text import end_sentence

register = template.Library()


@register.filter
def sentence(value):
    """What someone typed, ended with one full stop (never "..")."""
    return end_sentence(str(value or ""))
