"""The visit report laid out (issue 12, item 1): the period's figures, a calendar
of its months, the body map of site use with its table, and the lists the
template prints. The same page is shown, printed and made into a PDF."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...reading.report import VisitReport
from ...rules.adherence import ON_TIME, TAKEN_LATE, slot_mark, worst_mark
from ...rules.geometry import Administrator
from ...rules.health import neutrophils_low
from ...rules.schedule import SlotStatus
from ...text.leaflet import allergies_of
from ...text.medicines import medicine_note
from ...text.places import REGION_SIDE_LABELS
from ...text.status import MARK_LABELS
from .bodymap import body_map

# What a calendar day shows beside its colour, so that it reads in black and white.
SYMBOLS = {
    ON_TIME: "✓",
    TAKEN_LATE: "◔",
    SlotStatus.MISSED: "✗",
    SlotStatus.SKIPPED: "–",
    SlotStatus.PAUSED: "‖",
    SlotStatus.DUE: "·",
    SlotStatus.LATE: "·",
    SlotStatus.UPCOMING: "·",
}
LEGEND = (ON_TIME, TAKEN_LATE, SlotStatus.SKIPPED, SlotStatus.PAUSED, SlotStatus.MISSED)


@dataclass(frozen=True)
class Day:
    date: date
    in_period: bool
    mark: str | None = None

    @property
    def symbol(self) -> str:
        return SYMBOLS.get(self.mark, "")

    @property
    def label(self) -> str:
        what = MARK_LABELS[self.mark] if self.mark else _("no dose scheduled")
        return f"{formats.date_format(self.date, 'l j F')}: {what}"


@dataclass(frozen=True)
class Month:
    title: str
    weeks: list[list[Day | None]]  # Monday first; None before the 1st and after the last


@dataclass(frozen=True)
class SiteUse:
    label: str
    count: int
    last: date


def _months(first: date, last: date, marks: dict[date, str]) -> list[Month]:
    months = []
    start = first.replace(day=1)
    while start <= last:
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        days = [start + timedelta(days=n) for n in range((following - start).days)]
        cells: list[Day | None] = [None] * start.weekday()
        cells += [Day(d, first <= d <= last, marks.get(d)) for d in days]
        cells += [None] * (-len(cells) % 7)
        months.append(
            Month(
                capfirst(formats.date_format(start, "F Y")),
                [cells[w : w + 7] for w in range(0, len(cells), 7)],
            )
        )
        start = following
    return months


def _weekdays() -> list[tuple[str, str, str]]:
    """Monday to Sunday for the calendar's column headers: short ("Mon"), in two
    letters for a narrow screen ("Mo"), and in full for the abbreviation's title."""
    monday = date(2024, 1, 1)
    days = [monday + timedelta(days=n) for n in range(7)]
    return [
        (formats.date_format(day, "D"), formats.date_format(day, "D")[:2],
         formats.date_format(day, "l"))
        for day in days
    ]  # fmt: skip


@dataclass
class ReportPage:
    report: VisitReport
    own: bool  # the patient reads it ("you"), or the clinic (the patient by name)

    @property
    def name(self) -> str | None:
        return None if self.own else str(self.report.patient)

    @cached_property
    def marks(self) -> dict[date, str]:
        """Each day's worst slot, over every regimen."""
        by_day: dict[date, list[str]] = {}
        for item in self.report.regimens:
            for slot in item.slots:
                mark = slot_mark(slot, at=self.report.at, outcome=item.outcomes.get(slot.date))
                by_day.setdefault(slot.date, []).append(mark)
        return {day: worst_mark(marks) for day, marks in by_day.items()}

    @property
    def months(self) -> list[Month]:
        return _months(self.report.first, self.report.last, self.marks)

    @property
    def weekdays(self) -> list[tuple[str, str, str]]:
        return _weekdays()

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        return [(mark, SYMBOLS[mark], MARK_LABELS[mark]) for mark in LEGEND]

    @property
    def period_words(self) -> str:
        return _("%(first)s to %(last)s") % {
            "first": formats.date_format(self.report.first, _("j F Y")),
            "last": formats.date_format(self.report.last, _("j F Y")),
        }

    @property
    def days(self) -> int:
        return (self.report.last - self.report.first).days + 1

    @property
    def site_use(self) -> list[SiteUse]:
        counts = Counter(item.site.region_side for item in self.report.injections)
        last = {}
        for item in self.report.injections:
            last[item.site.region_side] = item.at.astimezone(self.report.tz).date()
        return [
            SiteUse(capfirst(str(label)), counts[key], last[key])
            for key, label in REGION_SIDE_LABELS.items()
            if counts[key]
        ]

    @property
    def map_views(self):
        """The body map with the period's injections and the unhealed reactions. The
        patient sees their left on the left; the clinic faces them."""
        at = self.report.at
        return body_map(
            administered_by=Administrator.SELF if self.own else Administrator.CLINICIAN,
            at=at,
            tz=self.report.tz,
            recent=self.report.injections,
            unhealed=self.report.unhealed,
        )

    @property
    def reactions(self) -> list[tuple]:
        """Each site reaction of the period with how long it lasted, in words."""
        return [(item.reaction, healed_words(item.healed_after)) for item in self.report.reactions]

    @property
    def medicines(self) -> list[tuple]:
        """Each other medicine with what the leaflet warns of it, if anything."""
        return [
            (item.medicine, medicine_note(item.match, name=self.name))
            for item in self.report.medicines
        ]

    @property
    def blood(self) -> list[tuple]:
        """Each blood result with whether its neutrophil count is low."""
        return [
            (result, result.neutrophils is not None and neutrophils_low(result.neutrophils))
            for result in self.report.lab_results
        ]

    @cached_property
    def allergies(self) -> dict:
        return allergies_of(self.report.patient, name=self.name)

    @property
    def map_summary(self) -> str:
        count = len(self.report.injections)
        return ngettext(
            "%(count)d injection in the period; the table below lists them by place.",
            "%(count)d injections in the period; the table below lists them by place.",
            count,
        ) % {"count": count}


def healed_words(healed_after: timedelta | None) -> str:
    """How long a site reaction lasted: "healed after 3 days", or not yet."""
    if healed_after is None:
        return _("not healed yet")
    days = healed_after.days
    if days < 1:
        return _("healed within a day")
    return ngettext("healed after %(days)d day", "healed after %(days)d days", days) % {
        "days": days
    }
