"""Doses week by week, drawn (issue 12, item 5): the clinic review's sparkline of each
patient's last 12 weeks, and the patient page's bars of each week's doses, told
apart as on time, late, skipped, missed and still open (DESIGN §6).

Drawn on the server as SVG with no words inside but its <title>s: the words (the
weeks' dates, the legend) are HTML beside it, so that they keep their size at any
zoom, as on the body map. Every drawing has its text alternative: a sentence for
the sparkline, a table for the bars.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...reading.adherence import WeekCounts
from ...reading.scores import Progress
from ...rules.adherence import ADHERENT_PCT, Adherence

# The sparkline: a bar a week, in a table cell. One SVG unit is one CSS pixel.
SPARK_STEP, SPARK_BAR, SPARK_HEIGHT = 8, 6, 32
# The patient page's bars: stretched to the width of the page (preserveAspectRatio
# "none"), so that their columns line up with the HTML row of dates below them.
BAR_STEP, BAR_WIDTH, BAR_HEIGHT = 20, 14, 100
# Bottom to top: what was taken, then what was not.
SPARK_PARTS = ("on_time", "late")
BAR_PARTS = ("on_time", "late", "skipped", "missed", "open")


@dataclass(frozen=True)
class Segment:
    part: str  # on_time, late, skipped, missed or open
    y: float
    height: float


@dataclass(frozen=True)
class WeekBar:
    first: date
    last: date
    counts: Adherence
    x: float
    width: float
    segments: list[Segment]
    label: str  # the week in words, its <title>
    current: bool = False  # the week of today: so far

    @property
    def due(self) -> bool:
        return bool(self.counts.scheduled)

    @property
    def day(self) -> str:
        return formats.date_format(self.first, "j")

    @property
    def month(self) -> str:
        return formats.date_format(self.first, "M")

    @property
    def dates(self) -> str:
        return dates(self.first, self.last)


def dates(first: date, last: date) -> str:
    """A week's dates: 17–23 Aug, 28 Sep–4 Oct."""
    return _("%(first)s–%(last)s") % {
        "first": formats.date_format(first, "j" if first.month == last.month else "j M"),
        "last": formats.date_format(last, "j M"),
    }


def _stack(counts: Adherence, parts: tuple[str, ...], *, height: float) -> list[Segment]:
    """The parts of a week's bar from the bottom, each as tall as its share of the doses
    due (the whole height is all of them); a part of none is left out."""
    segments, below = [], 0
    for part in parts:
        count = getattr(counts, part)
        if not count:
            continue
        bottom = height * (1 - below / counts.scheduled)
        below += count
        top = height * (1 - below / counts.scheduled)
        segments.append(Segment(part, round(top, 1), round(bottom - top, 1)))
    return segments


def _pct(value: Decimal) -> str:
    """A percentage to the whole number, rounded half up as the figures are."""
    return formats.number_format(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)


def week_words(counts: Adherence) -> str:
    """What a week's bar says: 6 of 7 doses taken, 2 of them late, 1 missed."""
    if not counts.scheduled:
        return _("no dose due")
    words = [
        ngettext(
            "%(taken)s of %(scheduled)s dose taken",
            "%(taken)s of %(scheduled)s doses taken",
            counts.scheduled,
        ) % {"taken": counts.taken, "scheduled": counts.scheduled}
    ]  # fmt: skip
    if counts.late:
        words.append(ngettext("%(count)s of them late", "%(count)s of them late", counts.late)
                     % {"count": counts.late})  # fmt: skip
    if counts.skipped:
        words.append(ngettext("%(count)s skipped", "%(count)s skipped", counts.skipped)
                     % {"count": counts.skipped})  # fmt: skip
    if counts.missed:
        words.append(ngettext("%(count)s missed", "%(count)s missed", counts.missed)
                     % {"count": counts.missed})  # fmt: skip
    if counts.open:  # the slot of today, or of last night not closed yet
        words.append(ngettext("%(count)s still open", "%(count)s still open", counts.open)
                     % {"count": counts.open})  # fmt: skip
    return ", ".join(words)


# The review's sparkline


