"""Syringe stock, the room-temperature clock, discards, the sharps container, and
record_dose using a syringe where the patient keeps stock (DESIGN §2).

Alice injects anakinra 100 mg daily at 08:00 Europe/London from 2026-11-01. London
keeps GMT in November, so its local times are UTC times: the slot of day D opens at
05:00 and closes at 20:00. A syringe may spend 24 hours at room temperature.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from injections.models import Dose, Medication, SharpsContainer, Syringe, SyringeBox
from injections.reading.supplies import available_syringes, current_sharps, sharps_state, supply
from injections.rules.geometry import Administrator, Site
from injections.rules.supplies import DEFAULT_SHARPS_CAPACITY, Usability
from injections.services.doses import record_dose, void_dose
from injections.services.errors import DoseRefused, ServiceError
from injections.services.patients import create_regimen
from injections.services.supplies import add_box, discard, replace_sharps, take_out_of_fridge
from tests.conftest import make_patient

SOONER = date(2027, 3, 31)
LATER = date(2027, 6, 30)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


def site_of_day(day: int) -> Site:
    """A fresh spot each day, 3 cm below the last one: no site rule gets in the way."""
    return Site("thigh", "left", 60, 30 * day)


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def box(regimen):
    """Add a box of the regimen's medication, by default 7 syringes expiring SOONER."""

    def box(expires_on=SOONER, *, patient=None, medication=None, lot="AB1234", **options):
        patient = patient or regimen.patient
        return add_box(
            patient=patient,
            medication=medication or regimen.medication,
            lot=lot,
            expires_on=expires_on,
            added_by=patient.user,
            **options,
        )

    return box


@pytest.fixture
def log(clock):
    """Record a dose at 08:00 on a day of November, entered a minute later."""

    def log(regimen, day, *, taken_at=None, **options):
        taken_at = taken_at or at(day, 8)
        now = taken_at + timedelta(minutes=1)
        clock.move_to(now)
        return record_dose(
            regimen=regimen,
            taken_at=taken_at,
            site=site_of_day(day),
            administered_by=Administrator.SELF,
            entered_by=regimen.patient.user,
            now=now,
            **options,
        )

    return log


def syringes_of(box: SyringeBox) -> list[Syringe]:
    return list(box.syringes.order_by("pk"))


def fresh(syringe: Syringe) -> Syringe:
    syringe.refresh_from_db()
    return syringe


def codes(refused) -> list[str]:
    return refused.value.codes


# add_box


def test_a_box_of_anakinra_holds_seven_tracked_syringes(box, patient):
    added = box(lot=" AB1234 ")

    assert (added.count, added.lot, added.expires_on) == (7, "AB1234", SOONER)
    assert (added.added_by, added.added_at) == (patient.user, at(1, 0))
    syringes = syringes_of(added)
    assert len(syringes) == 7
    assert all(s.patient == patient and s.available for s in syringes)
    assert all(s.out_of_fridge_at is None for s in syringes)


def test_the_default_count_comes_from_the_medication(box, regimen):
    medication = regimen.medication
    medication.syringes_per_box = 4
    medication.save()

    assert box().syringes.count() == 4


def test_the_count_on_the_box_overrides_the_medications(box):
    added = box(count=3)

    assert added.count == 3
    assert added.syringes.count() == 3


@pytest.mark.parametrize("count", [1, 100])
def test_a_box_may_hold_from_one_to_a_hundred_syringes(box, count):
    assert box(count=count).syringes.count() == count


@pytest.mark.parametrize("count", [0, -1, 101])
def test_it_refuses_a_box_of_an_impossible_size(box, count):
    with pytest.raises(ServiceError, match="from 1 to 100"):
        box(count=count)
    assert not SyringeBox.objects.exists()
    assert not Syringe.objects.exists()


@pytest.mark.parametrize("lot", ["", "   "])
def test_it_needs_the_lot_number(box, lot):
    with pytest.raises(ServiceError, match="lot number"):
        box(lot=lot)
    assert not SyringeBox.objects.exists()


# take_out_of_fridge


