"""correct_dose and void_dose as the dose page calls them (DESIGN §5, §7; issue 10,
item 4): who may, the rules checked again for the corrected facts, every version
kept, and voids of taken, extra and skipped records.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from 2026-11-01 (GMT, so
local times are UTC): the slot of day D opens at 05:00, is on time until 10:00 and
closes at 20:00. Carol is her caregiver, dr-dee works at her clinic, eve is nobody
to her.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from injections.models import CareLink, Dose
from injections.reading.adherence import adherence_rows
from injections.reading.status import patient_status
from injections.rules.geometry import Administrator, Site
from injections.rules.schedule import SlotStatus
from injections.services.doses import correct_dose, record_dose, skip_slot, void_dose
from injections.services.errors import (
    DoseRefused,
    NotPermitted,
    ServiceError,
    SlotAlreadyRecorded,
)
from injections.services.supplies import add_box

THIGH = Site("thigh", "left", 60, 100)
ONE_CM_AWAY = Site("thigh", "left", 70, 100)
ABDOMEN = Site("abdomen", "", 30, 30)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def log(clock):
    def log(regimen, taken_at, site=THIGH, *, by=Administrator.SELF, entered_by=None, **options):
        now = taken_at + timedelta(minutes=1)
        clock.move_to(now)
        return record_dose(regimen=regimen, taken_at=taken_at, site=site, administered_by=by,
                           entered_by=entered_by or regimen.patient.user, now=now,
                           **options)  # fmt: skip

    return log


@pytest.fixture
def correct(clock):
    def correct(dose, *, now, by=None, reason="tapped the wrong spot", **changes):
        clock.move_to(now)
        return correct_dose(dose=dose, changed_by=by or dose.patient.user, reason=reason,
                            now=now, **changes)  # fmt: skip

    return correct


@pytest.fixture
def void(clock):
    def void(dose, *, now, by=None, reason="entered by mistake"):
        clock.move_to(now)
        return void_dose(dose=dose, voided_by=by or dose.patient.user, reason=reason, now=now)

    return void


def unchanged(dose) -> tuple:
    dose.refresh_from_db()
    return dose.version, dose.voided_at, dose.revisions.count()


# Who may correct or void a record


def test_the_patient_her_clinic_and_the_author_may_correct(
    log, correct, regimen, caregiver, clinician
):
    mine = log(regimen, at(2, 8))
    carols = log(regimen, at(3, 8), ABDOMEN, by=Administrator.CAREGIVER, entered_by=caregiver)

    assert correct(mine, now=at(3, 9), by=clinician, x_mm=70).x_mm == 70
    assert correct(carols, now=at(3, 9, 5), by=caregiver, x_mm=40).x_mm == 40
    assert correct(carols, now=at(3, 9, 10), x_mm=50).x_mm == 50  # alice, the patient
    who = [r.changed_by.get_username() for r in carols.revisions.order_by("pk")]
    assert who == ["carol", "carol", "alice"]
    assert [r.changed_by for r in mine.revisions.order_by("pk")][-1] == clinician


def test_a_caregiver_may_not_correct_or_void_what_the_patient_entered(
    log, correct, void, regimen, caregiver
):
    dose = log(regimen, at(3, 8))
    before = unchanged(dose)

    with pytest.raises(NotPermitted, match="only the person who entered this record"):
        correct(dose, now=at(3, 9), by=caregiver, x_mm=70)
    with pytest.raises(NotPermitted):
        void(dose, now=at(3, 9), by=caregiver)
    assert unchanged(dose) == before


def test_nobody_without_a_link_may_change_a_record_not_even_its_former_author(
    log, correct, void, regimen, caregiver, outsider
):
    dose = log(regimen, at(3, 8), ABDOMEN, by=Administrator.CAREGIVER, entered_by=caregiver)
    CareLink.objects.filter(caregiver=caregiver).update(revoked_at=at(3, 8, 30))
    before = unchanged(dose)

    for user in (caregiver, outsider):
        with pytest.raises(NotPermitted):
            correct(dose, now=at(3, 9), by=user, x_mm=40)
        with pytest.raises(NotPermitted):
            void(dose, now=at(3, 9), by=user)
    assert unchanged(dose) == before


# The rules, checked again for the corrected facts


def test_a_new_time_files_the_dose_in_the_slot_open_then(log, correct, regimen):
    # Entered this morning as today's; it was in fact taken yesterday evening.
    dose = log(regimen, at(3, 8))

    corrected = correct(dose, now=at(3, 9), taken_at=at(2, 18), reason="it was last night")

    assert (corrected.slot_date, corrected.flags) == (nov(2), [])
    assert [r.data["slot_date"] for r in corrected.revisions.all()] == ["2026-11-03", "2026-11-02"]


def test_a_new_time_between_windows_is_the_late_dose_of_the_day_before_and_flagged(
    log, correct, regimen
):
    dose = log(regimen, at(3, 8))

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 9), taken_at=at(3, 3))
    assert refused.value.codes == ["outside_window"]

    corrected = correct(dose, now=at(3, 9), taken_at=at(3, 3), override_reason="up in the night")
    assert (corrected.slot_date, corrected.flags, corrected.reason) == (
        nov(2), ["outside_window"], "up in the night",
    )  # fmt: skip


def test_a_new_time_before_the_first_slot_is_refused_without_override(log, correct, regimen):
    dose = log(regimen, at(1, 8))
    before = unchanged(dose)

    with pytest.raises(ServiceError, match="first dose could be taken from"):
        correct(dose, now=at(1, 9), taken_at=at(1, 4), override_reason="really")
    assert unchanged(dose) == before


def test_a_new_time_in_a_slot_that_has_its_dose_is_refused(log, correct, regimen):
    log(regimen, at(2, 8))
    dose = log(regimen, at(3, 8), ABDOMEN)

    with pytest.raises(SlotAlreadyRecorded, match="never a double dose"):
        correct(dose, now=at(3, 9), taken_at=at(2, 19), override_reason="really")
    dose.refresh_from_db()
    assert (dose.slot_date, dose.version) == (nov(3), 1)


def test_a_new_time_too_soon_after_the_dose_before_is_refused_then_flagged(log, correct, regimen):
    log(regimen, at(2, 19))  # yesterday's, late
    dose = log(regimen, at(3, 8), ABDOMEN)

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 9), taken_at=at(3, 6))  # 11 h after it
    assert refused.value.codes == ["too_soon"]
    assert "the next can be taken from 07:00" in str(refused.value)

    corrected = correct(dose, now=at(3, 9), taken_at=at(3, 6), override_reason="woke early")
    assert corrected.flags == ["too_soon"]


def test_a_new_time_too_soon_before_the_next_dose_is_refused(log, correct, regimen):
    first = log(regimen, at(2, 8))
    log(regimen, at(3, 6), ABDOMEN)

    with pytest.raises(DoseRefused) as refused:
        correct(first, now=at(3, 9), taken_at=at(2, 19))  # 11 h before it
    assert refused.value.codes == ["too_soon"]


def test_a_correction_is_never_too_soon_after_its_own_former_time(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    assert correct(dose, now=at(3, 9), taken_at=at(3, 7)).flags == []


def test_a_new_spot_is_checked_against_the_other_injections_and_may_be_overridden(
    log, correct, regimen
):
    log(regimen, at(2, 8), THIGH)
    dose = log(regimen, at(3, 8), ABDOMEN)

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 9), region="thigh", side="left", x_mm=70, y_mm=100)
    assert refused.value.codes == ["too_close"]
    assert unchanged(dose)[0] == 1

    corrected = correct(dose, now=at(3, 9), region="thigh", side="left", x_mm=70, y_mm=100,
                        override_reason="the nurse chose it")  # fmt: skip
    assert (corrected.flags, corrected.reason) == (["too_close"], "the nurse chose it")


def test_who_gave_it_is_checked_against_the_regions_they_may_use(log, correct, regimen):
    dose = log(regimen, at(3, 8), Site("upper_arm", "left", 40, 60), by=Administrator.CAREGIVER)

    with pytest.raises(DoseRefused) as refused:
        correct(dose, now=at(3, 9), administered_by=Administrator.SELF)
    assert refused.value.codes == ["region_not_allowed"]


def test_a_rule_the_record_already_broke_asks_for_no_new_reason(log, correct, regimen):
    log(regimen, at(2, 8), THIGH)
    dose = log(regimen, at(3, 8), ONE_CM_AWAY, override_reason="my hand slipped")

    corrected = correct(dose, now=at(3, 9), dose_mg=Decimal("50"), reason="half a syringe")

    assert (corrected.dose_mg, corrected.flags) == (Decimal("50"), ["too_close"])
    assert corrected.reason == "my hand slipped"


def test_a_correction_that_clears_every_flag_clears_the_override_reason(log, correct, regimen):
    log(regimen, at(2, 8), THIGH)
    dose = log(regimen, at(3, 8), ONE_CM_AWAY, override_reason="my hand slipped")

    corrected = correct(dose, now=at(3, 9), region="abdomen", side="", x_mm=30, y_mm=30)

    assert (corrected.flags, corrected.reason) == ([], "")
    assert dose.revisions.first().data["reason"] == "my hand slipped"


def test_a_correction_that_changes_nothing_is_refused(log, correct, regimen):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="nothing was changed"):
        correct(dose, now=at(3, 9), x_mm=dose.x_mm, dose_mg=Decimal("100.00"))
    assert unchanged(dose)[0] == 1


@pytest.mark.parametrize("mg", [Decimal("0"), Decimal("-5"), None])
def test_a_dose_of_no_mg_is_refused(log, correct, regimen, mg):
    dose = log(regimen, at(3, 8))

    with pytest.raises(ServiceError, match="above 0"):
        correct(dose, now=at(3, 9), dose_mg=mg)


# Extra doses: corrected and voided like any injection, never a slot's outcome


def test_an_extra_dose_s_spot_is_corrected_and_it_stays_an_extra_dose(log, correct, regimen):
    log(regimen, at(3, 8))
    extra = log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="forgot I had taken it")

    corrected = correct(extra, now=at(3, 10), x_mm=40)

    assert (corrected.status, corrected.flags) == ("extra", ["extra_dose"])
    assert corrected.reason == "forgot I had taken it"


def test_an_extra_dose_cannot_move_to_a_day_without_its_dose(log, correct, regimen):
    log(regimen, at(3, 8))
    extra = log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")

    with pytest.raises(ServiceError, match="this one would be its dose"):
        correct(extra, now=at(3, 10), taken_at=at(2, 9))
    assert unchanged(extra)[0] == 1


def test_voiding_an_extra_dose_keeps_the_day_s_dose_and_its_adherence(log, void, regimen, patient):
    taken = log(regimen, at(3, 8))
    extra = log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")
    before = adherence_rows([patient], start=nov(1), end=nov(3), at=at(3, 21))

    void(extra, now=at(3, 10), reason="it was the same injection, entered twice")

    extra.refresh_from_db()
    assert (extra.is_voided, extra.void_reason) == (
        True,
        "it was the same injection, entered twice",
    )
    assert adherence_rows([patient], start=nov(1), end=nov(3), at=at(3, 21)) == before
    assert Dose.objects.get(pk=taken.pk).voided_at is None


# Voids: the slot reads again as the rules say


def test_after_a_taken_dose_is_voided_its_slot_is_due_again_then_missed(
    log, void, regimen, patient
):
    dose = log(regimen, at(3, 8))
    before = adherence_rows([patient], start=nov(3), end=nov(3), at=at(3, 21))[0].counts

    void(dose, now=at(3, 9))

    [state] = patient_status(patient, at=at(3, 9, 1))
    assert state.status == SlotStatus.DUE
    after = adherence_rows([patient], start=nov(3), end=nov(3), at=at(3, 21))[0].counts
    assert (before.taken, before.missed) == (1, 0)
    assert (after.taken, after.missed) == (0, 1)


def test_after_a_skip_is_voided_its_slot_is_missed_once_closed(log, void, regimen, patient, clock):
    clock.move_to(at(3, 6))
    skipped = skip_slot(regimen=regimen, slot_date=nov(3), reason="fever",
                        entered_by=patient.user)  # fmt: skip
    counts = adherence_rows([patient], start=nov(3), end=nov(3), at=at(3, 21))[0].counts
    assert (counts.skipped, counts.missed) == (1, 0)

    void(skipped, now=at(3, 7), reason="I took it after all, logged separately")

    counts = adherence_rows([patient], start=nov(3), end=nov(3), at=at(3, 21))[0].counts
    assert (counts.skipped, counts.missed) == (0, 1)
    assert skipped.revisions.last().data["voided"] is True


# The syringe the dose used is not corrected


def test_a_correction_keeps_the_syringe_s_flag_and_moves_its_use_to_the_new_time(
    log, correct, regimen, patient
):
    box = add_box(patient=patient, medication=regimen.medication, lot="K1",
                  expires_on=nov(1), added_by=patient.user, now=at(1, 0))  # fmt: skip
    expired = box.syringes.order_by("pk").first()
    dose = log(regimen, at(3, 8), syringe_id=expired.pk, override_reason="saw the date after")

    corrected = correct(dose, now=at(3, 9), taken_at=at(3, 7), x_mm=70)

    assert (corrected.flags, corrected.reason) == (["syringe_expired"], "saw the date after")
    expired.refresh_from_db()
    assert (expired.dose_id, expired.used_at) == (dose.pk, at(3, 7))
