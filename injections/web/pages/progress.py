"""The "Is it working?" chart (issue 12, item 4): each week's average pain, morning
stiffness and fatigue against the doses taken that week, with the start of treatment
and the two weeks after it marked. Drawn on the server as SVG (no charting script),
beside a table of the same figures for screen readers (and anyone who wants them).

One SVG unit is about a CSS pixel on a 320 px phone: the plot keeps its width and
its columns share it, so the words stay the same size however many weeks it shows.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from ...reading.scores import Progress, WeekProgress
from ...rules.scores import HIGHEST, SCALES
from ...text.scores import SCALE_LABELS, SCALE_SHORT, progress_summary, week_label, week_words

LEFT, RIGHT, TOP, BOTTOM = 24, 38, 36, 32  # room for the scales, the marks and the weeks
PLOT_WIDTH, PLOT_HEIGHT = 240, 120
WIDTH, HEIGHT = LEFT + PLOT_WIDTH + RIGHT, TOP + PLOT_HEIGHT + BOTTOM
BAR_SHARE = 0.55  # of a week's column
# Each scale its colour, line and marker, so that colour never tells them apart alone.
SHAPES = {"pain": "circle", "stiffness": "square", "fatigue": "diamond"}


MARKER = 3.5  # half a marker's width


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str  # "Week 3: pain 4.5"

    @property
    def corner(self) -> tuple[float, float]:
        """The top left corner of a square marker."""
        return round(self.x - MARKER, 1), round(self.y - MARKER, 1)

    @property
    def diamond(self) -> str:
        """A diamond marker's path."""
        r = MARKER + 1
        return f"M{self.x} {round(self.y - r, 1)}l{r} {r} {-r} {r} {-r} {-r}z"


@dataclass(frozen=True)
class Line:
    scale: str
    shape: str
    label: str
    segments: list[str]  # polyline points, one run of weeks with a score each
    markers: list[Marker]

    @property
    def short(self) -> str:
        return str(SCALE_SHORT[self.scale])


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str


@dataclass(frozen=True)
class Mark:
    """A day marked by a vertical line: the start, two weeks after it."""

    x: float
    label: str
    day: str
    anchor: str  # where its words go from the line: "start" (right of it) or "end"

    @property
    def text_x(self) -> float:
        return round(self.x + (3 if self.anchor == "start" else -3), 1)


@dataclass(frozen=True)
class Column:
    x: float  # its middle
    label: str  # the week's number on the axis
    row: WeekProgress

    @property
    def words(self) -> str:
        return week_words(self.row.week.number, so_far=self.row.current)

    @property
    def dates(self) -> str:
        week = self.row.week
        same_month = week.first.month == week.last.month
        return _("%(first)s–%(last)s") % {
            "first": formats.date_format(week.first, "j" if same_month else "j M"),
            "last": formats.date_format(week.last, "j M"),
        }

    @property
    def starts_treatment(self) -> bool:
        return self.row.week.number == 1

    @property
    def ends_two_weeks(self) -> bool:
        return self.row.week.number == 2


@dataclass
class Chart:
    progress: Progress
    columns: list[Column] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def rows(self) -> list[WeekProgress]:
        return self.progress.rows

    @property
    def summary(self) -> str:
        return progress_summary(self.rows, start=self.progress.start)

    @property
    def levels(self) -> list[dict]:
        """The horizontal lines: scores 0, 5 and 10 on the left, 0, 50 and 100 % on
        the right (the doses are drawn on the same height, 10 standing for 100 %)."""
        return [
            {"y": _score_y(score), "score": score, "pct": score * 100 // HIGHEST}
            for score in (0, HIGHEST // 2, HIGHEST)
        ]

    @property
    def plot(self) -> dict:
        return {"left": LEFT, "right": LEFT + PLOT_WIDTH, "top": TOP,
                "bottom": TOP + PLOT_HEIGHT, "weeks_y": TOP + PLOT_HEIGHT + 15,
                "title_y": TOP + PLOT_HEIGHT + 29, "left_labels": LEFT - 4,
                "right_labels": LEFT + PLOT_WIDTH + 4}  # fmt: skip


def _score_y(score: Decimal | int) -> float:
    return round(TOP + PLOT_HEIGHT * (1 - float(score) / HIGHEST), 1)


def _pct_y(pct: Decimal) -> float:
    return round(TOP + PLOT_HEIGHT * (1 - float(pct) / 100), 1)


def chart(progress: Progress) -> Chart:
    """The drawing of `progress`, its columns oldest week first."""
    drawn = Chart(progress)
    rows = progress.rows
    if not rows:
        return drawn
    step = PLOT_WIDTH / len(rows)
    drawn.columns = [
        Column(round(LEFT + step * (n + 0.5), 1), week_label(row.week.number), row)
        for n, row in enumerate(rows)
    ]
    for column in drawn.columns:
        pct = column.row.counts.adherence_pct
        if pct is None:
            continue  # nothing was due that week: no bar, rather than an empty one
        width = round(step * BAR_SHARE, 1)
        drawn.bars.append(Bar(
            x=round(column.x - width / 2, 1), y=_pct_y(pct), width=width,
            height=round(PLOT_HEIGHT * float(pct) / 100, 1),
            label=_("%(week)s: %(pct)s %% of doses taken") % {
                "week": column.words, "pct": formats.number_format(pct, 1)},
        ))  # fmt: skip
    drawn.lines = [_line(scale, drawn.columns) for scale in SCALES]
    drawn.marks = _marks(progress, first=rows[0].week.first, step=step)
    return drawn


def _line(scale: str, columns: list[Column]) -> Line:
    """A scale's weekly averages joined week to week; a week without one breaks the
    line rather than bridging it."""
    segments, run, markers = [], [], []
    for column in columns:
        value = column.row.scores.of(scale)
        if value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        y = _score_y(value)
        run.append(f"{column.x},{y}")
        markers.append(Marker(column.x, y, _("%(week)s: %(scale)s %(value)s") % {
            "week": column.words, "scale": SCALE_LABELS[scale],
            "value": formats.number_format(value, 1)}))  # fmt: skip
    if run:
        segments.append(" ".join(run))
    # A lone week has nothing to join: its marker says it.
    segments = [points for points in segments if " " in points]
    return Line(scale, SHAPES[scale], str(SCALE_LABELS[scale]), segments, markers)


def _marks(progress: Progress, *, first: date, step: float) -> list[Mark]:
    """The start of treatment and the day its two weeks are over, where they fall
    within the weeks shown (the edge of the last week included)."""
    last = progress.rows[-1].week.last + timedelta(days=1)
    marks = []
    for day, label in ((progress.start, _("Start")), (progress.benefit_day, _("2 weeks"))):
        if day is None or not first <= day <= last:
            continue
        x = round(LEFT + step * (day - first).days / 7, 1)
        anchor = "end" if x > LEFT + PLOT_WIDTH - 30 else "start"
        marks.append(Mark(x, label, formats.date_format(day, "j M"), anchor))
    return marks
