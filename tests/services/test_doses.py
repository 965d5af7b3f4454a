"""The one write path of the dose log: record_dose, skip_slot, correct_dose and
void_dose (DESIGN §4, §5, §7), and the history they read "as of" an instant.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from 2026-11-01. London
keeps GMT in November, so its local times are UTC times: the slot of day D opens at
05:00, is on time until 10:00 and closes at 20:00; the next one opens at 05:00.
"""

import threading
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from injections.models import AvoidZone, Dose, Medication, Regimen, SiteReaction
from injections.reading import facts as history
from injections.reading.sites import site_context
from injections.rules.geometry import Administrator, Site
from injections.rules.schedule import SkipKind, attribute_dose, skip_kind
from injections.services.doses import (
    correct_dose,
    record_dose,
    skip_slot,
    void_dose,
    withdraw_skip,
)
from injections.services.errors import DoseRefused, ServiceError, SlotAlreadyRecorded
from injections.services.patients import create_regimen


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


THIGH = Site("thigh", "left", 60, 100)
ONE_CM_AWAY = Site("thigh", "left", 70, 100)
ABDOMEN = Site("abdomen", "", 30, 30)
UPPER_ARM = Site("upper_arm", "left", 40, 60)


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def log(clock):
    """Record a dose as a person would: by default entered a minute after it was
    taken, with the clock showing that minute."""

    def log(regimen, taken_at, site=THIGH, by=Administrator.SELF, *, now=None, **options):
        now = now or taken_at + timedelta(minutes=1)
        clock.move_to(now)
        options.setdefault("entered_by", regimen.patient.user)
        return record_dose(
            regimen=regimen, taken_at=taken_at, site=site, administered_by=by, now=now, **options
        )

    return log


@pytest.fixture
def skip(clock):
    def skip(regimen, day, *, now, reason="stomach bug"):
        clock.move_to(now)
        return skip_slot(
            regimen=regimen, slot_date=day, reason=reason, entered_by=regimen.patient.user, now=now
        )

    return skip


@pytest.fixture
def void(clock):
    def void(dose, *, now, reason="entered for the wrong day"):
        clock.move_to(now)
        return void_dose(dose=dose, voided_by=dose.patient.user, reason=reason, now=now)

    return void


@pytest.fixture
def correct(clock):
    """correct_dose takes no `now`: it reads the clock, which this moves first."""

    def correct(dose, *, now, reason="tapped the wrong spot", **changes):
        clock.move_to(now)
        return correct_dose(dose=dose, changed_by=dose.patient.user, reason=reason, **changes)

    return correct


@pytest.fixture
def methotrexate(patient):
    """A second regimen beside anakinra: methotrexate on Mondays at 09:00."""
    Medication.objects.create(
        short_name="methotrexate",
        name="Methotrexate",
        strength_mg=Decimal("15"),
        volume_ml=Decimal("0.3"),
    )
    return create_regimen(
        patient=patient,
        medication="methotrexate",
        dose_mg=None,
        rrule="FREQ=WEEKLY;BYDAY=MO",
        time_of_day=time(9, 0),
        time_zone="Europe/London",
        start_date=nov(1),
        created_by=patient.user,
    )


def codes(refused) -> list[str]:
    return refused.value.codes


# record_dose: the slot


def test_it_records_a_dose_in_the_open_slot(log, regimen, patient):
    dose = log(regimen, at(3, 8))

    dose.refresh_from_db()
    assert dose.slot_date == nov(3)
    assert dose.status == Dose.Status.TAKEN
    assert dose.taken_at == at(3, 8)
    assert dose.dose_mg == Decimal("100")
    assert dose.site == THIGH
    assert dose.administered_by == Administrator.SELF
    assert dose.entered_by == patient.user
    assert dose.entered_at == at(3, 8, 1)
    assert (dose.flags, dose.reason, dose.version, dose.voided_at) == ([], "", 1, None)


def test_it_writes_a_created_revision_holding_the_record_as_entered(log, regimen, patient):
    dose = log(regimen, at(3, 8))

    [revision] = dose.revisions.all()
    assert (revision.version, revision.action, revision.changed_by) == (1, "created", patient.user)
    assert revision.reason == ""
    assert revision.data == dose.snapshot()
    assert revision.data["x_mm"] == 60


@pytest.mark.parametrize(
    "taken_at",
    [at(3, 5), at(3, 8), at(3, 14), at(3, 19, 59)],
    ids=["as it opens", "on time", "late", "just before it closes"],
)
def test_a_dose_belongs_to_the_slot_open_when_it_was_taken(log, regimen, taken_at):
    assert log(regimen, taken_at).slot_date == nov(3)


def test_it_records_who_gave_the_dose_and_who_entered_it(log, regimen, caregiver):
    dose = log(regimen, at(3, 8), UPPER_ARM, Administrator.CAREGIVER, entered_by=caregiver)

    assert dose.administered_by == Administrator.CAREGIVER
    assert dose.entered_by == caregiver
    assert dose.flags == []