def test_taking_syringes_out_of_the_fridge_starts_their_clock(box):
    first, second, *rest = syringes_of(box())

    started = take_out_of_fridge(syringes=[first, second], at=at(2, 7))

    assert started == 2
    assert fresh(first).out_of_fridge_at == at(2, 7)
    assert fresh(second).out_of_fridge_at == at(2, 7)
    assert all(fresh(s).out_of_fridge_at is None for s in rest)


def test_the_clock_defaults_to_now(box, clock):
    [syringe] = syringes_of(box(count=1))
    clock.move_to(at(2, 6, 30))

    take_out_of_fridge(syringes=[syringe])

    assert fresh(syringe).out_of_fridge_at == at(2, 6, 30)


def test_a_syringe_put_back_in_the_fridge_keeps_the_time_it_already_spent_out(box):
    [syringe] = syringes_of(box(count=1))
    take_out_of_fridge(syringes=[syringe], at=at(2, 7))

    started = take_out_of_fridge(syringes=[syringe], at=at(3, 7))

    assert started == 0
    assert fresh(syringe).out_of_fridge_at == at(2, 7)


def test_used_and_discarded_syringes_do_not_start_a_clock(box, log, regimen):
    syringes = syringes_of(box())
    dose = log(regimen, 2)
    used = Syringe.objects.get(dose=dose)
    thrown = discard(syringe=syringes[-1], reason=Syringe.Discard.DAMAGED, at=at(2, 9))

    started = take_out_of_fridge(syringes=syringes, at=at(2, 10))

    assert started == 5
    assert fresh(used).out_of_fridge_at is None
    assert fresh(thrown).out_of_fridge_at is None


# discard


def test_a_discarded_syringe_says_why_and_is_no_longer_available(box, patient):
    syringe, *_rest = syringes_of(box())

    discard(syringe=syringe, reason=Syringe.Discard.CLOUDY, note=" looked milky ", at=at(2, 7))

    syringe = fresh(syringe)
    assert (syringe.discarded_at, syringe.discard_reason) == (at(2, 7), "cloudy")
    assert syringe.discard_note == "looked milky"
    assert not syringe.available
    assert syringe not in available_syringes(patient)
    assert available_syringes(patient).count() == 6


@pytest.mark.parametrize("reason", ["", "melted"])
def test_a_discard_needs_a_known_reason(box, reason):
    syringe, *_rest = syringes_of(box())

    with pytest.raises(ServiceError, match="say why"):
        discard(syringe=syringe, reason=reason)
    assert fresh(syringe).available


@pytest.mark.parametrize("note", ["", "   "])
def test_the_reason_other_needs_a_note(box, note):
    syringe, *_rest = syringes_of(box())

    with pytest.raises(ServiceError, match="in a few words"):
        discard(syringe=syringe, reason=Syringe.Discard.OTHER, note=note)
    assert fresh(syringe).available


def test_the_reason_other_is_accepted_with_a_note(box):
    syringe, *_rest = syringes_of(box())

    discard(syringe=syringe, reason=Syringe.Discard.OTHER, note="the cat played with it")

    assert fresh(syringe).discard_note == "the cat played with it"


def test_a_syringe_cannot_be_discarded_twice(box):
    syringe, *_rest = syringes_of(box())
    discard(syringe=syringe, reason=Syringe.Discard.DAMAGED, at=at(2, 7))

    with pytest.raises(ServiceError, match="already used or discarded"):
        discard(syringe=syringe, reason=Syringe.Discard.CLOUDY, at=at(2, 8))
    syringe = fresh(syringe)
    assert (syringe.discarded_at, syringe.discard_reason) == (at(2, 7), "damaged")


def test_a_used_syringe_cannot_be_discarded(box, log, regimen):
    box(count=1)
    used = Syringe.objects.get(dose=log(regimen, 2))

    with pytest.raises(ServiceError, match="already used or discarded"):
        discard(syringe=used, reason=Syringe.Discard.DAMAGED)
    assert fresh(used).discarded_at is None


# record_dose with stock


