from django import template

from ..rules.geometry import format_cm

register = template.Library()


@register.filter
def cm(mm) -> str:
    """Millimetres as centimetres with at most one decimal: 35 -> "3.5"."""
    return format_cm(mm)
