"""What the check-in asks about (injections/rules/checkin.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from injections.rules.checkin import may_correct, site_question, tells_benefit_timeline
from injections.rules.geometry import Site
from injections.rules.sites import PastInjection

AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
THIGH = Site("thigh", "left", 60, 60)


def given(hours_ago: float, **facts) -> PastInjection:
    return PastInjection(THIGH, AT - timedelta(hours=hours_ago), **facts)


def test_it_asks_about_the_latest_injection_given_12_hours_to_a_week_ago():
    history = [given(48), given(24), given(2)]
    assert site_question(history, at=AT) == history[1]
    assert site_question([given(11)], at=AT) is None
    assert site_question([given(24 * 7 + 1)], at=AT) is None


def test_it_does_not_ask_again_once_the_look_is_recorded():
    assert site_question([given(24, site_checked=True)], at=AT) is None


def test_it_does_not_ask_about_a_site_listed_as_still_healing():
    """Measured: "How does the site from Tuesday look?" about a site already listed
    under "Sites still healing" (a reaction noted elsewhere, its look not asked)."""
    assert site_question([given(24, reaction_unresolved=True)], at=AT) is None
    assert site_question([given(24, reaction_unresolved=False)], at=AT) is not None


# When the medicine starts to work (DESIGN §2), said in the first six weeks


@pytest.mark.parametrize(
    "today, told",
    [
        (date(2026, 10, 30), True),  # before the first dose
        (date(2026, 11, 1), True),  # the first day
        (date(2026, 12, 12), True),  # the last day of the sixth week
        (date(2026, 12, 13), False),  # six weeks on
        (date(2027, 6, 1), False),
    ],
)
def test_the_benefit_timeline_is_told_in_the_first_six_weeks(today, told):
    assert tells_benefit_timeline(first_start=date(2026, 11, 1), today=today) is told


def test_no_timeline_without_a_regimen():
    assert not tells_benefit_timeline(first_start=None, today=date(2026, 11, 1))


ALICE, CAROL, DEE = 1, 2, 3


@pytest.mark.parametrize(
    ("role", "user", "allowed"),
    [
        ("patient", ALICE, True),  # her own log, whoever entered the record
        ("clinician", DEE, True),  # her clinic's staff
        ("caregiver", CAROL, True),  # a record carol entered herself
        ("caregiver", 4, False),  # another caregiver, who only sees it
        (None, CAROL, False),  # carol after her link ended: she no longer sees alice
    ],
)
def test_the_author_the_patient_and_her_clinic_may_correct_a_record(role, user, allowed):
    assert may_correct(role=role, entered_by=CAROL, user=user) is allowed


def test_a_caregiver_may_not_correct_a_record_the_patient_entered():
    assert may_correct(role="caregiver", entered_by=ALICE, user=CAROL) is False
    assert may_correct(role="patient", entered_by=ALICE, user=ALICE) is True
