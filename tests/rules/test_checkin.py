"""What the check-in asks about (injections/rules/checkin.py)."""

from datetime import UTC, datetime, timedelta

from injections.rules.checkin import site_question
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