def test_it_records_the_dose_given_when_it_differs_from_the_regimen(log, regimen):
    dose = log(regimen, at(3, 8), dose_mg=Decimal("50"))
    dose.refresh_from_db()
    assert dose.dose_mg == Decimal("50")


@pytest.mark.parametrize(
    "override_reason", ["", "I took a second syringe by mistake"], ids=["plain", "overriding"]
)
def test_it_refuses_a_second_dose_for_the_same_slot(log, regimen, override_reason):
    log(regimen, at(3, 8))

    with pytest.raises(SlotAlreadyRecorded, match="Tuesday 3 November 2026: never a double dose"):
        log(regimen, at(3, 9), ABDOMEN, override_reason=override_reason)
    assert Dose.objects.filter(regimen=regimen).count() == 1


def test_a_dose_entered_twice_is_refused_as_already_recorded_not_as_too_close(log, regimen):
    # Sent twice from two devices: the person must hear "already recorded", not be
    # invited to override a site rule for a dose that cannot be recorded anyway.
    log(regimen, at(3, 8), THIGH)

    with pytest.raises(SlotAlreadyRecorded):
        log(regimen, at(3, 8, 5), THIGH)


def test_the_database_refuses_a_second_live_outcome_for_a_slot(log, regimen, patient):
    first = log(regimen, at(3, 8))
    second = Dose(
        patient=patient,
        regimen=regimen,
        slot_date=first.slot_date,
        status=Dose.Status.TAKEN,
        taken_at=at(3, 9),
        dose_mg=Decimal("100"),
        region="abdomen",
        side="",
        x_mm=30,
        y_mm=30,
        administered_by=Administrator.SELF,
        entered_by=patient.user,
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert Dose.objects.filter(regimen=regimen).count() == 1


def test_a_voided_outcome_steps_aside_in_the_database(log, void, regimen, patient):
    first = log(regimen, at(3, 8))
    void(first, now=at(3, 9))

    Dose.objects.create(
        patient=patient,
        regimen=regimen,
        slot_date=first.slot_date,
        status=Dose.Status.SKIPPED,
        reason="the first entry was for the wrong day",
        entered_by=patient.user,
    )
    assert Dose.objects.filter(regimen=regimen, slot_date=nov(3)).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a real race needs concurrent transactions"
)
def test_two_devices_logging_the_same_slot_at_once_record_one_dose(regimen, patient, caregiver):
    start = threading.Barrier(2)
    outcomes = []

    def attempt(site, by, user):
        try:
            start.wait(timeout=10)
            record_dose(
                regimen=Regimen.objects.get(pk=regimen.pk),
                taken_at=at(3, 8),
                site=site,
                administered_by=by,
                entered_by=user,
                now=at(3, 8, 1),
            )
            outcomes.append("recorded")
        except SlotAlreadyRecorded:
            outcomes.append("already recorded")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(THIGH, Administrator.SELF, patient.user)),
        threading.Thread(target=attempt, args=(ABDOMEN, Administrator.CAREGIVER, caregiver)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already recorded", "recorded"]
    assert Dose.objects.filter(regimen=regimen, slot_date=nov(3)).count() == 1


# record_dose: the site rules (DESIGN §4)


def test_it_refuses_a_site_1_cm_from_the_previous_dose(log, regimen):
    log(regimen, at(2, 8), THIGH)

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), ONE_CM_AWAY)

    assert codes(refused) == ["too_close"]
    assert str(refused.value) == ("1 cm from yesterday's injection at 08:00; keep at least 2.5 cm")
    assert not Dose.objects.filter(slot_date=nov(3)).exists()


def test_a_site_2_5_cm_from_the_previous_dose_is_fine(log, regimen):
    log(regimen, at(2, 8), THIGH)
    assert log(regimen, at(3, 8), Site("thigh", "left", 85, 100)).flags == []


def test_it_refuses_the_upper_arm_when_the_patient_injects_themselves(log, regimen):
    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), UPPER_ARM, Administrator.SELF)

    assert codes(refused) == ["region_not_allowed"]
    assert "only for when someone else gives the injection" in str(refused.value)


@pytest.mark.parametrize("by", [Administrator.CAREGIVER, Administrator.CLINICIAN])
@pytest.mark.parametrize("site", [UPPER_ARM, Site("buttock", "right", 60, 50)])
def test_someone_else_may_inject_the_upper_arm_and_the_buttock(log, regimen, caregiver, by, site):
    dose = log(regimen, at(3, 8), site, by, entered_by=caregiver)
    assert dose.flags == []


def test_it_refuses_a_site_inside_an_avoid_zone(log, regimen, patient):
    AvoidZone.objects.create(
        patient=patient,
        kind=AvoidZone.Kind.VEIN,
        region="thigh",
        side="left",
        x_mm=60,
        y_mm=100,
        radius_mm=20,
        created_by=patient.user,
    )

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), ONE_CM_AWAY)

    assert codes(refused) == ["avoid_zone"]
    assert "inside an area marked to avoid (vein)" in str(refused.value)


