"""How a site looks after a dose, reactions healing, areas to avoid, and undo
(services.skin and services.doses.undo_dose)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from injections.models import AvoidZone, SiteCheck, SiteReaction
from injections.reading.facts import past_injections
from injections.reading.sites import site_context
from injections.rules.checkin import site_question
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot, undo_dose
from injections.services.errors import ServiceError
from injections.services.skin import (
    add_avoid_zone,
    mark_healed,
    record_site_check,
    remove_avoid_zone,
)

GIVEN = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
THIGH = Site("thigh", "left", 60, 100)


pytestmark = pytest.mark.clock(GIVEN)


@pytest.fixture
def dose(regimen):
    return record_dose(
        regimen=regimen,
        taken_at=GIVEN,
        site=THIGH,
        administered_by="self",
        entered_by=regimen.patient.user,
        now=GIVEN,
    )


def test_a_site_that_looks_fine_is_recorded_without_a_reaction(dose):
    check = record_site_check(dose=dose, kinds=[], recorded_by=dose.patient.user)
    assert check.fine is True
    assert not SiteReaction.objects.exists()


def test_each_thing_seen_becomes_a_reaction_once(dose):
    check = record_site_check(
        dose=dose, kinds=["redness", "swelling", "redness"], recorded_by=dose.patient.user
    )
    assert check.fine is False
    assert sorted(SiteReaction.objects.values_list("kind", flat=True)) == ["redness", "swelling"]


def test_a_site_is_checked_once(dose):
    record_site_check(dose=dose, kinds=[], recorded_by=dose.patient.user)
    with pytest.raises(ServiceError, match="already recorded"):
        record_site_check(dose=dose, kinds=["pain"], recorded_by=dose.patient.user)
    assert SiteCheck.objects.count() == 1
    assert not SiteReaction.objects.exists()


def test_an_unknown_reaction_is_refused(dose):
    with pytest.raises(ServiceError, match="unknown reaction: burning"):
        record_site_check(dose=dose, kinds=["burning"], recorded_by=dose.patient.user)
    assert not SiteCheck.objects.exists()


def test_a_skipped_slot_has_no_site_to_check(regimen):
    skipped = skip_slot(
        regimen=regimen, slot_date=date(2026, 11, 3), reason="fever",
        entered_by=regimen.patient.user, now=GIVEN,
    )  # fmt: skip
    with pytest.raises(ServiceError, match="only the site of a dose"):
        record_site_check(dose=skipped, kinds=[], recorded_by=regimen.patient.user)


def test_an_extra_dose_s_site_is_asked_about_and_checked_like_any_injection(dose, clock):
    # It puts a needle in the skin like the day's dose (DESIGN §5): measured, its site
    # was marked checked without a question, and a check of it was refused.
    extra = record_dose(
        regimen=dose.regimen, taken_at=GIVEN + timedelta(minutes=30),
        site=Site("abdomen", "", 30, 30), administered_by="self",
        entered_by=dose.patient.user, extra=True, override_reason="a second one by mistake",
        now=GIVEN + timedelta(minutes=31),
    )  # fmt: skip
    later = GIVEN + timedelta(hours=13)
    clock.move_to(later)
    assert site_question(past_injections(dose.patient, at=later), at=later).dose_id == extra.pk
    check = record_site_check(dose=extra, kinds=["redness"], recorded_by=dose.patient.user)
    assert check.fine is False
    assert SiteReaction.objects.get().dose == extra


def test_a_reaction_keeps_its_area_out_of_use_until_healed(dose, clock):
    user = dose.patient.user
    record_site_check(dose=dose, kinds=["redness"], recorded_by=user)
    three_weeks_later = GIVEN + timedelta(days=21)
    clock.move_to(three_weeks_later)
    near = Site("thigh", "left", 60, 110)
    context = site_context(dose.patient, at=three_weeks_later)
    codes = [v.code for v in context.problems(near, "self")]
    # Still the previous injection, so too_close too; the reaction outlasts the rest days.
    assert codes == ["too_close", "unresolved_reaction"]

    assert mark_healed(dose=dose, resolved_by=user) == 1
    later = three_weeks_later + timedelta(minutes=1)
    clock.move_to(later)
    codes = [v.code for v in site_context(dose.patient, at=later).problems(near, "self")]
    assert codes == ["too_close"]


def test_marking_healed_twice_changes_nothing_the_second_time(dose):
    record_site_check(dose=dose, kinds=["pain"], recorded_by=dose.patient.user)
    assert mark_healed(dose=dose, resolved_by=dose.patient.user) == 1
    assert mark_healed(dose=dose, resolved_by=dose.patient.user) == 0


def test_an_avoid_zone_refuses_doses_inside_it(patient):
    add_avoid_zone(patient=patient, centre=THIGH, radius_mm=15, kind="scar",
                   created_by=patient.user)  # fmt: skip
    inside = Site("thigh", "left", 60, 110)
    context = site_context(patient, at=GIVEN + timedelta(minutes=1))
    codes = [v.code for v in context.problems(inside, "self")]
    assert codes == ["avoid_zone"]


@pytest.mark.parametrize(
    "options, message",
    [
        ({"radius_mm": 4}, "at least 0.5 cm"),
        ({"centre": Site("thigh", "left", 130, 10)}, "inside the region"),
        ({"kind": "mole"}, "vein, scar, tattoo, bruise or other"),
        ({"ends_on": date(2026, 11, 2)}, "end date has passed"),
    ],
)
def test_an_avoid_zone_explains_what_is_wrong(patient, options, message):
    values = {"centre": THIGH, "radius_mm": 10, "kind": "vein"} | options
    with pytest.raises(ServiceError, match=message):
        add_avoid_zone(patient=patient, created_by=patient.user, **values)
    assert not AvoidZone.objects.exists()


def test_a_removed_zone_is_kept_but_no_longer_avoided(patient, clock):
    zone = add_avoid_zone(patient=patient, centre=THIGH, radius_mm=15, kind="vein",
                          created_by=patient.user)  # fmt: skip
    clock.move_to(GIVEN + timedelta(hours=1))
    remove_avoid_zone(zone=zone)
    later = GIVEN + timedelta(hours=2)
    assert site_context(patient, at=later).problems(THIGH, "self") == []
    assert AvoidZone.objects.get().removed_at == GIVEN + timedelta(hours=1)


def test_undo_voids_a_fresh_record_and_keeps_it(dose):
    undone = undo_dose(dose=dose, user=dose.patient.user, now=GIVEN + timedelta(minutes=9))
    assert undone.voided_at == GIVEN + timedelta(minutes=9)
    assert undone.void_reason == "undone by who entered it"
    assert [r.action for r in undone.revisions.all()] == ["created", "voided"]


def test_undo_is_refused_after_ten_minutes(dose):
    with pytest.raises(ServiceError, match="last 10 minutes"):
        undo_dose(dose=dose, user=dose.patient.user, now=GIVEN + timedelta(minutes=11))
    dose.refresh_from_db()
    assert dose.voided_at is None


def test_only_who_entered_a_record_can_undo_it(dose, caregiver):
    with pytest.raises(ServiceError, match="only a record you entered"):
        undo_dose(dose=dose, user=caregiver, now=GIVEN + timedelta(minutes=1))
