"""A prescription in words: how often ("every Friday") and how much ("150 mg: 2 mg
per kg for 75 kg")."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models.regimens import format_mg
from ..rules.prescriptions import DAILY, DAYS, Rhythm, rhythm_of


def weekday_name(weekday: int) -> str:
    """0 -> "Monday", in the active language (1 January 2024 was a Monday)."""
    return formats.date_format(date(2024, 1, 1 + weekday), "l")


def weekday_choices() -> list[tuple[int, str]]:
    return [(weekday, weekday_name(weekday)) for weekday in range(7)]


def rhythm_words(rhythm: Rhythm) -> str:
    if rhythm.kind == DAILY:
        return _("every day")
    if rhythm.kind == DAYS:
        if rhythm.every == 2:
            return _("every other day")
        return ngettext("every %(count)d day", "every %(count)d days", rhythm.every) % {
            "count": rhythm.every
        }
    day = weekday_name(rhythm.weekday)
    return ngettext("every %(day)s", "every %(count)d weeks on %(day)s", rhythm.every) % {
        "day": day,
        "count": rhythm.every,
    }


def how_often(rule: str, *, anchor: date) -> str:
    """A supported rule in words, such as "every Friday" for FREQ=WEEKLY counted from
    a Friday."""
    return rhythm_words(rhythm_of(rule, anchor=anchor))


def dose_words(version) -> str:
    """A schedule version's dose: "100 mg", or "150 mg (2 mg per kg for 75 kg)"."""
    if version.mg_per_kg is None:
        return _("%(dose)s mg") % {"dose": format_mg(version.dose_mg)}
    return _("%(dose)s mg (%(per_kg)s mg per kg for %(weight)s kg)") % {
        "dose": format_mg(version.dose_mg),
        "per_kg": format_mg(version.mg_per_kg),
        "weight": format_mg(version.weight_kg),
    }
