from django import template

from ..rules.geometry import format_cm
from ..text import flags, leaflet, places
from ..web import forms
from ..web.forms import ScheduleForm

register = template.Library()


@register.filter
def cm(mm) -> str:
    """Millimetres as centimetres with at most one decimal: 35 -> "3.5"."""
    return format_cm(mm)


@register.filter
def place(site) -> str:
    """A site's region and side in words: "thigh left"."""
    return places.place(site)


@register.filter
def place_key(site) -> str:
    """The value of the forms' `place` field for a site: "thigh:left", "abdomen"."""
    return forms.place_key(site)


@register.filter
def spot(site) -> str:
    """A site in words, with its position: "thigh left at 3.5, 10 cm"."""
    return places.spot(site)


@register.filter
def flag_labels(codes) -> list[str]:
    """A record's flags in words."""
    return flags.flag_labels(codes)


@register.filter
def rhythm(rule: str) -> str:
    """A recurrence rule in the words the schedule form offers ("Every day"), or the
    rule itself for one it does not offer."""
    return str(dict(ScheduleForm.RHYTHMS).get(rule, rule))


@register.filter
def syringe_plan(plan) -> str:
    """How many syringes a dose takes ("Use 2 syringes of 100 mg ..."), or what to do
    with the rest of a syringe; empty for one whole syringe."""
    return leaflet.syringe_plan_words(plan) if plan else ""


@register.filter
def warm_limit(hours) -> str:
    """A medication's room-temperature limit in words, from its own setting."""
    return leaflet.room_temperature_limit(hours)
