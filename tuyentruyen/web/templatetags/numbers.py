from django import template

from tuyentruyen.lib.bounds import format_number

register = template.Library()


@register.filter
def vn_number(value):
    """12345.5 → 12.345,5; whatever is stored, it shows (never raises)."""
    return format_number(value)
