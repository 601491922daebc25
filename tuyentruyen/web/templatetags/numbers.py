from django import template

from tuyentruyen.lib.bounds import format_number, format_size

register = template.Library()


@register.filter
def vn_number(value):
    """12345.5 → 12.345,5; whatever is stored, it shows (never raises)."""
    return format_number(value)


@register.filter
def vn_size(value):
    """A size in bytes: 1363148 → 1,3 MB (the same separators as every other number)."""
    return format_size(value)