def test_a_dose_uses_the_first_syringe_to_expire_and_marks_it_used(box, log, regimen):
    box(LATER)
    sooner = box(SOONER)
    first = syringes_of(sooner)[0]

    dose = log(regimen, 2)

    used = fresh(first)
    assert (used.dose, used.used_at) == (dose, at(2, 8))
    assert dose.syringes.get() == used
    assert Syringe.objects.filter(dose__isnull=False).count() == 1


def test_each_dose_uses_a_new_syringe(box, log, regimen, patient):
    box(count=2)

    first = log(regimen, 2)
    second = log(regimen, 3)

    assert first.syringes.get() != second.syringes.get()
    assert available_syringes(patient).count() == 0


def test_a_syringe_already_out_of_the_fridge_goes_first(box, log, regimen):
    box(SOONER)
    later = syringes_of(box(LATER))[3]
    take_out_of_fridge(syringes=[later], at=at(2, 7))

    dose = log(regimen, 2)

    assert fresh(later).dose == dose


def test_a_dose_can_use_the_syringe_picked(box, log, regimen):
    box(SOONER)
    picked = syringes_of(box(LATER))[2]

    dose = log(regimen, 2, syringe_id=picked.pk)

    assert fresh(picked).dose == dose
    assert dose.flags == []


def test_picking_another_patients_syringe_is_refused(box, log, regimen, other_patient):
    box()
    theirs = syringes_of(box(patient=other_patient))[0]

    with pytest.raises(ServiceError, match="not one of yours"):
        log(regimen, 2, syringe_id=theirs.pk)
    assert not Dose.objects.exists()
    assert fresh(theirs).available


def test_picking_another_patients_syringe_is_refused_without_stock_of_ones_own(
    box, log, regimen, other_patient
):
    theirs = syringes_of(box(patient=other_patient))[0]

    with pytest.raises(ServiceError, match="not one of yours"):
        log(regimen, 2, syringe_id=theirs.pk)
    assert not Dose.objects.exists()


def test_picking_a_used_syringe_is_refused(box, log, regimen):
    box(count=2)
    used = log(regimen, 2).syringes.get()

    with pytest.raises(ServiceError, match="already used"):
        log(regimen, 3, syringe_id=used.pk)
    assert not Dose.objects.filter(slot_date=nov(3)).exists()


def test_picking_the_last_used_syringe_is_refused(box, log, regimen):
    box(count=1)
    used = log(regimen, 2).syringes.get()

    with pytest.raises(ServiceError, match="already used"):
        log(regimen, 3, syringe_id=used.pk)
    assert not Dose.objects.filter(slot_date=nov(3)).exists()


def test_picking_a_discarded_syringe_is_refused(box, log, regimen):
    thrown, *_rest = syringes_of(box())
    discard(syringe=thrown, reason=Syringe.Discard.DAMAGED, at=at(2, 7))

    with pytest.raises(ServiceError, match="already used"):
        log(regimen, 2, syringe_id=thrown.pk)
    assert not Dose.objects.exists()


def test_an_expired_syringe_is_refused(box, log, regimen):
    box(SOONER)
    expired = syringes_of(box(nov(1)))[0]

    with pytest.raises(DoseRefused, match="past its expiry date") as refused:
        log(regimen, 2, syringe_id=expired.pk)
    assert codes(refused) == ["syringe_expired"]
    assert not Dose.objects.exists()
    assert fresh(expired).available


def test_a_syringe_is_still_good_on_its_expiry_date(box, log, regimen):
    [last_day] = syringes_of(box(nov(2), count=1))

    dose = log(regimen, 2, syringe_id=last_day.pk)

    assert dose.flags == []
    assert fresh(last_day).dose == dose


def test_an_expired_syringe_is_recorded_with_a_reason_and_flagged(box, log, regimen):
    expired = syringes_of(box(nov(1)))[0]

    dose = log(regimen, 2, syringe_id=expired.pk, override_reason="only noticed the date after")

    assert dose.flags == ["syringe_expired"]
    assert dose.reason == "only noticed the date after"
    # It was injected: the log says so.
    assert fresh(expired).dose == dose