@dataclass
class Sparkline:
    bars: list[WeekBar] = field(default_factory=list)
    width: int = 0
    height: int = SPARK_HEIGHT
    threshold_y: float = round(SPARK_HEIGHT * (1 - float(ADHERENT_PCT) / 100), 1)

    @property
    def late_weeks(self) -> int:
        return sum(1 for bar in self.bars if bar.counts.late)

    @property
    def label(self) -> str:
        """The trend in words, the drawing's accessible name: Adherence week by week
        over the last 12 weeks, oldest first: 3 weeks with none due, 100 %, 86 %, …
        Late doses in 2 weeks."""
        values, idle = [], 0
        for bar in self.bars:
            if not bar.due:
                idle += 1
                continue
            if idle:
                values.append(_idle(idle))
                idle = 0
            values.append(f"{_pct(bar.counts.adherence_pct)} %")
        if idle:
            values.append(_idle(idle))
        words = _(
            "Adherence week by week over the last %(count)s weeks, oldest first: %(values)s."
        ) % {"count": len(self.bars), "values": ", ".join(values)}
        late = self.late_weeks
        if late:
            words += " " + ngettext(
                "Late doses in %(count)s week.", "Late doses in %(count)s weeks.", late
            ) % {"count": late}
        else:
            words += " " + _("No late dose.")
        return words


def _idle(weeks: int) -> str:
    return ngettext("%(count)s week with none due", "%(count)s weeks with none due", weeks) % {
        "count": weeks
    }


def sparkline(weeks: list[WeekCounts]) -> Sparkline:
    """A patient's weeks as a bar each, oldest first: on time at the bottom, late above
    it, the rest of the week's doses an empty track up to the top."""
    drawn = Sparkline(width=SPARK_STEP * len(weeks))
    for n, each in enumerate(weeks):
        counts = each.counts
        drawn.bars.append(WeekBar(
            first=each.first, last=each.last, counts=counts,
            x=n * SPARK_STEP + (SPARK_STEP - SPARK_BAR) / 2, width=SPARK_BAR,
            segments=_stack(counts, SPARK_PARTS, height=SPARK_HEIGHT) if counts.scheduled else [],
            label=_("%(dates)s: %(words)s") % {
                "dates": dates(each.first, each.last), "words": week_words(counts)},
        ))  # fmt: skip
    return drawn


# The patient page's bars


@dataclass
class WeeklyBars:
    bars: list[WeekBar] = field(default_factory=list)
    width: int = 0
    height: int = BAR_HEIGHT
    threshold_y: float = round(BAR_HEIGHT * (1 - float(ADHERENT_PCT) / 100), 1)

    @property
    def summary(self) -> str:
        """The drawing's accessible name: what it shows and its latest full week."""
        shown = [bar for bar in self.bars if bar.due]
        words = ngettext(
            "Doses week by week over %(count)s week: on time, late, skipped and missed.",
            "Doses week by week over %(count)s weeks: on time, late, skipped and missed.",
            len(self.bars),
        ) % {"count": len(self.bars)}
        if shown:
            latest = shown[-1]
            words += " " + _("Latest, week of %(day)s: %(words)s.") % {
                "day": formats.date_format(latest.first, "j M"),
                "words": week_words(latest.counts),
            }
        return words

    @property
    def labels(self) -> list[dict]:
        """The dates under the bars: each week's first day, with its month where the
        month changes (and under the first)."""
        found, month = [], None
        for bar in self.bars:
            found.append({"day": bar.day, "month": bar.month if bar.first.month != month else ""})
            month = bar.first.month
        return found


def weekly_bars(progress: Progress) -> WeeklyBars:
    """The weeks of the "Is it working?" chart (`reading.scores.progress`) as stacked
    bars, each as tall as all its doses due: on time, late, skipped, missed, open."""
    rows = progress.rows
    drawn = WeeklyBars(width=BAR_STEP * len(rows))
    for n, row in enumerate(rows):
        counts = row.counts
        label = _("Week of %(day)s: %(words)s") % {
            "day": formats.date_format(row.week.first, "j M"),
            "words": week_words(counts),
        }
        drawn.bars.append(WeekBar(
            first=row.week.first, last=row.week.last, counts=counts,
            x=n * BAR_STEP + (BAR_STEP - BAR_WIDTH) / 2, width=BAR_WIDTH,
            segments=_stack(counts, BAR_PARTS, height=BAR_HEIGHT) if counts.scheduled else [],
            label=label, current=row.current,
        ))  # fmt: skip
    return drawn