@pytest.mark.parametrize(
    "ended", [{"ends_on": nov(2)}, {"removed_at": at(2, 12)}], ids=["expired", "removed"]
)
def test_an_avoid_zone_no_longer_active_does_not_block(log, regimen, patient, ended):
    AvoidZone.objects.create(
        patient=patient,
        kind=AvoidZone.Kind.BRUISE,
        region="thigh",
        side="left",
        x_mm=60,
        y_mm=100,
        radius_mm=20,
        created_by=patient.user,
        **ended,
    )
    assert log(regimen, at(3, 8), ONE_CM_AWAY).flags == []


@pytest.fixture
def sore_dose(log, regimen, patient):
    """A dose of Nov 1 whose site reddened. Fifteen days later it is outside the
    14-day rest period, so only its reaction can keep a new dose away from it; an
    abdomen dose on Nov 15 is the previous injection."""
    sore = log(regimen, at(1, 8), THIGH)
    SiteReaction.objects.create(dose=sore, kind=SiteReaction.Kind.REDNESS, recorded_by=patient.user)
    log(regimen, at(15, 8), ABDOMEN)
    return sore


def test_it_refuses_a_site_near_an_injection_whose_reaction_has_not_healed(log, regimen, sore_dose):
    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(16, 8), ONE_CM_AWAY)

    assert codes(refused) == ["unresolved_reaction"]
    assert "whose site reaction has not healed" in str(refused.value)


def test_a_resolved_reaction_no_longer_blocks(log, regimen, patient, sore_dose):
    sore_dose.reactions.update(resolved_at=at(10, 9), resolved_by=patient.user)
    assert log(regimen, at(16, 8), ONE_CM_AWAY).flags == []


def test_with_a_reason_a_dose_breaking_a_rule_is_recorded_and_flagged(log, regimen):
    log(regimen, at(2, 8), THIGH)

    dose = log(regimen, at(3, 8), ONE_CM_AWAY, override_reason="  already injected there  ")

    dose.refresh_from_db()
    assert dose.flags == ["too_close"]
    assert dose.reason == "already injected there"
    assert dose.revisions.get().reason == "already injected there"
    assert dose.revisions.get().data["flags"] == ["too_close"]


def test_the_flags_hold_every_rule_the_dose_broke(log, regimen):
    outside_the_arm = Site("upper_arm", "left", 90, 60)
    dose = log(regimen, at(3, 8), outside_the_arm, override_reason="it already happened")
    assert dose.flags == ["region_not_allowed", "outside_region"]


def test_a_blank_override_reason_is_no_reason(log, regimen):
    with pytest.raises(DoseRefused):
        log(regimen, at(3, 8), UPPER_ARM, override_reason="   ")
    assert not Dose.objects.exists()


def test_rotation_counts_every_medication(log, regimen, methotrexate):
    log(methotrexate, at(2, 9), THIGH)  # a Monday

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), ONE_CM_AWAY)

    assert codes(refused) == ["too_close"]
    assert "yesterday's injection at 09:00" in str(refused.value)


def test_a_dose_is_checked_against_one_logged_after_it_was_taken(log, regimen, methotrexate):
    # Methotrexate at 09:00, logged at 09:02; anakinra at 09:01, logged at 09:03. When
    # the anakinra is logged, the log holds the methotrexate just before it.
    log(methotrexate, at(2, 9, 0), THIGH, now=at(2, 9, 2))

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(2, 9, 1), ONE_CM_AWAY, now=at(2, 9, 3))
    assert codes(refused) == ["too_close"]


def test_a_dose_is_held_to_the_spacing_the_site_check_uses(log, regimen, methotrexate, patient):
    # The strictest spacing of the patient's regimens counts, as in check_site and the
    # suggestions: logging never disagrees with what the patient was told.
    Regimen.objects.filter(pk=methotrexate.pk).update(min_spacing_mm=40)
    log(methotrexate, at(2, 9), THIGH)
    three_cm_away = Site("thigh", "left", 90, 100)
    told = site_context(patient, at=at(3, 8)).problems(three_cm_away, "self")
    assert [violation.code for violation in told] == ["too_close"]

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), three_cm_away)
    assert codes(refused) == ["too_close"]


# record_dose: outside every window, and in the future (DESIGN §5)


def test_it_refuses_a_dose_outside_every_window(log, regimen):
    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(2, 22))

    assert codes(refused) == ["outside_window"]
    assert str(refused.value) == (
        "outside the dose window of Tue 3 Nov, which opens at Tue 05:00; taken at this "
        "time, it counts as a late dose for Mon 2 Nov"
    )
    assert not Dose.objects.exists()


