"""Giving the day's scores (services/scores.py) and reading them back week by week
(reading/scores.py), issue 12 item 4.

Alice injects anakinra daily at 08:00 Europe/London from Sunday 1 November 2026; in
November London's local time is UTC. Week 1 of her treatment is 1 to 7 November.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from injections.models import DailyScore
from injections.reading.adherence import adherence_rows
from injections.reading.regimens import active_regimens
from injections.reading.scores import progress, score_on
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.errors import NotPermitted
from injections.services.scores import ScoresRefused, record_scores
from tests.conftest import make_patient


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


pytestmark = pytest.mark.clock(at(3, 19))


@pytest.fixture
def score(patient, clock):
    """Alice gives her scores of `day` at `when` (default: that day at 19:00)."""

    def score(day=3, when=None, by=None, **values):
        when = when or at(day, 19)
        clock.move_to(when)
        return record_scores(
            patient=patient, day=nov(day), recorded_by=by or patient.user, now=when, **values
        )

    return score


# Once a day, changed that day


def test_a_score_is_saved_for_the_day_with_who_gave_it_and_when(score, patient):
    saved = score(pain=3, stiffness=5, fatigue=2)
    assert (saved.day, saved.pain, saved.stiffness, saved.fatigue) == (nov(3), 3, 5, 2)
    assert saved.recorded_by == patient.user
    assert saved.recorded_at == at(3, 19)


def test_a_scale_may_be_left_out(score):
    saved = score(pain=4)
    assert (saved.pain, saved.stiffness, saved.fatigue) == (4, None, None)


def test_a_score_is_saved_once_per_day_and_a_second_time_changes_it(score, patient):
    first = score(pain=7, stiffness=8, fatigue=6)
    again = score(when=at(3, 21, 30), pain=5, stiffness=8)
    assert DailyScore.objects.filter(patient=patient).count() == 1
    assert again.pk == first.pk
    # The day's answers, said last: fatigue left out this time is left out.
    assert (again.pain, again.stiffness, again.fatigue) == (5, 8, None)
    assert again.recorded_at == at(3, 21, 30)


def test_a_score_can_be_changed_until_the_patients_midnight_and_not_after(score, patient):
    score(pain=7)
    score(when=at(3, 23, 59), pain=6)  # still Tuesday
    with pytest.raises(ScoresRefused) as refused:
        score(when=at(4, 0, 1), pain=2)  # Tuesday's page, after midnight
    assert refused.value.code == "day_gone"
    assert "Tuesday 3 November is over" in str(refused.value)
    assert score_on(patient, nov(3)).pain == 6


def test_a_days_scores_cannot_be_given_afterwards_either(score, patient):
    with pytest.raises(ScoresRefused):
        score(day=2, when=at(3, 9), pain=4)
    assert not DailyScore.objects.exists()


def test_nor_for_a_day_to_come(score):
    with pytest.raises(ScoresRefused) as refused:
        score(day=4, when=at(3, 22), pain=4)
    assert refused.value.code == "day_to_come"


def test_the_day_is_the_patients_in_their_own_zone(db, clock):
    """In Auckland (UTC+13 in November) 12:00 UTC on the 3rd is already 01:00 on the 4th:
    the 4th is the day to score, and the 3rd is over."""
    kiri = make_patient("kiri", time_zone="Pacific/Auckland")
    clock.move_to(at(3, 12))
    with pytest.raises(ScoresRefused):
        record_scores(patient=kiri, day=nov(3), recorded_by=kiri.user, pain=3)
    saved = record_scores(patient=kiri, day=nov(4), recorded_by=kiri.user, pain=3)
    assert saved.day == nov(4)


@pytest.mark.parametrize(
    ("values", "code"),
    [({}, "nothing_given"), ({"pain": 11}, "out_of_range"), ({"fatigue": -1}, "out_of_range")],
)
def test_scores_that_say_nothing_or_are_off_the_scale_are_refused(score, values, code):
    with pytest.raises(ScoresRefused) as refused:
        score(**values)
    assert refused.value.code == code
    assert not DailyScore.objects.exists()


def test_the_database_keeps_one_row_per_day_and_scores_from_0_to_10(patient):
    def row(**values):
        with transaction.atomic():
            DailyScore.objects.create(patient=patient, day=nov(3), recorded_by=patient.user,
                                      **values)  # fmt: skip

    row(pain=3)
    with pytest.raises(IntegrityError):
        row(pain=4)
    DailyScore.objects.all().delete()
    for values in ({"pain": 11}, {"stiffness": 12}, {}):
        with pytest.raises(IntegrityError):
            row(**values)


# Who gives them


def test_a_caregiver_gives_them_as_the_patient_tells_them(score, patient, caregiver):
    saved = score(pain=4, by=caregiver)
    assert saved.recorded_by == caregiver
    # Alice changes them later that day: she said it last.
    assert score(when=at(3, 20), pain=3).recorded_by == patient.user


def test_the_clinic_and_anyone_else_may_not(score, clinician, outsider):
    for someone in (clinician, outsider):
        with pytest.raises(NotPermitted):
            score(pain=4, by=someone)
    assert not DailyScore.objects.exists()


# Week by week, beside the doses


def test_the_weeks_average_the_scores_beside_the_doses_taken(patient, regimen, score, clock):
    """Scores on three days of week 1 and two of week 2; doses on four days of week 1."""
    for day in (1, 2, 4, 6):
        clock.move_to(at(day, 8, 1))
        record_dose(regimen=regimen, taken_at=at(day, 8), entered_by=patient.user,
                    site=Site("thigh", "left", 60, 30 * day), administered_by="self")  # fmt: skip
    score(day=1, pain=7, stiffness=8, fatigue=6)
    score(day=3, pain=6, stiffness=8)
    score(day=5, pain=8, fatigue=5)
    score(day=9, pain=4, stiffness=4, fatigue=3)
    score(day=10, pain=3, stiffness=5, fatigue=4)
    now = at(10, 21)
    clock.move_to(now)

    found = progress(patient, at=now, today=nov(10), regimens=list(active_regimens(patient)))
    assert found.start == nov(1) and found.benefit_day == nov(15)
    assert [row.week.number for row in found.rows] == [1, 2]
    first, second = found.rows
    assert (first.scores.pain, first.scores.stiffness, first.scores.fatigue) == (
        Decimal("7.0"), Decimal("8.0"), Decimal("5.5"))  # fmt: skip
    assert first.scores.days == 3
    assert (second.scores.pain, second.scores.stiffness, second.scores.fatigue) == (
        Decimal("3.5"), Decimal("4.5"), Decimal("3.5"))  # fmt: skip
    assert (first.counts.scheduled, first.counts.taken) == (7, 4)
    # Week 2 so far: the 8th to the 10th, today's dose missing, and nothing taken.
    assert (second.counts.scheduled, second.counts.taken) == (3, 0)
    assert second.current and not first.current
    # The one adherence computation (DESIGN §6) says the same of week 1.
    [row] = adherence_rows([patient], start=nov(1), end=nov(7), at=now)
    assert row.counts == first.counts


def test_a_baseline_before_the_start_shows_as_its_own_week(db, clock):
    ruth = make_patient("ruth", start_date=nov(10))
    clock.move_to(at(5, 20))
    record_scores(patient=ruth, day=nov(5), recorded_by=ruth.user, pain=8)
    clock.move_to(at(12, 20))
    record_scores(patient=ruth, day=nov(12), recorded_by=ruth.user, pain=6)

    found = progress(ruth, at=at(12, 20), today=nov(12), regimens=list(active_regimens(ruth)))
    assert [(row.week.number, row.scores.pain) for row in found.rows] == [
        (0, Decimal("8.0")), (1, Decimal("6.0"))]  # fmt: skip
    assert found.rows[0].counts.scheduled == 0  # nothing was due before the start


def test_nothing_to_show_before_treatment_starts_or_without_a_regimen(db, clock):
    later = make_patient("lena", start_date=nov(20))
    regimens = list(active_regimens(later))
    assert progress(later, at=at(3, 19), today=nov(3), regimens=regimens).rows == []
    found = progress(later, at=at(3, 19), today=nov(3), regimens=[])
    assert found.rows == [] and found.start is None


def test_a_long_treatment_shows_its_latest_twelve_weeks_in_two_queries(
    patient, clock, django_assert_num_queries
):
    regimens = list(active_regimens(patient))
    today = nov(1) + timedelta(days=200)
    now = datetime.combine(today, time(20), tzinfo=UTC)
    clock.move_to(now)
    record_scores(patient=patient, day=today, recorded_by=patient.user, pain=2)
    with django_assert_num_queries(2):
        found = progress(patient, at=now, today=today, regimens=regimens)
    assert len(found.rows) == 12
    assert found.rows[-1].scores.pain == Decimal("2.0")
