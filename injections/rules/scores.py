"""Is it working? (issue 12, item 4): the patient's daily scores of pain, morning
stiffness and fatigue, and how they go week by week beside the doses taken.

A score is how the patient feels on one of their own days, 0 (none) to 10 (the
worst); any of the three may be left out. It is given and changed on that day only:
a day's feeling said afterwards is a memory, not a measure. The weeks are counted
from the start of treatment, so that the chart can mark it and the two weeks after
which many notice the medicine working (DESIGN §2).
"""

from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

SCALES = ("pain", "stiffness", "fatigue")
LOWEST, HIGHEST = 0, 10
# The leaflet: "many notice it after about two weeks" (DESIGN §2).
BENEFIT_AFTER = timedelta(weeks=2)
WEEK = timedelta(weeks=1)
# How many weeks the chart shows at most: the latest ones, about three months, which
# fit a 320 px phone one column a week.
CHART_WEEKS = 12
# Who gives a score: the patient, or a caregiver saying what the patient tells them.
# Not the clinic's staff: the feeling is the patient's, and a clinician's own measures
# belong to the visit, not to the patient's day.
MAY_SCORE = frozenset({"patient", "caregiver"})


@dataclass(frozen=True)
class Scores:
    """One day's answers; None is a scale left out."""

    pain: int | None = None
    stiffness: int | None = None
    fatigue: int | None = None

    def given(self) -> dict[str, int]:
        """The scales answered, by name, in the order of SCALES."""
        pairs = zip(SCALES, astuple(self), strict=True)
        return {name: value for name, value in pairs if value is not None}


def day_of(at: datetime, tz: tzinfo) -> date:
    """The patient's day at instant `at`: their local date in `tz`, the zone their
    days are counted in (docs/decisions.md, "Time zones"). A score given then is that
    day's."""
    return at.astimezone(tz).date()


def may_score(role: str | None) -> bool:
    """Whether someone who sees the patient as `role` (None: not at all) may give or
    change the patient's scores: the patient, or a caregiver as the patient tells them."""
    return role in MAY_SCORE


def may_change(day: date, *, today: date) -> bool:
    """A day's scores can be given and changed on that day, and not after (nor before)."""
    return day == today


def score_refusal(scores: Scores, *, day: date, today: date) -> str | None:
    """Why these scores cannot be saved for `day` on the patient's `today`, as a code,
    or None: `day_gone` (that day is over: its scores stay as they are), `day_to_come`,
    `out_of_range` (a score not a whole number from 0 to 10) or `nothing_given`."""
    if day < today:
        return "day_gone"
    if day > today:
        return "day_to_come"
    given = scores.given()
    if any(not LOWEST <= value <= HIGHEST for value in given.values()):
        return "out_of_range"
    if not given:
        return "nothing_given"
    return None


@dataclass(frozen=True)
class Week:
    """A week of treatment: week 1 is the first seven days from the start date, weeks
    before the start are numbered 0, -1 and so on."""

    number: int
    first: date
    last: date

    @property
    def before_start(self) -> bool:
        return self.number <= 0


def week_number(day: date, *, start: date) -> int:
    """The week of treatment `day` falls in, counted from `start` (week 1)."""
    return (day - start).days // 7 + 1


def week(number: int, *, start: date) -> Week:
    first = start + (number - 1) * WEEK
    return Week(number, first, first + timedelta(days=6))


def chart_weeks(
    *, start: date, today: date, first_score: date | None, most: int = CHART_WEEKS
) -> list[Week]:
    """The weeks the chart shows: from the week of the start of treatment, or of the
    first score when it came earlier (a baseline), to the week of `today`, at most the
    `most` latest. Empty while treatment is still to start and nothing is scored."""
    begin = week_number(min(start, first_score or start), start=start)
    end = week_number(today, start=start)
    begin = max(begin, end - most + 1)
    return [week(number, start=start) for number in range(begin, end + 1)]


def benefit_day(start: date) -> date:
    """The day two weeks of treatment are over: where the chart marks "2 weeks"."""
    return start + BENEFIT_AFTER


def mean(values: Iterable[int]) -> Decimal | None:
    """The average, to one decimal rounded half up (as adherence is, DESIGN §6), or
    None for no values: a week without a score has no average, rather than 0."""
    values = list(values)
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class WeekScores:
    """A week's average of each scale over the days it was given, and on how many
    days any scale was."""

    pain: Decimal | None = None
    stiffness: Decimal | None = None
    fatigue: Decimal | None = None
    days: int = 0

    def of(self, scale: str) -> Decimal | None:
        return getattr(self, scale)


def weekly_scores(days: Mapping[date, Scores], weeks: Iterable[Week]) -> list[WeekScores]:
    """Each week's averages, from the scores of its days (`days`: by local date). A
    scale left out on a day counts for nothing that day, not as 0."""
    found = []
    for each in weeks:
        scored = [scores for day, scores in days.items() if each.first <= day <= each.last]
        averages = {
            scale: mean(v for s in scored if (v := getattr(s, scale)) is not None)
            for scale in SCALES
        }
        found.append(WeekScores(**averages, days=sum(1 for s in scored if s.given())))
    return found
