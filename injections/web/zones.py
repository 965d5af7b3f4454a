"""The time-zone field of the schedule forms: places people know, by region and city
("Europe" › "Madrid"), instead of the ~600 raw names of the IANA database. The value
stored is still the IANA name (DESIGN.md §5); the browser's own zone is offered first
by static/js/medtrack.js."""

from functools import cache
from importlib.resources import files
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

# The regions of the IANA names, as the option groups read them.
REGION_LABELS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Pacific": _("Pacific Ocean"),
}
UNIVERSAL = "UTC"


@cache
def offered_zones() -> tuple[str, ...]:
    """The zones offered: one per place of tzdata's zone.tab (the list made for people
    to pick their place from), and UTC. The legacy aliases ("US/Eastern", "GB",
    "Etc/GMT+3", "Asia/Calcutta") are not offered, though a stored one is kept."""
    table = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    places = {
        line.split("\t")[2] for line in table.splitlines() if line and not line.startswith("#")
    }
    return tuple(sorted((places | {UNIVERSAL}) & available_timezones()))


def city_label(name: str) -> str:
    """The place of an IANA name, as a person reads it: "America/Mexico_City" is
    "Mexico City", "America/Argentina/Buenos_Aires" is "Buenos Aires (Argentina)"."""
    if "/" not in name:
        return name  # "UTC"
    _region, *within, city = name.replace("_", " ").split("/")
    return f"{city} ({', '.join(within)})" if within else city


def zone_choices(keep: str | None = None) -> list:
    """The offered zones grouped by region, the groups and the cities in the reader's
    alphabetical order, UTC and a stored zone that is not offered (`keep`) last."""
    groups: dict[str, list] = {}
    for name in offered_zones():
        region = name.split("/")[0]
        if region in REGION_LABELS:
            groups.setdefault(region, []).append((name, city_label(name)))
    choices = [
        (REGION_LABELS[region], sorted(cities, key=lambda choice: choice[1].casefold()))
        for region, cities in groups.items()
    ]
    choices.sort(key=lambda group: str(group[0]).casefold())
    others = [(UNIVERSAL, _("UTC (Coordinated Universal Time)"))]
    if keep and keep not in offered_zones():
        others.append((keep, keep.replace("_", " ")))
    return [*choices, (_("Other"), others)]


class ZoneSelect(forms.Select):
    """A native select, searchable by typing a city's first letters. The script offers
    the device's zone first, in a group of its own (`data-device-zone`, its label), and
    picks it while nothing is picked yet: a form with no zone shows a blank choice."""

    def __init__(self, attrs=None):
        super().__init__({"data-device-zone": _("On this device"), **(attrs or {})})

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        if not any(value):
            blank = self.create_option(name, "", _("Choose a time zone"), True, 0, attrs=attrs)
            groups.insert(0, (None, [blank], 0))
        return groups


class TimeZoneField(forms.ChoiceField):
    """An IANA time zone, one of `offered_zones()` or the one already stored (`keep`)."""

    widget = ZoneSelect

    def __init__(self, **kwargs):
        super().__init__(choices=zone_choices, **kwargs)

    def keep(self, stored: str) -> None:
        """Accept and show the zone already stored even if it is a legacy alias."""
        self.choices = zone_choices(keep=stored)
