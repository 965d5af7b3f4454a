"""The patient's daily scores read back (issue 12, item 4): the day's, and week by
week beside the doses taken (DESIGN §6), as the "Is it working?" chart shows them."""

from dataclasses import dataclass
from datetime import date, datetime

from ..models import DailyScore, Patient, Regimen
from ..rules.adherence import Adherence
from ..rules.scores import (
    CHART_WEEKS,
    Scores,
    Week,
    WeekScores,
    benefit_day,
    chart_weeks,
    week,
    week_number,
    weekly_scores,
)
from .adherence import recorded_outcomes, regimen_adherence


def scores_of(record: DailyScore) -> Scores:
    return Scores(record.pain, record.stiffness, record.fatigue)


def score_on(patient: Patient, day: date) -> DailyScore | None:
    """The patient's scores of local date `day`, with who saved them, if any."""
    return patient.daily_scores.filter(day=day).select_related("recorded_by").first()


@dataclass(frozen=True)
class WeekProgress:
    """One week of the chart: the doses of every regimen added up, as the clinic's
    review adds them, and the averages of the scores."""

    week: Week
    counts: Adherence
    scores: WeekScores
    current: bool = False  # the week of today: its figures are so far


@dataclass(frozen=True)
class Progress:
    start: date | None  # the start of treatment: the first regimen's start date
    today: date
    rows: list[WeekProgress]

    @property
    def benefit_day(self) -> date | None:
        """Two weeks after the start, when many notice the medicine working."""
        return None if self.start is None else benefit_day(self.start)

    @property
    def scored(self) -> bool:
        return any(row.scores.days for row in self.rows)


def progress(patient: Patient, *, at: datetime, today: date, regimens: list[Regimen]) -> Progress:
    """The weeks of treatment up to `today` (the patient's day at `at`), at most the
    CHART_WEEKS latest, with the week before the start when scores were given then.
    `regimens`: the patient's, first to start first (`reading.regimens.active_regimens`).
    Two queries, however long the treatment."""
    if not regimens:
        return Progress(None, today, [])
    start = regimens[0].start_date
    window = week(week_number(today, start=start) - CHART_WEEKS + 1, start=start)
    days = _scores_between(patient, window.first, today)
    weeks = chart_weeks(start=start, today=today, first_score=min(days, default=None))
    return Progress(start, today, _rows(weeks, days, at=at, today=today, regimens=regimens))


def progress_between(
    patient: Patient,
    *,
    first: date,
    last: date,
    at: datetime,
    today: date,
    regimens: list[Regimen],
) -> list[WeekProgress]:
    """The weeks of treatment that overlap local days `first` to `last`, whole, with
    the doses and the scores of each: the visit report's table. Two queries."""
    if not regimens:
        return []
    start = regimens[0].start_date
    weeks = [
        week(number, start=start)
        for number in range(week_number(first, start=start), week_number(last, start=start) + 1)
    ]
    days = _scores_between(patient, weeks[0].first, weeks[-1].last)
    rows = _rows(weeks, days, at=at, today=today, regimens=regimens)
    # Weeks before the start with no score say nothing.
    return [row for row in rows if not row.week.before_start or row.scores.days]


def _scores_between(patient: Patient, first: date, last: date) -> dict[date, Scores]:
    return {
        record.day: scores_of(record)
        for record in DailyScore.objects.filter(patient=patient, day__range=(first, last))
    }


def _rows(weeks, days, *, at: datetime, today: date, regimens) -> list[WeekProgress]:
    if not weeks:
        return []
    outcomes = recorded_outcomes(regimens, at=at, start=weeks[0].first, end=weeks[-1].last)
    rows = []
    for each, scores in zip(weeks, weekly_scores(days, weeks), strict=True):
        counts = sum(
            (
                regimen_adherence(
                    regimen, start=each.first, end=each.last, at=at, outcomes=outcomes[regimen.pk]
                )
                for regimen in regimens
            ),
            Adherence(),
        )
        rows.append(WeekProgress(each, counts, scores, current=each.last >= today))
    return rows