@pytest.mark.parametrize(
    "taken_at",
    [at(2, 20), at(2, 21), at(2, 22), at(3, 4, 59)],
    ids=["as the slot closes", "13 h after the slot", "late at night", "just before the next"],
)
def test_with_a_reason_a_dose_outside_every_window_is_filed_in_the_slot_it_was_late_for(
    log, regimen, taken_at
):
    dose = log(regimen, taken_at, override_reason="forgot, took it at night")

    assert dose.slot_date == nov(2)
    assert dose.flags == ["outside_window"]
    assert dose.reason == "forgot, took it at night"


def test_a_dose_13_hours_late_leaves_the_next_morning_s_dose_to_be_taken(log, regimen):
    # Measured: filed under the next day's slot, the next morning's regular dose was
    # refused as a double dose, and the day before showed as missed.
    log(regimen, at(2, 21), override_reason="forgot, took it in the evening")

    dose = log(regimen, at(3, 9), ABDOMEN)

    assert (dose.slot_date, dose.flags) == (nov(3), [])
    assert list(Dose.objects.order_by("slot_date").values_list("slot_date", flat=True)) == [
        nov(2), nov(3)]  # fmt: skip


def test_the_morning_after_a_late_dose_the_gap_says_when_the_next_may_be_taken(log, regimen):
    log(regimen, at(2, 21, 40), override_reason="forgot, took it in the evening")

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 8), ABDOMEN)

    assert codes(refused) == ["too_soon"]
    assert str(refused.value) == (
        "the last dose was at 21:40 yesterday; the next can be taken from 09:40 today"
    )


def test_a_dose_before_the_regimen_s_first_slot_opens_is_refused_even_with_a_reason(
    log, regimen
):
    with pytest.raises(ServiceError, match="first dose could be taken from") as refused:
        log(regimen, at(1, 4), override_reason="I started a day early")
    assert not isinstance(refused.value, DoseRefused)
    assert not Dose.objects.exists()


def test_a_dose_filed_in_a_given_slot_outside_its_window_is_flagged(log, regimen):
    dose = log(regimen, at(3, 8), slot_date=nov(2), override_reason="forgot yesterday's")
    assert (dose.slot_date, dose.flags) == (nov(2), ["outside_window"])


def test_it_refuses_a_dose_in_the_future_even_with_a_reason(log, regimen):
    with pytest.raises(ServiceError, match="cannot be recorded in the future") as refused:
        log(regimen, at(3, 9), now=at(3, 8), override_reason="I am sure")

    assert not isinstance(refused.value, DoseRefused)
    assert not Dose.objects.exists()


def test_a_clock_a_few_minutes_ahead_is_not_the_future(log, regimen):
    assert log(regimen, at(3, 8, 4), now=at(3, 8)).taken_at == at(3, 8, 4)


# attribute_dose, on a stored regimen's schedule


def test_attribute_dose_names_the_open_slot_and_no_problem(regimen):
    slot, problem = attribute_dose(regimen.schedule(), taken_at=at(3, 6))
    assert (slot.date, problem) == (nov(3), None)


def test_a_dose_on_a_date_without_a_slot_is_refused_with_a_clear_message(regimen, log):
    with pytest.raises(ServiceError, match="no dose is scheduled on 2026-10-31"):
        log(regimen, at(3, 8), slot_date=date(2026, 10, 31))


# skip_slot


def test_it_records_a_skip_with_its_reason(skip, regimen, patient):
    skipped = skip(regimen, nov(3), now=at(3, 7), reason="  fever: asked the clinic  ")

    skipped.refresh_from_db()
    assert (skipped.status, skipped.slot_date) == (Dose.Status.SKIPPED, nov(3))
    assert skipped.reason == "fever: asked the clinic"
    assert skipped.taken_at is None
    assert (skipped.entered_by, skipped.entered_at) == (patient.user, at(3, 7))
    [revision] = skipped.revisions.all()
    assert (revision.action, revision.reason) == ("created", "fever: asked the clinic")


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_skip_needs_a_reason(skip, regimen, reason):
    with pytest.raises(ServiceError, match="say why the dose is skipped"):
        skip(regimen, nov(3), now=at(3, 7), reason=reason)
    assert not Dose.objects.exists()


def test_a_skip_keeps_the_reason_chosen_as_its_code_and_the_details_apart(regimen, clock):
    clock.move_to(at(3, 7))
    skipped = skip_slot(regimen=regimen, slot_date=nov(3), skip_reason="fever",
                        reason=" since Tuesday ", entered_by=regimen.patient.user)  # fmt: skip
    skipped.refresh_from_db()
    assert (skipped.skip_reason, skipped.reason) == ("fever", "since Tuesday")
    [revision] = skipped.revisions.all()
    assert (revision.data["skip_reason"], revision.data["reason"]) == ("fever", "since Tuesday")


def test_a_reason_chosen_needs_no_details(regimen, clock):
    clock.move_to(at(3, 7))
    skipped = skip_slot(regimen=regimen, slot_date=nov(3), skip_reason="doctor",
                        entered_by=regimen.patient.user)  # fmt: skip
    assert (skipped.skip_reason, skipped.reason) == ("doctor", "")


