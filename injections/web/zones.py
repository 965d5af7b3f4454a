"""The time-zone field of the schedule forms: places people know, by region and city
("Europe" › "Madrid"), instead of the ~600 raw names of the IANA database, in the
reader's language ("Londres", "Nueva York" in Spanish, from CLDR through Babel). The
value stored is still the IANA name (DESIGN.md §5); the browser's own zone is offered
first, and a filter box narrows the list, by static/js/medtrack.js."""

import unicodedata
from functools import cache
from importlib.resources import files
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language, ngettext, to_locale
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
# The most options a filtered list can show: the plural forms of its count are made
# for the numbers up to this one (see `filter_words`).
MOST_MATCHES = 1000


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


@cache
def _offered_set() -> frozenset[str]:
    return frozenset(offered_zones())


def reading_order(text: str) -> str:
    """The key that sorts words as a reader looks for them, whatever the server's own
    locale: accents and case set aside, so "Ámsterdam" sorts with the A's, and
    "Ürümqi" with the U's."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _cldr(language: str) -> Locale | None:
    """The CLDR data of a Django language code ("es", "en-gb"), or None if CLDR has none."""
    try:
        return Locale.parse(to_locale(language))
    except (ValueError, UnknownLocaleError):
        return None


def _reader() -> str:
    return get_language() or settings.LANGUAGE_CODE


def city_label(name: str, language: str | None = None) -> str:
    """The place of an IANA name, as a person reads it in `language` (the active one by
    default): CLDR's exemplar city where it has one ("Europe/London" is "Londres" in
    Spanish), else the city of the IANA name ("America/Port_of_Spain" is "Port of
    Spain"). The parts between region and city follow after a comma, as CLDR writes
    them itself ("Knox, Indiana"): "America/Argentina/Salta" is "Salta, Argentina"."""
    if "/" not in name:
        return name  # "UTC"
    _region, *within, last = name.split("/")
    locale = _cldr(language or _reader())
    canonical = get_global("zone_aliases").get(name, name)
    city = locale.time_zones.get(canonical, {}).get("city") if locale else None
    city = city or last.replace("_", " ")
    # CLDR names some of them with their state already ("Beulah, Dakota del Norte").
    if within and "," not in city:
        city = f"{city}, {', '.join(part.replace('_', ' ') for part in within)}"
    return city


@cache
def _regions(language: str) -> tuple:
    """The offered zones of each region, as (region label, ((name, city), ...)), the
    regions and their cities in the reader's order: computed once per language."""
    groups: dict[str, list] = {}
    for name in offered_zones():
        region = name.split("/")[0]
        if region in REGION_LABELS:
            groups.setdefault(region, []).append((name, city_label(name, language)))
    with translation.override(language):
        regions = [
            (str(REGION_LABELS[region]), sorted(cities, key=lambda c: (reading_order(c[1]), c[1])))
            for region, cities in groups.items()
        ]
    regions.sort(key=lambda group: reading_order(group[0]))
    return tuple((label, tuple(cities)) for label, cities in regions)


def zone_choices(keep: str | None = None) -> list:
    """The offered zones grouped by region, the groups and the cities in the reader's
    alphabetical order, UTC and a stored zone that is not offered (`keep`) last."""
    choices = [(label, list(cities)) for label, cities in _regions(_reader())]
    others = [(UNIVERSAL, _("UTC (Coordinated Universal Time)"))]
    if keep and keep not in _offered_set():
        others.append((keep, keep.replace("_", " ")))
    return [*choices, (_("Other"), others)]


@cache
def _english_names(language: str) -> dict[str, str]:
    """The English name of each offered zone whose name for the reader and IANA name do
    not already hold it ("Canaries" for the Spanish "Canarias"), for the filter."""
    names = {}
    for zone in offered_zones():
        english, own = city_label(zone, "en"), city_label(zone, language)
        if reading_order(english) not in reading_order(f"{own} {zone}".replace("_", " ")):
            names[zone] = english
    return names


@cache
def _plural_examples(language: str) -> dict[str, int]:
    """A number of each CLDR plural category the count of a filtered list can reach
    ("one": 1, "other": 0 in English), for the filter's words."""
    locale = _cldr(language) or _cldr("en")
    examples: dict[str, int] = {}
    for number in range(MOST_MATCHES + 1):
        examples.setdefault(locale.plural_form(number), number)
    return examples


def filter_words() -> dict[str, str]:
    """The words of the filter box that medtrack.js adds above the list, as the
    select's data attributes. The count's sentence is given once per plural category
    of the reader's language, made by ngettext for a number of that category; the
    script picks one with Intl.PluralRules and puts the count for "%(count)s"."""
    words = {
        "data-filter-label": _("Find your city"),
        "data-filter-none": _(
            "No place matches. Check the spelling, or clear the box to see every place."
        ),
    }
    for category, number in _plural_examples(_reader()).items():
        words[f"data-filter-{category}"] = ngettext(
            "%(count)s place matches: choose it in the list below.",
            "%(count)s places match: choose yours in the list below.",
            number,
        )
    return words


class ZoneSelect(forms.Select):
    """A native select, searchable by typing a city's first letters. The script offers
    the device's zone first, in a group of its own (`data-device-zone`, its label), and
    picks it while nothing is picked yet: a form with no zone shows a blank choice. It
    also adds a filter box (`filter_words`), which matches the city in the reader's
    language, the IANA name, and the English name (an option's `data-also`, where it
    differs)."""

    def __init__(self, attrs=None):
        super().__init__({"data-device-zone": _("On this device"), **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(filter_words())
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        english = _english_names(_reader()).get(value)
        if english:
            option["attrs"]["data-also"] = english
        return option

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
