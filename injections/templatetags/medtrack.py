from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from ..rules.geometry import format_cm
from ..text import flags, leaflet, places, prescriptions, status, supplies
from ..web import forms
from ..web.zones import city_label

register = template.Library()


@register.filter
def cm(mm) -> str:
    """Millimetres as centimetres with at most one decimal: 35 -> "3.5"."""
    return format_cm(mm)


@register.filter
def cm_words(mm) -> str:
    """Centimetres inside a sentence, with the reader's decimal mark ("3,5" in Spanish);
    `cm` is for the values of forms, which keep the point."""
    return places.cm(mm)


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
def how_often(version) -> str:
    """A schedule version's rule in words: "every day", "every Friday"."""
    return prescriptions.how_often(version.rrule, anchor=version.valid_from)


@register.filter
def dose(version) -> str:
    """A schedule version's dose in words: "100 mg", "150 mg (2 mg per kg for 75 kg)"."""
    return prescriptions.dose_words(version)


@register.filter
def syringe_plan(plan) -> str:
    """How many syringes a dose takes ("Use 2 syringes of 100 mg ..."), or what to do
    with the rest of a syringe; empty for one whole syringe."""
    return leaflet.syringe_plan_words(plan) if plan else ""


@register.filter
def warm_limit(hours) -> str:
    """A medication's room-temperature limit in words, from its own setting."""
    return leaflet.room_temperature_limit(hours)


@register.simple_tag
def option_input(option) -> str:
    """One option's <input> (a radio button or a checkbox), written as Django's
    `input.html` writes it but without a template of its own: the day's scores have
    33 of them, and the check-in renders faster without 66 more templates."""
    attrs = format_html_join(
        "",
        "{}{}",
        (
            (f" {name}", "" if value is True else format_html('="{}"', value))
            for name, value in option["attrs"].items()
            if value is not False
        ),
    )
    value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
    return format_html(
        '<input type="{}" name="{}"{}{}>', option["type"], option["name"], value, attrs
    )


@register.filter
def on_hand(item) -> str:
    """A medication's syringes on hand and the days they last (reading.supplies.Supply)."""
    return supplies.on_hand(item.usable, days=item.days, medication=item.medication.short_name)


@register.filter
def status_words(state, patient) -> str:
    """Where a regimen stands, in words for someone who reads about `patient`."""
    return status.describe(state, name=str(patient))


@register.filter
def given_by(dose, name) -> str:
    """Who gave `dose`: "you" when `name` is empty (the patient reads), else by name."""
    return status.giver(dose.administered_by, name=name or None)


@register.filter
def recorded(text: str) -> str:
    """A reason stored as medtrack wrote it ("regimen started", "undone by who entered
    it"), in the reader's language; what a person typed is shown as they typed it."""
    return gettext(text) if text else text


@register.filter
def zone_city(name: str) -> str:
    """A time zone by its place, as people say it: "Europe/London" is "London"."""
    return city_label(name)
