"""The invariants the database guards itself (STYLE rule 6), written straight to the
models so that no service code stands in front of the constraint."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from injections.models import (
    AvoidZone,
    Dose,
    DoseRevision,
    Regimen,
    ScheduleVersion,
    TreatmentPause,
)

DAY = date(2026, 11, 3)
TAKEN_AT = datetime(2026, 11, 3, 8, tzinfo=UTC)


def taken(regimen, **fields) -> Dose:
    return Dose(
        **{
            "patient": regimen.patient,
            "regimen": regimen,
            "slot_date": DAY,
            "status": Dose.Status.TAKEN,
            "taken_at": TAKEN_AT,
            "dose_mg": Decimal("100"),
            "region": "thigh",
            "side": "left",
            "x_mm": 60,
            "y_mm": 100,
            "administered_by": "self",
            "entered_by": regimen.patient.user,
        }
        | fields
    )


def skipped(regimen, **fields) -> Dose:
    return Dose(
        **{
            "patient": regimen.patient,
            "regimen": regimen,
            "slot_date": DAY,
            "status": Dose.Status.SKIPPED,
            "reason": "fever",
            "entered_by": regimen.patient.user,
        }
        | fields
    )


def assert_refused(instance) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()
    assert instance.pk is None or not type(instance).objects.filter(pk=instance.pk).exists()


# Dose: one_outcome_per_slot


def test_a_slot_holds_one_taken_dose(regimen):
    taken(regimen).save()
    assert_refused(taken(regimen, taken_at=TAKEN_AT + timedelta(hours=1)))
    assert Dose.objects.count() == 1


def test_a_slot_holds_a_taken_dose_or_a_skip_not_both(regimen):
    taken(regimen).save()
    assert_refused(skipped(regimen))


def test_a_voided_outcome_steps_aside_for_a_new_one(regimen):
    taken(regimen, voided_at=TAKEN_AT, voided_by=regimen.patient.user, void_reason="x").save()
    taken(regimen).save()
    assert Dose.objects.filter(slot_date=DAY).count() == 2


def test_two_voided_outcomes_may_share_a_slot(regimen):
    for _ in range(2):
        skipped(regimen, voided_at=TAKEN_AT, voided_by=regimen.patient.user).save()
    assert Dose.objects.count() == 2


def test_a_slot_is_per_regimen(regimen, other_patient):
    taken(regimen).save()
    taken(other_patient.regimens.get()).save()
    assert Dose.objects.filter(slot_date=DAY).count() == 2


def test_unvoiding_a_record_whose_slot_was_filled_again_is_refused(regimen):
    voided = taken(regimen, voided_at=TAKEN_AT, voided_by=regimen.patient.user)
    voided.save()
    taken(regimen).save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Dose.objects.filter(pk=voided.pk).update(voided_at=None)


# Dose: dose_is_complete


@pytest.mark.parametrize(
    "missing",
    [
        {"region": "", "side": ""},
        {"x_mm": None},
        {"y_mm": None},
        {"taken_at": None},
        {"dose_mg": None},
        {"administered_by": ""},
    ],
    ids=["site", "x", "y", "time", "dose", "who gave it"],
)
def test_a_taken_dose_missing_a_fact_is_refused(regimen, missing):
    assert_refused(taken(regimen, **missing))


@pytest.mark.parametrize(
    "wrong",
    [{"reason": ""}, {"taken_at": TAKEN_AT}, {"status": "lost"}],
    ids=["without a reason", "with a time", "unknown status"],
)
def test_a_skip_that_is_not_a_plain_skip_with_a_reason_is_refused(regimen, wrong):
    assert_refused(skipped(regimen, **wrong))


def test_a_complete_dose_and_a_skip_with_a_reason_are_accepted(regimen):
    taken(regimen).save()
    skipped(regimen, slot_date=DAY + timedelta(days=1)).save()
    assert Dose.objects.count() == 2


def test_an_update_cannot_strip_a_taken_dose_of_its_site(regimen):
    dose = taken(regimen)
    dose.save()

    with pytest.raises(IntegrityError), transaction.atomic():
        Dose.objects.filter(pk=dose.pk).update(region="")


# DoseRevision


def test_a_record_has_one_revision_per_version_and_action(regimen):
    dose = taken(regimen)
    dose.save()
    revision = {"dose": dose, "version": 1, "action": "created", "changed_by": dose.entered_by}
    DoseRevision.objects.create(**revision, data=dose.snapshot())

    assert_refused(DoseRevision(**revision, data={}))


# AvoidZone


def zone(patient, **fields) -> AvoidZone:
    return AvoidZone(
        **{
            "patient": patient,
            "kind": AvoidZone.Kind.SCAR,
            "region": "abdomen",
            "side": "",
            "x_mm": 60,
            "y_mm": 40,
            "radius_mm": 5,
            "created_by": patient.user,
        }
        | fields
    )


def test_an_avoid_zone_of_radius_5_mm_is_accepted(patient):
    zone(patient, radius_mm=5).save()
    assert AvoidZone.objects.count() == 1


@pytest.mark.parametrize("radius_mm", [4, 0])
def test_an_avoid_zone_smaller_than_5_mm_is_refused(patient, radius_mm):
    assert_refused(zone(patient, radius_mm=radius_mm))


@pytest.mark.parametrize(
    "missing", [{"region": ""}, {"x_mm": None}, {"y_mm": None}], ids=["region", "x", "y"]
)
def test_an_avoid_zone_without_a_centre_is_refused(patient, missing):
    assert_refused(zone(patient, **missing))


# Regimen and its schedule


def regimen_for(patient, **fields) -> Regimen:
    anakinra = patient.regimens.get().medication
    return Regimen(
        **{
            "patient": patient,
            "medication": anakinra,
            "dose_mg": Decimal("100"),
            "start_date": DAY,
        }
        | fields
    )


def test_a_regimen_ending_before_it_starts_is_refused(patient):
    assert_refused(regimen_for(patient, end_date=DAY - timedelta(days=1)))


@pytest.mark.parametrize("end_date", [None, DAY], ids=["open-ended", "one day"])
def test_a_regimen_ending_on_or_after_its_start_is_accepted(patient, end_date):
    regimen_for(patient, end_date=end_date).save()
    assert patient.regimens.count() == 2


def test_a_pause_ending_before_it_starts_is_refused(regimen):
    pause = TreatmentPause(
        regimen=regimen,
        first_day=DAY,
        last_day=DAY - timedelta(days=1),
        reason="surgery",
        created_by=regimen.patient.user,
    )
    assert_refused(pause)


def test_a_regimen_with_doses_cannot_be_deleted(regimen):
    taken(regimen).save()
    with pytest.raises(ProtectedError), transaction.atomic():
        regimen.delete()
    assert ScheduleVersion.objects.filter(regimen=regimen).exists()