def test_a_syringe_over_24_hours_at_room_temperature_is_refused(box, log, regimen):
    box()
    warm = syringes_of(box(LATER))[0]
    take_out_of_fridge(syringes=[warm], at=at(2, 7))

    with pytest.raises(DoseRefused, match="more than 24 hours at room temperature") as refused:
        log(regimen, 3, taken_at=at(3, 7, 1), syringe_id=warm.pk)
    assert codes(refused) == ["syringe_too_warm"]
    assert not Dose.objects.exists()


def test_a_syringe_may_be_used_after_exactly_24_hours_out(box, log, regimen):
    [warm] = syringes_of(box(count=1))
    take_out_of_fridge(syringes=[warm], at=at(2, 7))

    dose = log(regimen, 3, taken_at=at(3, 7), syringe_id=warm.pk)

    assert dose.flags == []
    assert fresh(warm).dose == dose


def test_the_room_temperature_limit_is_the_medications(box, log, regimen):
    medication = regimen.medication
    medication.room_temperature_limit_hours = 72
    medication.save()
    [warm] = syringes_of(box(count=1))
    take_out_of_fridge(syringes=[warm], at=at(2, 7))

    dose = log(regimen, 4, syringe_id=warm.pk)

    assert dose.flags == []


def test_a_too_warm_syringe_is_recorded_with_a_reason_and_flagged(box, log, regimen):
    [warm] = syringes_of(box(count=1))
    take_out_of_fridge(syringes=[warm], at=at(2, 7))

    dose = log(regimen, 3, syringe_id=warm.pk, override_reason="left it on the counter")

    assert dose.flags == ["syringe_too_warm"]
    assert fresh(warm).dose == dose


def test_a_too_warm_syringe_is_passed_over_for_one_from_the_fridge(box, log, regimen):
    cold, warm = syringes_of(box(count=2))
    take_out_of_fridge(syringes=[warm], at=at(2, 7))

    dose = log(regimen, 3)

    assert dose.flags == []
    assert fresh(cold).dose == dose
    assert fresh(warm).available


def test_a_dose_is_refused_when_no_syringe_is_usable(box, log, regimen):
    box(nov(1), count=2)
    [warm] = syringes_of(box(count=1))
    take_out_of_fridge(syringes=[warm], at=at(1, 7))

    with pytest.raises(DoseRefused, match="none of the syringes on hand can be used") as refused:
        log(regimen, 2)
    assert codes(refused) == ["no_usable_syringe"]
    assert not Dose.objects.exists()


def test_with_no_usable_syringe_a_dose_is_recorded_with_a_reason_and_uses_none(
    box, log, regimen, patient
):
    box(nov(1), count=2)

    dose = log(regimen, 2, override_reason="used a syringe from the pharmacy bag")

    assert dose.flags == ["no_usable_syringe"]
    assert not Syringe.objects.filter(dose__isnull=False).exists()
    assert available_syringes(patient).count() == 2


# A dose above the syringe's strength (issue 10, item 5)


@pytest.fixture
def two_syringe_dose(regimen):
    """Alice's dose is 200 mg: two 100 mg syringes."""
    regimen.dose_mg = Decimal("200")
    regimen.save()
    regimen.schedule_versions.update(dose_mg=regimen.dose_mg)  # the prescription
    return regimen


def test_a_200_mg_dose_uses_two_syringes_first_to_expire(box, log, two_syringe_dose, patient):
    later = syringes_of(box(LATER, count=2))
    sooner = syringes_of(box(SOONER, count=2))

    dose = log(two_syringe_dose, 2)

    assert set(dose.syringes.all()) == set(sooner)
    assert all(fresh(s).used_at == at(2, 8) for s in sooner)
    assert list(available_syringes(patient)) == later


def test_a_picked_syringe_goes_first_and_the_next_to_expire_completes_the_dose(
    box, log, two_syringe_dose
):
    later = syringes_of(box(LATER, count=2))
    sooner = syringes_of(box(SOONER, count=2))

    dose = log(two_syringe_dose, 2, syringe_id=later[1].pk)

    assert set(dose.syringes.all()) == {later[1], sooner[0]}