@pytest.mark.parametrize(
    "chosen, message",
    [("other", "say why the dose is skipped"), ("measles", "“measles” is unknown")],
)
def test_another_reason_needs_words_and_an_unknown_one_is_refused(regimen, clock, chosen, message):
    clock.move_to(at(3, 7))
    with pytest.raises(ServiceError, match=message):
        skip_slot(regimen=regimen, slot_date=nov(3), skip_reason=chosen,
                  entered_by=regimen.patient.user)  # fmt: skip
    assert not Dose.objects.exists()


def test_a_skipped_slot_cannot_then_be_taken(skip, log, regimen):
    skip(regimen, nov(3), now=at(3, 7))

    with pytest.raises(SlotAlreadyRecorded):
        log(regimen, at(3, 8))
    assert Dose.objects.get().status == Dose.Status.SKIPPED


def test_a_taken_slot_cannot_then_be_skipped(skip, log, regimen):
    log(regimen, at(3, 8))

    with pytest.raises(SlotAlreadyRecorded):
        skip(regimen, nov(3), now=at(3, 9))


def test_a_skip_on_a_date_without_a_slot_is_a_clear_error(skip, regimen):
    with pytest.raises(ServiceError, match="no dose is scheduled on 2026-10-31"):
        skip(regimen, date(2026, 10, 31), now=at(1, 7))
    assert not Dose.objects.exists()


def test_a_skip_on_an_off_day_of_a_weekly_regimen_is_a_clear_error(skip, methotrexate):
    with pytest.raises(ServiceError, match="no dose is scheduled on 2026-11-03"):
        skip(methotrexate, nov(3), now=at(3, 7))


# Where a skip is allowed (DESIGN §5, "Skips")


def test_a_slot_to_come_is_refused_unless_the_skip_is_planned(skip, regimen):
    """Measured: under "skip the missed one", the check-in's skip skipped the next dose."""
    with pytest.raises(ServiceError, match="the dose of Wednesday 4 November is not open yet"):
        skip(regimen, nov(4), now=at(3, 21))
    assert not Dose.objects.exists()


def test_a_skip_planned_30_days_ahead_is_recorded_as_planned(clock, regimen, patient):
    clock.move_to(at(3, 9))
    planned = skip_slot(regimen=regimen, slot_date=date(2026, 12, 3), reason="knee surgery",
                        entered_by=patient.user, planned=True)  # fmt: skip
    planned.refresh_from_db()
    assert (planned.status, planned.slot_date, planned.reason) == (
        "skipped", date(2026, 12, 3), "knee surgery",
    )  # fmt: skip
    slot = regimen.schedule().slot(date(2026, 12, 3))
    assert skip_kind(slot, entered_at=planned.entered_at) == SkipKind.PLANNED
    [revision] = planned.revisions.all()
    assert revision.action == "created"


def test_a_skip_planned_31_days_ahead_is_refused_naming_the_last_day(clock, regimen, patient):
    clock.move_to(at(3, 9))
    with pytest.raises(ServiceError) as refused:
        skip_slot(regimen=regimen, slot_date=date(2026, 12, 4), reason="holiday",
                  entered_by=patient.user, planned=True)  # fmt: skip
    assert str(refused.value) == (
        "a dose can be skipped in advance at most 30 days ahead: choose a day up to "
        "Thursday 3 December"
    )
    assert not Dose.objects.exists()


def test_a_skip_cannot_be_planned_for_a_day_gone_by(clock, regimen, patient):
    clock.move_to(at(3, 21))
    with pytest.raises(ServiceError, match="the dose of Monday 2 November is past"):
        skip_slot(regimen=regimen, slot_date=nov(2), reason="ill", entered_by=patient.user,
                  planned=True)  # fmt: skip
    with pytest.raises(ServiceError, match="the dose of Tuesday 3 November is past"):
        skip_slot(regimen=regimen, slot_date=nov(3), reason="ill", entered_by=patient.user,
                  planned=True)  # fmt: skip
    assert not Dose.objects.exists()


def test_a_skip_cannot_be_planned_for_the_dose_open_now(clock, regimen, patient):
    clock.move_to(at(3, 8))
    with pytest.raises(ServiceError, match="is open now: skip it from the check-in"):
        skip_slot(regimen=regimen, slot_date=nov(3), reason="ill", entered_by=patient.user,
                  planned=True)  # fmt: skip


def test_a_skip_cannot_be_planned_for_a_slot_that_already_has_one(clock, regimen, patient):
    clock.move_to(at(3, 9))
    skip_slot(regimen=regimen, slot_date=nov(10), reason="dentist", entered_by=patient.user,
              planned=True)  # fmt: skip
    with pytest.raises(SlotAlreadyRecorded):
        skip_slot(regimen=regimen, slot_date=nov(10), reason="again", entered_by=patient.user,
                  planned=True)  # fmt: skip
    assert Dose.objects.count() == 1


