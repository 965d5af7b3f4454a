from django import template

from ..rules.geometry import format_cm
from ..web.forms import ScheduleForm

register = template.Library()


@register.filter
def cm(mm) -> str:
    """Millimetres as centimetres with at most one decimal: 35 -> "3.5"."""
    return format_cm(mm)


@register.filter
def rhythm(rule: str) -> str:
    """A recurrence rule in the words the schedule form offers ("Every day"), or the
    rule itself for one it does not offer."""
    return str(dict(ScheduleForm.RHYTHMS).get(rule, rule))