def test_a_two_syringe_dose_with_one_usable_syringe_left_is_refused(box, log, two_syringe_dose):
    box(count=1)

    with pytest.raises(DoseRefused, match="this dose needs 2 syringes and only 1") as refused:
        log(two_syringe_dose, 2)
    assert codes(refused) == ["too_few_syringes"]
    assert not Dose.objects.exists()


def test_with_too_few_syringes_the_dose_is_recorded_with_a_reason_and_uses_what_there_is(
    box, log, two_syringe_dose, patient
):
    [only] = syringes_of(box(count=1))

    dose = log(two_syringe_dose, 2, override_reason="the second came from the pharmacy bag")

    assert dose.flags == ["too_few_syringes"]
    assert list(dose.syringes.all()) == [only]


def test_a_dose_logged_at_another_strength_counts_its_own_syringes(box, log, regimen):
    box(count=3)

    dose = log(regimen, 2, dose_mg=Decimal("250"))

    assert dose.syringes.count() == 3


def test_half_a_syringe_uses_one_syringe(box, log, regimen, patient):
    regimen.dose_mg = Decimal("50")
    regimen.save()
    regimen.schedule_versions.update(dose_mg=regimen.dose_mg)  # the prescription
    box(count=2)

    dose = log(regimen, 2)

    assert dose.syringes.count() == 1
    assert available_syringes(patient).count() == 1


def test_both_syringes_of_a_dose_go_into_the_sharps_container(box, log, two_syringe_dose, patient):
    box(count=4)
    container = replace_sharps(patient=patient, at=at(1, 12))

    log(two_syringe_dose, 2)

    assert sharps_state(container).used == 2


def test_days_of_supply_count_two_syringes_a_dose(box, two_syringe_dose, patient):
    box(count=7)

    assert supply(patient, two_syringe_dose, at=at(2, 10), today=nov(2)).days == 3


def test_syringe_problems_are_reported_with_site_problems(box, log, regimen):
    expired = syringes_of(box(nov(1)))[0]
    log(regimen, 2, override_reason="I know")

    with pytest.raises(DoseRefused) as refused:
        record_dose(
            regimen=regimen,
            taken_at=at(3, 8),
            site=site_of_day(2),
            administered_by=Administrator.SELF,
            entered_by=regimen.patient.user,
            now=at(3, 8, 1),
            syringe_id=expired.pk,
        )
    assert codes(refused) == ["too_close", "syringe_expired"]


def test_without_stock_a_dose_is_recorded_as_before(log, regimen):
    dose = log(regimen, 2)

    assert dose.flags == []
    assert not Syringe.objects.exists()
    assert not Syringe.objects.filter(dose=dose).exists()


def test_another_patients_stock_is_not_used(box, log, regimen, other_patient):
    box(patient=other_patient)

    dose = log(regimen, 2)

    assert dose.flags == []
    assert not Syringe.objects.filter(dose__isnull=False).exists()


def test_stock_of_another_medication_is_not_used(box, log, regimen):
    methotrexate = Medication.objects.create(
        short_name="methotrexate",
        name="Methotrexate",
        strength_mg=Decimal("15"),
        volume_ml=Decimal("0.3"),
        syringes_per_box=4,
    )
    box(nov(1), medication=methotrexate)

    dose = log(regimen, 2)

    assert dose.flags == []
    assert not Syringe.objects.filter(dose__isnull=False).exists()


# supply


def test_supply_counts_the_usable_syringes_and_the_days_they_last(box, log, regimen, patient):
    syringes = syringes_of(box())
    log(regimen, 2)
    discard(syringe=syringes[-1], reason=Syringe.Discard.DAMAGED, at=at(2, 9))

    now = supply(patient, regimen, at=at(2, 10), today=nov(2))

    assert (now.medication, now.usable, now.days, now.refill) == (regimen.medication, 5, 5, False)
    assert now.next_syringe == syringes[1]
    assert (now.warm_soon, now.unusable) == ([], [])


def test_every_other_day_the_syringes_last_twice_as_long(db):
    patient = make_patient("bob", rrule="FREQ=DAILY;INTERVAL=2")
    regimen = patient.regimens.get()
    add_box(
        patient=patient,
        medication=regimen.medication,
        lot="AB1234",
        expires_on=SOONER,
        added_by=patient.user,
        count=5,
    )

    now = supply(patient, regimen, at=at(2, 10), today=nov(2))

    assert (now.usable, now.days) == (5, 10)


