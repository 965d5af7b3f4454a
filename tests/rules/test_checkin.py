"""What the check-in asks about (injections/rules/checkin.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from injections.rules.checkin import site_question, tells_benefit_timeline
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