def test_a_skip_cannot_be_planned_for_a_slot_already_taken(log, regimen, patient, clock):
    log(regimen, at(3, 8))
    clock.move_to(at(3, 8, 30))
    with pytest.raises(ServiceError, match="is open now"):
        skip_slot(regimen=regimen, slot_date=nov(3), reason="ill", entered_by=patient.user,
                  planned=True)  # fmt: skip
    assert Dose.objects.get().status == "taken"


def test_a_missed_slot_is_explained_afterwards_as_a_skip(skip, regimen):
    explained = skip(regimen, nov(2), now=at(3, 9), reason="I forgot")
    assert (explained.status, explained.slot_date, explained.reason) == (
        "skipped", nov(2), "I forgot",
    )  # fmt: skip
    slot = regimen.schedule().slot(nov(2))
    assert skip_kind(slot, entered_at=explained.entered_at) == SkipKind.EXPLAINED


def test_a_planned_skip_is_withdrawn_by_a_void_kept_in_its_history(clock, regimen, patient):
    clock.move_to(at(1, 9))
    planned = skip_slot(regimen=regimen, slot_date=nov(3), reason="dentist",
                        entered_by=patient.user, planned=True)  # fmt: skip
    clock.move_to(at(3, 6))

    withdrawn = withdraw_skip(dose=planned, withdrawn_by=patient.user, now=at(3, 6))

    assert withdrawn.is_voided
    assert withdrawn.void_reason == "planned skip withdrawn: the dose is to be taken after all"
    assert [r.action for r in withdrawn.revisions.all()] == ["created", "voided"]
    # The slot is free again: the dose is taken in its window.
    dose = record_dose(regimen=regimen, taken_at=at(3, 8), site=THIGH, administered_by="self",
                       entered_by=patient.user, now=at(3, 8, 1))  # fmt: skip
    assert dose.slot_date == nov(3)
    assert Dose.objects.count() == 2


def test_a_planned_skip_cannot_be_withdrawn_once_its_slot_closed(clock, regimen, patient):
    clock.move_to(at(1, 9))
    planned = skip_slot(regimen=regimen, slot_date=nov(3), reason="dentist",
                        entered_by=patient.user, planned=True)  # fmt: skip
    with pytest.raises(ServiceError, match="only a skip planned in advance can be withdrawn"):
        withdraw_skip(dose=planned, withdrawn_by=patient.user, now=at(3, 20))
    assert not Dose.objects.get().is_voided


def test_a_skip_made_at_the_time_is_not_withdrawn(skip, regimen, patient):
    made = skip(regimen, nov(3), now=at(3, 7))
    with pytest.raises(ServiceError, match="void this one with a reason instead"):
        withdraw_skip(dose=made, withdrawn_by=patient.user, now=at(3, 7, 5))
    assert not Dose.objects.get().is_voided


def test_a_taken_dose_is_not_withdrawn_as_a_skip(log, regimen, patient):
    dose = log(regimen, at(3, 8))
    with pytest.raises(ServiceError, match="only a planned skip can be withdrawn"):
        withdraw_skip(dose=dose, withdrawn_by=patient.user, now=at(3, 9))


# correct_dose (DESIGN §7)


def test_a_correction_keeps_the_history(log, correct, regimen, patient):
    dose = log(regimen, at(3, 8), THIGH)

    corrected = correct(dose, now=at(3, 9), x_mm=90, reason="tapped the wrong spot")

    corrected.refresh_from_db()
    assert (corrected.version, corrected.x_mm) == (2, 90)
    first, second = corrected.revisions.all()
    assert (first.version, first.action, first.reason) == (1, "created", "")
    assert (second.version, second.action, second.reason) == (
        2,
        "corrected",
        "tapped the wrong spot",
    )
    assert second.changed_by == patient.user
    assert (first.data["x_mm"], second.data["x_mm"]) == (60, 90)
    assert {key for key in first.data if first.data[key] != second.data[key]} == {"x_mm"}
    assert Dose.objects.count() == 1


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_correction_needs_a_reason(log, correct, regimen, reason):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="say why the record is corrected"):
        correct(dose, now=at(3, 9), x_mm=90, reason=reason)

    dose.refresh_from_db()
    assert (dose.x_mm, dose.version, dose.revisions.count()) == (60, 1, 1)


def test_a_correction_refuses_fields_that_cannot_be_corrected(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="cannot be corrected: slot_date, status"):
        correct(dose, now=at(3, 9), status="skipped", slot_date=nov(4))
    dose.refresh_from_db()
    assert (dose.slot_date, dose.version) == (nov(3), 1)


def test_a_voided_record_cannot_be_corrected(log, void, correct, regimen):
    dose = log(regimen, at(3, 8))
    void(dose, now=at(3, 9))

    with pytest.raises(ServiceError, match="a voided record cannot be corrected"):
        correct(dose, now=at(3, 10), x_mm=90)


def test_a_skip_cannot_be_corrected(skip, correct, regimen):
    skipped = skip(regimen, nov(3), now=at(3, 7))

    with pytest.raises(ServiceError, match="a skip cannot be corrected: void it instead"):
        correct(skipped, now=at(3, 8), notes="changed my mind")


