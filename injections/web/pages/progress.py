"""The "Is it working?" chart (issue 12, item 4): each week's average pain, morning
stiffness and fatigue against the doses taken that week, with the start of treatment
and the two weeks after it marked. Drawn on the server as SVG (no charting script),
beside a table of the same figures for screen readers (and anyone who wants them).

The SVG draws the plot alone; every word of the chart is HTML around it
(templates/injections/_progress.html), laid out by a CSS grid of one column a week,
so that the words keep the page's size at any zoom (issue 15) instead of shrinking
with the drawing. Nothing here positions a word: the columns do.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from ...reading.scores import Progress, WeekProgress
from ...rules.scores import HIGHEST, SCALES
from ...text.scores import SCALE_LABELS, SCALE_SHORT, progress_summary, week_label, week_words

# The drawing is the plot and nothing else: the scales, the marks' words and the weeks
# are HTML beside it, lined up with its edges. 5:3 keeps the three levels of the
# scales apart (a line of words each) down to a 160 px wide plot.
LEFT, TOP = 0, 0
PLOT_WIDTH, PLOT_HEIGHT = 240, 144
WIDTH, HEIGHT = PLOT_WIDTH, PLOT_HEIGHT
# A week's number is shown under every column while the columns are wide enough for
# it, then under every 2nd, 3rd, 4th or 6th week from week 1 (CSS container queries
# on a column's width pick which; these are the steps it may take).
WEEK_LABEL_STEPS = (2, 3, 4, 6)
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
    """A day marked by a vertical line: the start, two weeks after it. Both fall on
    the first day of a week, so the line is the edge between two columns."""

    x: float
    label: str
    day: str
    anchor: str  # where its words go from the line: "start", "middle" or "end" (_anchor)
    edge: int  # the columns on the line's left: 0 at the start of the plot

    @property
    def holder(self) -> int:
        """The column whose cell holds the words: right of the line, or left of it."""
        return self.edge - 1 if self.anchor == "end" else self.edge


@dataclass(frozen=True)
class Column:
    x: float  # its middle
    label: str  # the week's number on the axis
    row: WeekProgress

    @property
    def words(self) -> str:
        return week_words(self.row.week.number, so_far=self.row.current)

    @property
    def label_steps(self) -> list[int]:
        """The steps of WEEK_LABEL_STEPS at which this week keeps its number: every
        2nd week is 1, 3, 5 (and −2 before them), every 3rd 1, 4, 7, and so on."""
        return [step for step in WEEK_LABEL_STEPS if (self.row.week.number - 1) % step == 0]

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
        return {"left": LEFT, "right": LEFT + PLOT_WIDTH, "top": TOP, "bottom": TOP + PLOT_HEIGHT}

    @property
    def mark_rows(self) -> list[list[dict]]:
        """The marks' words above the plot, a row each, so that they never run into
        one another: a cell a column, the one right (or left) of the mark's line
        holding its words, and the lines of this mark and of those above it drawn
        down the edges of their cells to the plot. Each cell: its `mark` (or None)
        and which of its edges carries a line (`line`: "left", "right" or "")."""
        rows = []
        for n, mark in enumerate(self.marks):
            above = self.marks[: n + 1]
            row = []
            for column in range(len(self.columns)):
                line = ""
                for each in above:
                    if each.holder == column:
                        line = "right" if each.anchor == "end" else "left"
                row.append({"mark": mark if mark.holder == column else None, "line": line})
            rows.append(row)
        return rows

    @property
    def scale_levels(self) -> list[dict]:
        """The levels as the scales beside the plot list them: the highest first."""
        return self.levels[::-1]


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
    columns = len(progress.rows)
    last = progress.rows[-1].week.last + timedelta(days=1)
    marks = []
    for day, label in ((progress.start, _("Start")), (progress.benefit_day, _("2 weeks"))):
        if day is None or not first <= day <= last:
            continue
        edge = (day - first).days // 7  # weeks begin on the start: a whole number
        anchor = _anchor(edge / columns)
        x = round(LEFT + step * edge, 1)
        marks.append(Mark(x, label, formats.date_format(day, "j M"), anchor, edge))
    return marks


def _anchor(along: float) -> str:
    """Where a mark's words go from its line, `along` the plot (0 to 1): right of it
    ("start") in the first 40 %, left of it ("end") in the last 20 %; in between
    ("middle") right of it too, but centred on it in a narrow chart, where neither
    side leaves room enough ("2 semanas" at 200 % zoom on a 390 px phone, measured
    in tests/browser/test_drawing_words.py). The scale on the right ("100 %") is the
    wider one: the right side has more room."""
    if along < 0.4:
        return "start"
    return "middle" if along < 0.8 else "end"
