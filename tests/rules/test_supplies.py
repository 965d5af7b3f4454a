"""Syringes, the room-temperature clock, refills and sharps (rules/supplies.py)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from injections.rules.supplies import (
    SharpsState,
    Syringe,
    Usability,
    days_of_supply,
    first_to_expire,
    needs_refill,
    next_to_use,
    room_temperature_left,
    syringe_plan,
    syringes_per_dose,
    usability,
)

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)
DAY = timedelta(hours=24)


def syringe(id=1, expires_on=date(2027, 1, 31), out_hours_ago=None):
    out = None if out_hours_ago is None else NOW - timedelta(hours=out_hours_ago)
    return Syringe(id=id, expires_on=expires_on, out_of_fridge_at=out)


def state(s, limit=DAY):
    return usability(s, at=NOW, today=TODAY, limit=limit)


def test_a_syringe_in_the_fridge_has_no_clock_running():
    assert room_temperature_left(syringe(), at=NOW, limit=DAY) is None
    assert state(syringe()) == Usability.USABLE


@pytest.mark.parametrize(
    "hours_out, expected",
    [
        (0, Usability.USABLE),
        (19.99, Usability.USABLE),
        (20, Usability.WARM_SOON),  # four hours left
        (24, Usability.WARM_SOON),  # exactly 24 h is still within the limit
        (24.01, Usability.TOO_WARM),
        (30, Usability.TOO_WARM),
    ],
)
def test_the_room_temperature_clock_warns_then_refuses(hours_out, expected):
    assert state(syringe(out_hours_ago=hours_out)) == expected


def test_the_limit_is_the_medications_setting():
    assert state(syringe(out_hours_ago=30), limit=timedelta(hours=72)) == Usability.USABLE


@pytest.mark.parametrize(
    "expires_on, expected",
    [
        (date(2026, 11, 22), Usability.USABLE),
        (TODAY, Usability.USABLE),
        (date(2026, 11, 20), Usability.EXPIRED),
    ],  # fmt: skip
)
def test_a_syringe_past_its_expiry_date_is_refused(expires_on, expected):
    assert state(syringe(expires_on=expires_on)) == expected


def test_expiry_wins_over_a_running_clock():
    assert state(syringe(expires_on=date(2026, 11, 1), out_hours_ago=1)) == Usability.EXPIRED


def test_first_to_expire_picks_the_earliest_usable_expiry():
    pick = first_to_expire(
        [syringe(1, date(2027, 3, 1)), syringe(2, date(2027, 1, 1)), syringe(3, date(2026, 11, 1))],
        at=NOW, today=TODAY, limit=DAY,
    )  # fmt: skip
    assert pick.id == 2  # 3 is expired


def test_a_syringe_already_out_of_the_fridge_goes_first():
    pick = first_to_expire(
        [syringe(1, date(2027, 1, 1)), syringe(2, date(2027, 6, 1), out_hours_ago=2)],
        at=NOW, today=TODAY, limit=DAY,
    )  # fmt: skip
    assert pick.id == 2


def test_ties_go_to_the_lowest_id():
    pick = first_to_expire([syringe(7), syringe(3), syringe(5)], at=NOW, today=TODAY, limit=DAY)
    assert pick.id == 3


def test_no_usable_syringe_means_none():
    assert first_to_expire(
        [syringe(1, out_hours_ago=25), syringe(2, expires_on=date(2026, 1, 1))],
        at=NOW, today=TODAY, limit=DAY,
    ) is None  # fmt: skip


@pytest.mark.parametrize(
    "dose, strength, per_dose",
    [("100", "100", 1), ("50", "100", 1), ("150", "100", 2), ("200", "100", 2), ("0.5", "100", 1)],
)
def test_a_dose_uses_whole_syringes(dose, strength, per_dose):
    assert syringes_per_dose(Decimal(dose), Decimal(strength)) == per_dose


@pytest.mark.parametrize(
    "syringes, dose, interval, days",
    [(7, "100", 1, 7), (7, "100", 2, 14), (5, "150", 1, 2), (0, "100", 1, 0), (1, "200", 1, 0)],
)
def test_days_of_supply_follow_the_rhythm(syringes, dose, interval, days):
    assert days_of_supply(syringes, dose_mg=Decimal(dose), strength_mg=Decimal("100"),
                          interval_days=interval) == days  # fmt: skip


@pytest.mark.parametrize("days, refill", [(0, True), (2, True), (3, False), (10, False)])
def test_a_refill_is_due_under_three_days_of_supply(days, refill):
    assert needs_refill(days) is refill


def test_the_threshold_is_per_patient():
    assert needs_refill(4, threshold=5) is True


@pytest.mark.parametrize(
    "used, nearly, full",
    [
        (0, False, False),
        (14, False, False),
        (15, True, False),
        (19, True, False),
        (20, True, True),
    ],  # fmt: skip
)
def test_the_sharps_container_warns_at_three_quarters(used, nearly, full):
    sharps = SharpsState(capacity=20, used=used)
    assert (sharps.nearly_full, sharps.full) == (nearly, full)


# A dose of several syringes, or of part of one (DESIGN §2: each used once)


@pytest.mark.parametrize(
    "dose, count, last, left",
    [
        ("100", 1, "100", "0"),
        ("200", 2, "100", "0"),
        ("50", 1, "50", "50"),
        ("150", 2, "50", "50"),
        ("100.5", 2, "0.5", "99.5"),
        ("300", 3, "100", "0"),
    ],
)
def test_a_dose_is_drawn_from_whole_syringes_and_what_is_left_is_not_injected(
    dose, count, last, left
):
    plan = syringe_plan(Decimal(dose), Decimal("100"))

    assert (plan.count, plan.last_mg, plan.left_mg) == (count, Decimal(last), Decimal(left))
    assert plan.count * plan.strength_mg - plan.left_mg == Decimal(dose)
    assert plan.whole is (left == "0")


def test_only_one_whole_syringe_is_plain():
    assert syringe_plan(Decimal("100"), Decimal("100")).plain
    assert not syringe_plan(Decimal("200"), Decimal("100")).plain
    assert not syringe_plan(Decimal("50"), Decimal("100")).plain


def test_a_dose_of_two_uses_the_two_first_to_expire_that_are_usable():
    syringes = [
        syringe(1, expires_on=date(2027, 3, 1)),
        syringe(2, expires_on=date(2027, 1, 1)),
        syringe(3, expires_on=date(2026, 11, 1)),  # expired
        syringe(4, expires_on=date(2027, 6, 1), out_hours_ago=2),  # its clock is running
    ]

    picked = next_to_use(syringes, count=2, at=NOW, today=TODAY, limit=DAY)

    assert [s.id for s in picked] == [4, 2]
    assert first_to_expire(syringes, at=NOW, today=TODAY, limit=DAY).id == 4


def test_fewer_usable_syringes_than_the_dose_needs_are_all_it_gets():
    syringes = [syringe(1), syringe(2, out_hours_ago=30)]

    assert [s.id for s in next_to_use(syringes, count=2, at=NOW, today=TODAY, limit=DAY)] == [1]
    # The EU label's 72 hours keep the second one usable.
    assert [s.id for s in next_to_use(syringes, count=2, at=NOW, today=TODAY,
                                      limit=3 * DAY)] == [2, 1]  # fmt: skip