def test_a_correction_is_checked_against_the_rules_afresh(log, correct, regimen):
    log(regimen, at(2, 8), ABDOMEN)
    dose = log(regimen, at(3, 8), THIGH)

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 9), region="abdomen", side="", x_mm=40, y_mm=30)
    assert refused.value.codes == ["too_close"]
    moved = correct(dose, now=at(3, 9), region="abdomen", side="", x_mm=40, y_mm=30,
                    override_reason="it was there, a nurse gave it")  # fmt: skip
    assert moved.flags == ["too_close"]

    moved_again = correct(moved, now=at(3, 10), x_mm=60)
    assert moved_again.flags == []
    assert [r.data["flags"] for r in moved_again.revisions.all()] == [[], ["too_close"], []]


def test_a_correction_can_clear_the_flags_of_an_override(log, correct, regimen):
    dose = log(regimen, at(3, 8), UPPER_ARM, override_reason="my husband gave it")

    corrected = correct(dose, now=at(3, 9), administered_by=Administrator.CAREGIVER)
    assert corrected.flags == []


def test_a_dose_is_never_too_close_to_its_own_former_position(log, correct, regimen):
    dose = log(regimen, at(3, 8), THIGH)

    corrected = correct(dose, now=at(3, 9), taken_at=at(3, 8, 30), x_mm=70)

    assert corrected.flags == []


def test_a_correction_is_checked_against_doses_logged_after_it_was_taken(
    log, correct, regimen, methotrexate
):
    dose = log(regimen, at(2, 9, 1), ABDOMEN, now=at(2, 9, 3))
    log(methotrexate, at(2, 9, 0), THIGH, now=at(2, 9, 5))

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(2, 9, 10), region="thigh", side="left", x_mm=70, y_mm=100)

    assert refused.value.codes == ["too_close"]


def test_a_correction_outside_the_slot_window_is_flagged(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 23), taken_at=at(3, 21))
    assert refused.value.codes == ["outside_window"]

    corrected = correct(dose, now=at(3, 23), taken_at=at(3, 21), override_reason="forgot it")
    assert (corrected.slot_date, corrected.flags) == (nov(3), ["outside_window"])
    assert corrected.reason == "forgot it"


def test_a_correction_to_an_impossible_site_is_a_clear_error(log, correct, regimen):
    dose = log(regimen, at(3, 8), THIGH)

    with pytest.raises(ServiceError, match="the abdomen has no side"):
        correct(dose, now=at(3, 9), region="abdomen")
    dose.refresh_from_db()
    assert (dose.region, dose.version) == ("thigh", 1)


def test_a_correction_refuses_a_time_in_the_future(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="in the future"):
        correct(dose, now=at(3, 9), taken_at=at(3, 10))


def test_a_correction_cannot_remove_the_time_of_a_taken_dose(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="needs the time it was taken"):
        correct(dose, now=at(3, 9), taken_at=None)


# void_dose (DESIGN §7)


def test_voiding_keeps_the_record_and_says_who_when_and_why(log, void, regimen, patient):
    dose = log(regimen, at(3, 8))

    void(dose, now=at(3, 9), reason="  entered for the wrong day ")

    dose.refresh_from_db()
    assert dose.voided_at == at(3, 9)
    assert dose.voided_by == patient.user
    assert dose.void_reason == "entered for the wrong day"
    assert dose.version == 2
    assert [(r.version, r.action, r.reason) for r in dose.revisions.all()] == [
        (1, "created", ""),
        (2, "voided", "entered for the wrong day"),
    ]
    assert dose.revisions.last().data["voided"] is True
    assert dose.taken_at == at(3, 8)


@pytest.mark.parametrize("reason", ["", " "])
def test_voiding_needs_a_reason(log, void, regimen, reason):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="say why the record is voided"):
        void(dose, now=at(3, 9), reason=reason)
    dose.refresh_from_db()
    assert dose.voided_at is None


def test_a_record_cannot_be_voided_twice(log, void, regimen):
    dose = log(regimen, at(3, 8))
    void(dose, now=at(3, 9))

    with pytest.raises(ServiceError, match="already voided"):
        void(dose, now=at(3, 10), reason="again")
    dose.refresh_from_db()
    assert (dose.voided_at, dose.version, dose.revisions.count()) == (at(3, 9), 2, 2)


def test_after_a_void_the_slot_can_be_logged_again(log, void, regimen):
    wrong = log(regimen, at(3, 8), THIGH)
    void(wrong, now=at(3, 9))

    again = log(regimen, at(3, 8, 30), ABDOMEN, now=at(3, 9, 1))

    assert again.slot_date == nov(3)
    assert Dose.objects.filter(slot_date=nov(3)).count() == 2


def test_after_a_skip_is_voided_the_dose_can_be_taken(skip, void, log, regimen):
    skipped = skip(regimen, nov(3), now=at(3, 6))
    void(skipped, now=at(3, 7), reason="felt better")

    assert log(regimen, at(3, 8)).slot_date == nov(3)