def test_a_dose_larger_than_a_syringe_takes_two(box, regimen, patient):
    regimen.dose_mg = Decimal("150")
    regimen.save()
    regimen.schedule_versions.update(dose_mg=regimen.dose_mg)  # the prescription
    box()

    assert supply(patient, regimen, at=at(2, 10), today=nov(2)).days == 3


@pytest.mark.parametrize(("count", "refill"), [(2, True), (3, False)])
def test_a_refill_is_due_under_three_days_of_supply(box, regimen, patient, count, refill):
    box(count=count)

    assert supply(patient, regimen, at=at(2, 10), today=nov(2)).refill is refill


@pytest.mark.parametrize(("count", "refill"), [(6, True), (7, False)])
def test_the_refill_threshold_is_the_patients(box, regimen, patient, count, refill):
    patient.refill_threshold_days = 7
    patient.save()
    box(count=count)

    assert supply(patient, regimen, at=at(2, 10), today=nov(2)).refill is refill


def test_a_syringe_whose_room_temperature_time_is_nearly_up_is_listed_and_still_usable(
    box, regimen, patient
):
    cold, warm = syringes_of(box(count=2))
    take_out_of_fridge(syringes=[warm], at=at(1, 13))

    now = supply(patient, regimen, at=at(2, 10), today=nov(2))

    assert now.warm_soon == [warm]
    assert now.usable == 2
    assert now.next_syringe == warm
    assert now.unusable == []


def test_expired_and_too_warm_syringes_are_listed_as_unusable(box, regimen, patient):
    [expired] = syringes_of(box(nov(1), count=1))
    cold, warm = syringes_of(box(count=2))
    take_out_of_fridge(syringes=[warm], at=at(1, 9))

    now = supply(patient, regimen, at=at(2, 10), today=nov(2))

    assert now.unusable == [(expired, Usability.EXPIRED), (warm, Usability.TOO_WARM)]
    assert (now.usable, now.days, now.refill) == (1, 1, True)
    assert now.next_syringe == cold
    assert now.warm_soon == []


def test_with_nothing_usable_there_is_no_next_syringe(box, regimen, patient):
    box(nov(1), count=2)

    now = supply(patient, regimen, at=at(2, 10), today=nov(2))

    assert (now.usable, now.days, now.next_syringe) == (0, 0, None)
    assert len(now.unusable) == 2


# the sharps container


def test_a_patient_has_no_sharps_container_until_one_is_started(patient):
    assert current_sharps(patient) is None


def test_starting_a_container_makes_it_the_current_one(patient, clock):
    clock.move_to(at(2, 7))

    container = replace_sharps(patient=patient)

    assert current_sharps(patient) == container
    assert (container.capacity, container.started_at) == (DEFAULT_SHARPS_CAPACITY, at(2, 7))
    assert container.replaced_at is None
    assert sharps_state(container).used == 0


def test_a_container_fills_with_used_and_discarded_syringes_since_it_started(
    box, log, regimen, patient
):
    syringes = syringes_of(box())
    discard(syringe=syringes[-1], reason=Syringe.Discard.DAMAGED, at=at(1, 10))
    container = replace_sharps(patient=patient, capacity=10, at=at(1, 12))
    log(regimen, 2)
    log(regimen, 3)
    discard(syringe=syringes[-2], reason=Syringe.Discard.CLOUDY, at=at(3, 9))

    state = sharps_state(container)

    assert (state.capacity, state.used) == (10, 3)


def test_another_patients_syringes_do_not_fill_the_container(box, patient, other_patient):
    container = replace_sharps(patient=patient, at=at(1, 1))
    theirs = syringes_of(box(patient=other_patient))[0]
    discard(syringe=theirs, reason=Syringe.Discard.DAMAGED, at=at(2, 7))

    assert sharps_state(container).used == 0


@pytest.mark.parametrize(("thrown", "nearly_full", "full"), [(2, False, False), (3, True, False),
                                                             (4, True, True)])  # fmt: skip
