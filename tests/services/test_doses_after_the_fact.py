"""record_dose for the day as patients live it (DESIGN §5, issue 10): the minimum gap
between doses, and extra doses given by mistake.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from 2026-11-01 (GMT, so
local times are UTC): the slot of day D opens at 05:00, is on time until 10:00 and
closes at 20:00.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from injections.models import Dose, ScheduleVersion
from injections.reading.adherence import adherence_rows
from injections.reading.facts import past_injections
from injections.reading.review import review
from injections.reading.status import patient_status
from injections.rules.geometry import Administrator, Site
from injections.services.doses import record_dose, void_dose
from injections.services.errors import DoseRefused, ServiceError, SlotAlreadyRecorded
from injections.services.skin import record_site_check

THIGH = Site("thigh", "left", 60, 100)
ABDOMEN = Site("abdomen", "", 30, 30)
OTHER_THIGH = Site("thigh", "right", 60, 100)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def log(clock):
    def log(regimen, taken_at, site=THIGH, *, now=None, **options):
        now = now or taken_at + timedelta(minutes=1)
        clock.move_to(now)
        options.setdefault("entered_by", regimen.patient.user)
        return record_dose(regimen=regimen, taken_at=taken_at, site=site,
                           administered_by=Administrator.SELF, now=now, **options)  # fmt: skip

    return log


def every_other_day(regimen):
    regimen.schedule_versions.update(rrule="FREQ=DAILY;INTERVAL=2")
    return type(regimen).objects.get(pk=regimen.pk)


# The minimum gap: each measured case is refused, then recorded only with a reason


def test_two_daily_doses_9_hours_apart_are_too_soon(log, regimen):
    log(regimen, at(2, 19, 59))

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(3, 5, 0), ABDOMEN)

    assert refused.value.codes == ["too_soon"]
    assert str(refused.value) == (
        "the last dose was at 19:59 yesterday; the next can be taken from 07:59 today"
    )
    assert Dose.objects.count() == 1


def test_every_other_day_doses_21_hours_apart_are_too_soon(log, regimen):
    regimen = every_other_day(regimen)  # slots on the 1st, 3rd, 5th ...
    log(regimen, at(4, 7, 59))  # the slot of the 3rd, late

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(5, 5, 0), ABDOMEN)

    assert refused.value.codes == ["too_soon"]
    assert "the next can be taken from 07:59 today" in str(refused.value)


def test_after_travel_east_doses_12_hours_apart_every_other_day_are_too_soon(log, regimen):
    regimen = every_other_day(regimen)
    ScheduleVersion.objects.create(
        regimen=regimen, valid_from=nov(11), rrule="FREQ=DAILY;INTERVAL=2",
        time_of_day=time(8, 0), time_zone="Asia/Tokyo", dose_mg=regimen.dose_mg,
        created_by=regimen.patient.user,
    )  # fmt: skip
    regimen = type(regimen).objects.get(pk=regimen.pk)
    log(regimen, at(10, 7, 59))  # London's slot of the 9th, late
    # Tokyo's slot of the 11th opens at 20:00 UTC on the 10th: twelve hours later.
    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(10, 20, 0), ABDOMEN)

    assert refused.value.codes == ["too_soon"]
    # In the new slot's zone: it is 05:00 on the 11th in Tokyo, and the last dose was
    # at 16:59 there on the 10th.
    assert str(refused.value) == (
        "the last dose was at 16:59 yesterday; the next can be taken from 16:59 today"
    )


def test_the_gap_is_that_of_the_rule_in_force_for_the_dose_s_slot(log, regimen):
    regimen = every_other_day(regimen)
    ScheduleVersion.objects.create(
        regimen=regimen, valid_from=nov(10), rrule="FREQ=DAILY", time_of_day=time(8, 0),
        time_zone="Europe/London", dose_mg=regimen.dose_mg, created_by=regimen.patient.user,
    )  # fmt: skip
    regimen = type(regimen).objects.get(pk=regimen.pk)
    log(regimen, at(9, 19, 0))  # every other day: the slot of the 9th
    assert log(regimen, at(10, 8, 0), ABDOMEN).flags == []  # daily now: 13 h is enough


def test_a_dose_at_exactly_the_gap_is_accepted(log, regimen):
    log(regimen, at(2, 19, 0))
    assert log(regimen, at(3, 7, 0), ABDOMEN).flags == []


def test_a_dose_too_soon_is_recorded_as_it_happened_with_a_reason_and_flagged(log, regimen):
    log(regimen, at(2, 19, 59))

    dose = log(regimen, at(3, 5, 0), ABDOMEN, override_reason="got up early for a flight")

    assert (dose.slot_date, dose.status, dose.flags) == (nov(3), "taken", ["too_soon"])
    assert dose.reason == "got up early for a flight"


def test_a_dose_logged_after_the_fact_is_held_to_the_gap_with_the_dose_after_it(log, regimen):
    log(regimen, at(3, 5, 30))

    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(2, 19, 0), ABDOMEN, now=at(3, 9))

    assert refused.value.codes == ["too_soon"]
    assert str(refused.value) == (
        "a dose is recorded at 05:30 today, less than 12 hours after this one"
    )


def test_a_voided_dose_does_not_hold_the_next_one_back(log, regimen, clock):
    first = log(regimen, at(2, 19, 59))
    void_dose(dose=first, voided_by=regimen.patient.user, reason="wrong day", now=at(2, 20, 5))

    assert log(regimen, at(3, 5, 0), ABDOMEN).flags == []


def test_other_medicines_do_not_count_for_the_gap(log, regimen, patient):
    from injections.models import Medication
    from injections.services.patients import create_regimen

    Medication.objects.create(short_name="mtx", name="Methotrexate",
                              strength_mg=Decimal("15"), volume_ml=Decimal("0.3"))  # fmt: skip
    mtx = create_regimen(patient=patient, medication="mtx", dose_mg=None, rrule="FREQ=DAILY",
                         time_of_day=time(8, 0), time_zone="Europe/London", start_date=nov(1),
                         created_by=patient.user)  # fmt: skip
    log(mtx, at(3, 7, 0), OTHER_THIGH)
    assert log(regimen, at(3, 8, 0)).flags == []


# Extra doses


def test_a_second_injection_in_a_taken_slot_is_still_refused_without_saying_it_was_one(
    log, regimen
):
    log(regimen, at(3, 8))
    with pytest.raises(SlotAlreadyRecorded) as refused:
        log(regimen, at(3, 9), ABDOMEN, override_reason="took a second syringe")
    assert refused.value.taken


def test_an_accidental_second_injection_is_recorded_as_an_extra_dose(log, regimen):
    taken = log(regimen, at(3, 8))

    extra = log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="forgot I had taken it")

    extra.refresh_from_db()
    assert (extra.status, extra.slot_date, extra.flags) == ("extra", nov(3), ["extra_dose"])
    assert extra.reason == "forgot I had taken it"
    assert extra.revisions.get().action == "created"
    [state] = patient_status(regimen.patient, at=at(3, 10))
    assert state.dose == taken
    assert state.status == "taken"


def test_an_extra_dose_keeps_the_site_rules_it_broke(log, regimen):
    log(regimen, at(3, 8))
    extra = log(regimen, at(3, 9), THIGH, extra=True, override_reason="a second by mistake")
    assert extra.flags == ["extra_dose", "too_close"]


def test_an_extra_dose_needs_a_reason(log, regimen):
    log(regimen, at(3, 8))
    with pytest.raises(ServiceError, match="say what happened"):
        log(regimen, at(3, 9), ABDOMEN, extra=True)
    assert Dose.objects.count() == 1


@pytest.mark.parametrize("skipped", [False, True], ids=["nothing recorded", "a skip"])
def test_an_extra_dose_needs_a_taken_dose_beside_it(log, regimen, skipped):
    if skipped:
        from injections.services.doses import skip_slot

        skip_slot(regimen=regimen, slot_date=nov(3), reason="fever",
                  entered_by=regimen.patient.user, now=at(3, 6))  # fmt: skip
    with pytest.raises(ServiceError, match="no dose is recorded as taken for 2026-11-03"):
        log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")
    assert not Dose.objects.filter(status="extra").exists()


def test_an_extra_dose_counts_for_site_rotation(log, regimen, patient):
    log(regimen, at(3, 8), OTHER_THIGH)
    extra = log(regimen, at(3, 9), THIGH, extra=True, override_reason="by mistake")

    assert [i.dose_id for i in past_injections(patient, at=at(4, 8))][-1] == extra.pk
    with pytest.raises(DoseRefused) as refused:
        log(regimen, at(4, 8), Site("thigh", "left", 70, 100))
    assert refused.value.codes == ["too_close"]


def test_an_extra_dose_does_not_change_adherence(log, regimen, patient):
    log(regimen, at(3, 8))
    before = adherence_rows([patient], start=nov(1), end=nov(3), at=at(3, 21))
    log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")

    after = adherence_rows([patient], start=nov(1), end=nov(3), at=at(3, 21))
    assert after == before
    assert (after[0].counts.taken, after[0].counts.missed) == (1, 2)


def test_an_extra_dose_flags_the_clinic_s_review_without_changing_its_figures(
    log, regimen, patient
):
    log(regimen, at(3, 8))
    [before] = review([patient], at=at(3, 21))
    log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")

    [row] = review([patient], at=at(3, 21))
    assert row.extra_doses == 1
    assert row.flagged
    assert row.by_period == before.by_period


def test_a_too_soon_dose_flags_the_clinic_s_review(log, regimen, patient):
    log(regimen, at(2, 19, 59))
    log(regimen, at(3, 5, 0), ABDOMEN, override_reason="early flight")
    [row] = review([patient], at=at(3, 21))
    assert (row.too_soon, row.outside_window, row.flagged) == (1, 0, True)


def test_the_database_holds_an_extra_dose_beside_the_outcome_but_not_without_a_reason(
    log, regimen, patient
):
    taken = log(regimen, at(3, 8))
    fields = dict(patient=patient, regimen=regimen, slot_date=taken.slot_date, status="extra",
                  taken_at=at(3, 9), dose_mg=Decimal("100"), region="abdomen", side="", x_mm=30,
                  y_mm=30, administered_by="self", entered_by=patient.user)  # fmt: skip
    Dose.objects.create(**fields, reason="by mistake")
    Dose.objects.create(**fields, reason="and again")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dose.objects.create(**fields)
    assert Dose.objects.filter(status="extra").count() == 2


def test_the_check_in_asks_how_an_extra_dose_s_site_looks_like_any_injection(
    log, regimen, patient
):
    log(regimen, at(3, 8))
    extra = log(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")
    [injection] = [i for i in past_injections(patient, at=at(4, 9)) if i.dose_id == extra.pk]
    assert not injection.site_checked
    record_site_check(dose=extra, kinds=[], recorded_by=patient.user, now=at(4, 9))
    [injection] = [i for i in past_injections(patient, at=at(4, 10)) if i.dose_id == extra.pk]
    assert injection.site_checked