def test_voided_doses_no_longer_count_for_the_site_rules(log, void, regimen):
    wrong = log(regimen, at(2, 8), THIGH)
    void(wrong, now=at(2, 12))

    assert log(regimen, at(3, 8), ONE_CM_AWAY).flags == []


def test_a_dose_voided_after_the_new_one_was_taken_no_longer_counts(log, void, regimen):
    # The 08:00 dose was logged as given at 07:50 at the wrong spot; at 08:30 it is
    # voided and logged again: the wrong entry must not make the right one "too close".
    wrong = log(regimen, at(3, 7, 50), Site("thigh", "left", 65, 100))
    void(wrong, now=at(3, 8, 30), reason="wrong time and spot")

    again = log(regimen, at(3, 8), THIGH, now=at(3, 8, 31))
    assert again.flags == []


# The history at an instant, as the log stands now or as it stood then
# (injections/reading/facts.py, DESIGN §8 --at and --as-recorded)


def test_the_history_at_an_instant_counts_a_dose_from_when_it_was_given(log, regimen, patient):
    dose = log(regimen, at(2, 8), now=at(2, 18))  # logged in the evening

    # As the log stands now: given at 08:00, it counts from then.
    [injection] = history.past_injections(patient, at=at(2, 12))
    assert (injection.dose_id, injection.site, injection.at) == (dose.pk, THIGH, at(2, 8))
    # As it stood at noon: not yet entered.
    assert history.past_injections(patient, at=at(2, 12), known_at=at(2, 12)) == []
    then = history.past_injections(patient, at=at(2, 19), known_at=at(2, 19))
    assert [i.dose_id for i in then] == [dose.pk]


def test_a_void_counts_at_every_instant_unless_replaying_before_it(log, void, regimen, patient):
    dose = log(regimen, at(2, 8))
    void(dose, now=at(3, 9))

    assert history.past_injections(patient, at=at(3, 8)) == []
    then = history.past_injections(patient, at=at(3, 8), known_at=at(3, 8))
    assert [i.dose_id for i in then] == [dose.pk]
    assert history.past_injections(patient, at=at(3, 10), known_at=at(3, 10)) == []


def test_replaying_an_instant_undoes_the_corrections_made_since(log, correct, regimen, patient):
    dose = log(regimen, at(2, 8))
    moved = Site("thigh", "left", 30, 60)
    correct(dose, now=at(2, 20), x_mm=30, y_mm=60, taken_at=at(2, 7))

    [now] = history.past_injections(patient, at=at(3, 8))
    assert (now.site, now.at) == (moved, at(2, 7))
    [then] = history.past_injections(patient, at=at(2, 12), known_at=at(2, 12))
    assert (then.site, then.at) == (THIGH, at(2, 8))
    [later] = history.past_injections(patient, at=at(2, 21), known_at=at(2, 21))
    assert (later.site, later.at) == (moved, at(2, 7))


def test_the_history_holds_only_injections_given_before_the_instant(log, skip, regimen, patient):
    skip(regimen, nov(2), now=at(2, 7))
    given = log(regimen, at(3, 8))

    assert history.past_injections(patient, at=at(3, 8)) == []
    assert [i.dose_id for i in history.past_injections(patient, at=at(3, 9))] == [given.pk]


def test_the_history_knows_a_reaction_from_when_it_was_recorded_until_it_was_resolved(
    log, clock, regimen, patient
):
    dose = log(regimen, at(2, 8))
    clock.move_to(at(2, 20))
    reaction = SiteReaction.objects.create(
        dose=dose, kind=SiteReaction.Kind.SWELLING, recorded_by=patient.user
    )
    reaction.resolved_at = at(6, 9)
    reaction.save()

    def unhealed(instant):
        found = history.past_injections(patient, at=instant, known_at=instant)
        return [i.reaction_unresolved for i in found]

    assert (unhealed(at(2, 19)), unhealed(at(3, 8)), unhealed(at(6, 10))) == (
        [False],
        [True],
        [False],
    )


def test_the_history_as_known_later_holds_records_entered_since(log, regimen, patient):
    dose = log(regimen, at(2, 8), now=at(2, 18))

    known = history.past_injections(patient, at=at(2, 12), known_at=at(2, 19))
    assert [i.dose_id for i in known] == [dose.pk]


@pytest.mark.parametrize(("code", "kept"), [("fever", True), ("bogus", False)])
def test_the_database_keeps_a_skip_only_with_a_reason_it_knows(regimen, patient, code, kept):
    """A code no reader has words for would read as no reason at all."""
    skip = Dose(
        patient=patient, regimen=regimen, slot_date=date(2026, 11, 3),
        status=Dose.Status.SKIPPED, skip_reason=code, entered_by=patient.user,
    )  # fmt: skip
    if kept:
        skip.save()
    else:
        with pytest.raises(IntegrityError), transaction.atomic():
            skip.save()
    assert Dose.objects.filter(regimen=regimen).exists() is kept