def test_a_container_is_nearly_full_at_three_quarters(box, patient, thrown, nearly_full, full):
    container = replace_sharps(patient=patient, capacity=4, at=at(1, 1))
    for syringe in syringes_of(box())[:thrown]:
        discard(syringe=syringe, reason=Syringe.Discard.DAMAGED, at=at(2, 7))

    state = sharps_state(container)

    assert (state.nearly_full, state.full) == (nearly_full, full)


def test_replacing_the_container_keeps_the_old_one_marked_replaced(box, patient):
    old = replace_sharps(patient=patient, capacity=4, at=at(1, 1))
    for syringe in syringes_of(box())[:4]:
        discard(syringe=syringe, reason=Syringe.Discard.DAMAGED, at=at(2, 7))

    new = replace_sharps(patient=patient, capacity=20, at=at(2, 9))

    old.refresh_from_db()
    assert old.replaced_at == at(2, 9)
    assert (new.started_at, new.replaced_at, new.capacity) == (at(2, 9), None, 20)
    assert current_sharps(patient) == new
    assert sharps_state(new).used == 0
    assert SharpsContainer.objects.filter(patient=patient).count() == 2


def test_a_replaced_container_keeps_the_fill_it_had(box, patient):
    old = replace_sharps(patient=patient, capacity=4, at=at(1, 1))
    syringes = syringes_of(box())
    discard(syringe=syringes[0], reason=Syringe.Discard.DAMAGED, at=at(2, 7))
    new = replace_sharps(patient=patient, at=at(2, 9))
    discard(syringe=syringes[1], reason=Syringe.Discard.DAMAGED, at=at(3, 7))

    old.refresh_from_db()
    assert sharps_state(old).used == 1
    assert sharps_state(new).used == 1


def test_a_container_holds_at_least_one_syringe(patient):
    with pytest.raises(ServiceError, match="at least one"):
        replace_sharps(patient=patient, capacity=0)
    assert current_sharps(patient) is None


def test_a_refused_replacement_keeps_the_current_container(patient):
    container = replace_sharps(patient=patient, at=at(1, 1))

    with pytest.raises(ServiceError):
        replace_sharps(patient=patient, capacity=0, at=at(2, 1))
    assert current_sharps(patient) == container


def test_a_second_regimen_of_the_same_medication_draws_from_the_same_stock(box, log, patient):
    regimen = patient.regimens.get()
    evening = create_regimen(
        patient=patient,
        medication="anakinra",
        dose_mg=None,
        rrule="FREQ=DAILY",
        time_of_day=time(20, 0),
        time_zone="Europe/London",
        start_date=nov(1),
        created_by=patient.user,
    )
    box(count=2)

    morning_dose = log(regimen, 2)
    evening_dose = record_dose(
        regimen=evening,
        taken_at=at(2, 20),
        site=Site("abdomen", "", 30, 30),
        administered_by=Administrator.SELF,
        entered_by=patient.user,
        now=at(2, 20, 1),
    )

    assert morning_dose.syringes.get() != evening_dose.syringes.get()
    assert available_syringes(patient).count() == 0


def test_someone_who_keeps_no_stock_in_medtrack_is_never_told_to_refill(regimen, patient):
    state = supply(patient, regimen, at=at(2, 10), today=nov(2))
    assert (state.tracked, state.usable, state.refill) == (False, 0, False)


def test_an_empty_stock_that_was_tracked_asks_for_a_refill(box, regimen, patient):
    [only] = syringes_of(box(count=1))
    discard(syringe=only, reason="cloudy")
    state = supply(patient, regimen, at=at(2, 10), today=nov(2))
    assert (state.tracked, state.usable, state.refill) == (True, 0, True)


def test_voiding_a_dose_frees_the_syringe_it_named(box, log, regimen, patient):
    box()
    dose = log(regimen, 2)
    used = Syringe.objects.get(dose=dose)
    void_dose(dose=dose, voided_by=patient.user, reason="entered by mistake", now=at(2, 9))
    used.refresh_from_db()
    assert (used.dose_id, used.used_at, used.available) == (None, None, True)
