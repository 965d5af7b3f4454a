"""create_patient, create_regimen, change_schedule and record_pause (DESIGN §5, §8).

Alice's anakinra is due daily at 08:00 Europe/London from 2026-11-01; London keeps
GMT in November, so the slot of day D is at 08:00 UTC and opens at 05:00 UTC.
New York keeps EST (UTC-5) from 2026-11-01, Tokyo is always UTC+9.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from injections.models import Medication, Patient, ScheduleVersion, TreatmentPause
from injections.rules.schedule import SlotStatus, slot_status
from injections.services.accounts import WeakPassword
from injections.services.errors import ServiceError
from injections.services.patients import (
    change_schedule,
    create_patient,
    create_regimen,
    record_pause,
)
from tests.conftest import PASSWORD, START, make_patient

User = get_user_model()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


# Frozen time, started before the cast is created: the order in which schedule versions
# were entered is their `created_at`.
pytestmark = pytest.mark.clock(datetime(2026, 10, 20, 12, tzinfo=UTC))


@pytest.fixture
def change(clock, patient):
    """Change the schedule at `when`, the clock showing that instant."""

    def change(regimen, when, **changes):
        clock.move_to(when)
        return change_schedule(regimen=regimen, changed_by=patient.user, at=when, **changes)

    return change


@pytest.fixture
def methotrexate_medication(db):
    return Medication.objects.create(
        short_name="methotrexate",
        name="Methotrexate",
        strength_mg=Decimal("15"),
        volume_ml=Decimal("0.3"),
    )


def slot_times(regimen, first=START, last=date(2026, 11, 10)) -> dict[date, datetime]:
    return {slot.date: slot.scheduled_at for slot in regimen.schedule().slots(first, last)}


# create_patient


def test_it_creates_a_user_a_patient_and_a_regimen_with_the_defaults(db):
    patient = create_patient(
        username="frank",
        password=PASSWORD,
        email="frank@example.org",
        time_zone="Europe/Paris",
        start_date=START,
    )

    user = patient.user
    assert (user.username, user.email) == ("frank", "frank@example.org")
    assert user.check_password(PASSWORD)
    regimen = patient.regimens.get()
    assert regimen.medication.short_name == "anakinra"
    assert regimen.dose_mg == Decimal("100")
    assert (regimen.start_date, regimen.end_date) == (START, None)
    version = regimen.schedule_versions.get()
    assert (version.rrule, version.time_of_day, version.time_zone) == (
        "FREQ=DAILY",
        time(8, 0),
        "Europe/Paris",
    )
    assert (version.valid_from, version.created_by) == (START, user)
    # 08:00 in Paris (UTC+1 in November) is 07:00 UTC.
    assert regimen.schedule().slot(START).scheduled_at == datetime(2026, 11, 1, 7, tzinfo=UTC)


def test_a_patient_created_without_a_password_cannot_sign_in_yet(db):
    patient = create_patient(username="frank", time_zone="Europe/London", start_date=START)
    assert not patient.user.has_usable_password()


@pytest.mark.parametrize(
    "password, message",
    [
        ("1", "This password is too short. It must contain at least 12 characters."),
        ("123456789012", "This password is entirely numeric."),
        ("frank@example.org", "The password is too similar to the email address."),
    ],
)
def test_a_patient_with_a_weak_password_is_refused_and_nothing_is_created(db, password, message):
    with pytest.raises(WeakPassword) as refused:
        create_patient(username="frank", password=password, email="frank@example.org",
                       time_zone="Europe/London", start_date=START)  # fmt: skip
    assert message in refused.value.messages
    assert not User.objects.filter(username="frank").exists()
    assert not Patient.objects.exists()


def test_the_regimen_records_who_created_it(clinician):
    patient = make_patient("frank", created_by=clinician)
    assert patient.regimens.get().schedule_versions.get().created_by == clinician


def test_it_takes_the_dose_rule_and_time_it_is_given(db):
    patient = make_patient(
        "frank", dose_mg=Decimal("200"), rrule="FREQ=DAILY;INTERVAL=2", time_of_day=time(21, 30)
    )
    regimen = patient.regimens.get()
    assert regimen.dose_mg == Decimal("200")
    assert list(slot_times(regimen, START, nov(5))) == [nov(1), nov(3), nov(5)]
    assert slot_times(regimen)[nov(3)] == at(3, 21, 30)


@pytest.mark.parametrize("username", ["alice", "carol"], ids=["a patient", "a caregiver"])
def test_it_refuses_a_username_already_taken(caregiver, username):
    with pytest.raises(ServiceError, match=f"the user “{username}” already exists"):
        make_patient(username)
    assert Patient.objects.count() == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"medication": "etanercept"}, "unknown medication “etanercept”; known: anakinra"),
        ({"rrule": "FREQ=HOURLY"}, "FREQ must be DAILY or WEEKLY"),
        ({"rrule": "FREQ=DAILY;COUNT=10"}, "COUNT is not supported"),
        ({"rrule": "every day"}, "“every day” is not a recurrence rule like FREQ=DAILY"),
        ({"rrule": "FREQ=DAILY;BYDAY=MO"}, "BYDAY can name one weekday, and only in a WEEKLY"),
        ({"time_zone": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a known time zone"),
        ({"time_zone": "Europe"}, "“Europe” is not a known time zone"),
        ({"time_zone": ""}, "“” is not a known time zone"),
        ({"dose_mg": Decimal("0")}, "the dose must be more than 0 mg"),
    ],
    ids=[
        "unknown medication",
        "hourly",
        "count",
        "words",
        "daily by day",
        "unknown zone",
        "a zone folder",
        "empty zone",
        "zero dose",
    ],
)
def test_it_refuses_a_patient_it_cannot_schedule_and_creates_nothing(db, options, message):
    with pytest.raises(ServiceError) as refused:
        make_patient("frank", **options)

    assert message in str(refused.value)
    assert not User.objects.filter(username="frank").exists()
    assert not Patient.objects.exists()


# create_regimen


def test_a_second_regimen_takes_the_strength_of_its_medication(patient, methotrexate_medication):
    regimen = create_regimen(
        patient=patient,
        medication="methotrexate",
        dose_mg=None,
        rrule="FREQ=WEEKLY;BYDAY=MO",
        time_of_day=time(9, 0),
        time_zone="Europe/London",
        start_date=START,
        created_by=patient.user,
    )

    assert regimen.dose_mg == Decimal("15")
    assert patient.regimens.count() == 2
    assert list(slot_times(regimen, START, nov(16))) == [nov(2), nov(9), nov(16)]


def test_a_regimen_cannot_end_before_it_starts(patient):
    with pytest.raises(ServiceError, match="the end date is before the start date"):
        create_regimen(
            patient=patient,
            medication="anakinra",
            dose_mg=None,
            rrule="FREQ=DAILY",
            time_of_day=time(8, 0),
            time_zone="Europe/London",
            start_date=START,
            end_date=START - timedelta(days=1),
            created_by=patient.user,
        )
    assert patient.regimens.count() == 1


# change_schedule: travel and a new time of day (DESIGN §5)


def test_travel_west_keeps_the_past_slots_and_moves_the_later_ones(change, regimen):
    before = slot_times(regimen)

    version = change(regimen, at(3, 10), time_zone="America/New_York", reason="holiday")

    after = slot_times(regimen)
    assert version.valid_from == nov(4)
    assert {day: after[day] for day in (nov(1), nov(2), nov(3))} == {
        day: before[day] for day in (nov(1), nov(2), nov(3))
    }
    assert [after[nov(day)] for day in range(4, 11)] == [at(day, 13) for day in range(4, 11)]


def test_a_new_time_of_day_moves_the_slots_after_the_change(change, regimen):
    version = change(regimen, at(3, 10), time_of_day=time(20, 0))

    assert version.valid_from == nov(4)
    times = slot_times(regimen, nov(2), nov(5))
    assert list(times.values()) == [at(2, 8), at(3, 8), at(4, 20), at(5, 20)]


@pytest.mark.parametrize(
    ("when", "first_day"),
    [
        (at(3, 4, 59), nov(3)),
        (at(3, 5), nov(4)),
        (at(3, 21), nov(4)),
    ],
    ids=["before today's slot opens", "as it opens", "after it closed"],
)
@pytest.mark.parametrize(
    "changes",
    [{"time_zone": "America/New_York"}, {"time_of_day": time(20, 0)}],
    ids=["new zone", "new time"],
)
def test_the_new_version_starts_at_the_first_slot_that_has_not_opened(
    change, regimen, when, first_day, changes
):
    before = regimen.schedule()

    version = change(regimen, when, **changes)

    assert version.valid_from == first_day
    after = regimen.schedule()
    for slot in before.slots(START, nov(10)):
        if slot.opens_at <= when:
            assert after.slot(slot.date).scheduled_at == slot.scheduled_at
        else:
            assert after.slot(slot.date).scheduled_at != slot.scheduled_at


def test_a_second_change_before_the_first_takes_effect_supersedes_it(change, regimen):
    original = regimen.schedule_versions.get()
    first = change(regimen, at(3, 10), time_zone="America/New_York")

    second = change(regimen, at(3, 11), time_of_day=time(20, 0))

    assert ScheduleVersion.objects.filter(regimen=regimen).count() == 3
    assert regimen.effective_versions() == [original, second]
    assert (second.time_zone, second.time_of_day, second.valid_from) == (
        "America/New_York",
        time(20, 0),
        nov(4),
    )
    # 20:00 in New York on the 4th is 01:00 UTC on the 5th.
    assert slot_times(regimen)[nov(4)] == at(5, 1)
    assert ScheduleVersion.objects.filter(pk=first.pk).exists()


def test_changing_back_before_the_change_takes_effect_restores_the_old_times(change, regimen):
    before = slot_times(regimen)
    change(regimen, at(3, 10), time_zone="America/New_York")

    change(regimen, at(3, 11), time_zone="Europe/London")

    assert slot_times(regimen) == before
    assert regimen.schedule_versions.count() == 3


def test_a_change_after_an_earlier_one_took_effect_keeps_both(change, regimen):
    first = change(regimen, at(3, 10), time_zone="America/New_York")

    second = change(regimen, at(6, 14), time_zone="Europe/London")

    assert [v.valid_from for v in regimen.effective_versions()] == [START, nov(4), nov(7)]
    assert (first.valid_from, second.valid_from) == (nov(4), nov(7))
    times = slot_times(regimen, nov(3), nov(7))
    assert list(times.values()) == [at(3, 8), at(4, 13), at(5, 13), at(6, 13), at(7, 8)]


def test_a_move_east_never_creates_a_slot_already_open_or_past(regimen, patient):
    """Tried every half hour from the day before the first slot to the third day."""
    first_try = datetime(2026, 10, 31, 12, tzinfo=UTC)
    for step in range(0, 3 * 48):
        when = first_try + timedelta(minutes=30 * step)
        with transaction.atomic():
            before = regimen.schedule()
            version = change_schedule(
                regimen=regimen, changed_by=patient.user, time_zone="Asia/Tokyo", at=when
            )
            after = regimen.schedule()
            moved = after.slots(version.valid_from, version.valid_from + timedelta(days=7))
            assert moved and all(slot.time_zone == "Asia/Tokyo" for slot in moved)
            assert all(slot.opens_at > when for slot in moved), (
                f"changed at {when}: the slot of {moved[0].date} opened at {moved[0].opens_at}"
            )
            for slot in before.slots(START, version.valid_from - timedelta(days=1)):
                assert after.slot(slot.date).scheduled_at == slot.scheduled_at, when
            slots = after.slots(START, version.valid_from + timedelta(days=7))
            assert all(a.closes_at <= b.opens_at for a, b in zip(slots, slots[1:], strict=False)), (
                f"changed at {when}: two slots are open at once"
            )
            transaction.set_rollback(True)


def test_a_move_east_before_the_first_dose_never_opens_it_early(change, regimen):
    # At 04:00 UTC on Nov 1 the first slot (08:00 London) has not opened yet, but
    # 08:00 in Tokyo that day was 23:00 UTC the evening before.
    version = change(regimen, at(1, 4), time_zone="Asia/Tokyo")

    assert version.valid_from == nov(2)
    times = slot_times(regimen, START, nov(2))
    assert list(times.values()) == [at(1, 8), at(1, 23)]


def test_a_change_long_before_the_start_applies_from_the_first_slot(change, regimen):
    original = regimen.schedule_versions.get()

    version = change(regimen, datetime(2026, 10, 25, 12, tzinfo=UTC), time_zone="Asia/Tokyo")

    assert version.valid_from == START
    assert regimen.effective_versions() == [version]
    assert ScheduleVersion.objects.filter(pk=original.pk).exists()


def test_a_new_time_keeps_an_every_other_day_regimen_on_its_days(change, db):
    regimen = make_patient("frank", rrule="FREQ=DAILY;INTERVAL=2").regimens.get()

    version = change(regimen, at(3, 10), time_of_day=time(20, 0))

    assert version.valid_from == nov(5)
    times = slot_times(regimen, START, nov(9))
    assert list(times.items()) == [
        (nov(1), at(1, 8)),
        (nov(3), at(3, 8)),
        (nov(5), at(5, 20)),
        (nov(7), at(7, 20)),
        (nov(9), at(9, 20)),
    ]


def test_a_new_time_keeps_a_weekly_dose_on_its_weekday(change, methotrexate_medication):
    # FREQ=WEEKLY without BYDAY repeats on the start date's weekday: Monday.
    regimen = make_patient(
        "frank",
        medication="methotrexate",
        rrule="FREQ=WEEKLY",
        time_of_day=time(9, 0),
        start_date=nov(2),
    ).regimens.get()

    version = change(regimen, at(2, 12), time_of_day=time(18, 0))

    assert version.valid_from == nov(9)
    assert list(slot_times(regimen, nov(2), nov(16)).values()) == [
        at(2, 9),
        at(9, 18),
        at(16, 18),
    ]


def test_a_new_rule_counts_from_the_first_slot_that_has_not_opened(change, regimen):
    version = change(regimen, at(3, 10), rrule="FREQ=DAILY;INTERVAL=2")

    assert version.valid_from == nov(4)
    assert list(slot_times(regimen, nov(2), nov(8))) == [nov(2), nov(3), nov(4), nov(6), nov(8)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Atlantis/Capital"}, "“Atlantis/Capital” is not a known time zone"),
        ({"time_zone": "America"}, "“America” is not a known time zone"),
        ({"rrule": "FREQ=MONTHLY"}, "FREQ must be DAILY or WEEKLY"),
    ],
)
def test_a_change_it_cannot_schedule_is_refused_and_changes_nothing(
    change, regimen, changes, message
):
    with pytest.raises(ServiceError, match=message):
        change(regimen, at(3, 10), **changes)
    assert regimen.schedule_versions.count() == 1


# record_pause


def test_a_pause_makes_its_slots_paused(regimen, clinician):
    pause = record_pause(
        regimen=regimen,
        first_day=nov(5),
        last_day=nov(7),
        reason="  knee surgery  ",
        created_by=clinician,
    )

    assert (pause.reason, pause.created_by) == ("knee surgery", clinician)
    schedule = regimen.schedule()
    assert [slot.date for slot in schedule.slots(nov(3), nov(9)) if slot.paused] == [
        nov(5),
        nov(6),
        nov(7),
    ]
    paused = schedule.slot(nov(6))
    assert slot_status(paused, at=at(7, 12), outcome=None) == SlotStatus.PAUSED
    after = schedule.slot(nov(8))
    assert slot_status(after, at=at(8, 21), outcome=None) == SlotStatus.MISSED


def test_an_open_ended_pause_pauses_every_later_slot(regimen, clinician):
    record_pause(
        regimen=regimen, first_day=nov(5), last_day=None, reason="infection", created_by=clinician
    )
    slots = regimen.schedule().slots(nov(4), nov(30))
    assert [slot.date for slot in slots if not slot.paused] == [nov(4)]


def test_a_pause_keeps_the_slots_it_covers_after_a_change_of_zone(change, regimen, clinician):
    record_pause(
        regimen=regimen, first_day=nov(5), last_day=nov(6), reason="surgery", created_by=clinician
    )
    change(regimen, at(3, 10), time_zone="Asia/Tokyo")

    paused = [slot.date for slot in regimen.schedule().slots(nov(3), nov(8)) if slot.paused]
    assert paused == [nov(5), nov(6)]


@pytest.mark.parametrize(
    ("first_day", "last_day", "reason", "message"),
    [
        (nov(5), nov(7), "  ", "say why the treatment is paused"),
        (nov(7), nov(5), "surgery", "the pause ends before it starts"),
    ],
)
def test_a_pause_it_cannot_make_sense_of_is_refused(
    regimen, clinician, first_day, last_day, reason, message
):
    with pytest.raises(ServiceError, match=message):
        record_pause(
            regimen=regimen,
            first_day=first_day,
            last_day=last_day,
            reason=reason,
            created_by=clinician,
        )
    assert not TreatmentPause.objects.exists()


# change_schedule: the prescription (issue 10, item 5)


def test_the_same_rhythm_spelt_otherwise_keeps_the_rule_as_written(change, regimen):
    regimen.schedule_versions.update(rrule="FREQ=WEEKLY")  # from Sunday 1 November
    version = change(regimen, at(2, 12), rrule="FREQ=WEEKLY;BYDAY=SU", time_of_day=time(19, 0))
    assert version.rrule == "FREQ=WEEKLY"
    assert version.valid_from == nov(8)


def test_a_change_of_dose_applies_from_the_next_unopened_slot(change, regimen, patient):
    version = change(regimen, at(2, 12), dose_mg=Decimal("150"))
    regimen.refresh_from_db()
    assert (version.dose_mg, version.valid_from, regimen.dose_mg) == (150, nov(3), 150)
    assert regimen.dose_on(nov(2)) == 100
    assert regimen.dose_on(nov(3)) == 150
    first = regimen.schedule_versions.earliest("pk")
    assert first.dose_mg == 100  # the old prescription stays stored


def test_a_weight_based_dose_stays_weight_based_when_only_the_time_changes(change, regimen):
    change(regimen, at(2, 12), mg_per_kg=Decimal("2"), weight_kg=Decimal("40"))
    version = change(regimen, at(3, 12), time_of_day=time(9, 0))
    assert (version.dose_mg, version.mg_per_kg, version.weight_kg) == (80, 2, 40)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"mg_per_kg": Decimal("8.01"), "weight_kg": Decimal("50")}, "above 8 mg per kg a day"),
        ({"mg_per_kg": Decimal("2")}, "needs both the mg per kg and the weight"),
        ({"dose_mg": Decimal("0")}, "the dose must be more than 0 mg"),
    ],
)
def test_a_wrong_dose_is_refused(change, regimen, changes, message):
    with pytest.raises(ServiceError, match=message):
        change(regimen, at(2, 12), **changes)
    assert regimen.schedule_versions.count() == 1


def test_a_patient_in_a_clinic_cannot_change_the_frequency_or_dose(change, regimen, clinic):
    for changes in ({"rrule": "FREQ=DAILY;INTERVAL=2"}, {"dose_mg": Decimal("50")}):
        with pytest.raises(ServiceError, match="only its staff change the dose or how often"):
            change(regimen, at(2, 12), **changes)
    assert change(regimen, at(2, 12), time_of_day=time(7, 0)).time_of_day == time(7, 0)


def test_the_clinic_s_staff_change_the_frequency(clock, regimen, clinician):
    clock.move_to(at(2, 12))
    version = change_schedule(
        regimen=regimen, changed_by=clinician, rrule="FREQ=DAILY;INTERVAL=2", at=at(2, 12)
    )
    assert version.rrule == "FREQ=DAILY;INTERVAL=2"


def test_a_caregiver_cannot_change_the_frequency(clock, regimen, caregiver):
    clock.move_to(at(2, 12))
    with pytest.raises(ServiceError, match="only the patient changes the dose or how often"):
        change_schedule(regimen=regimen, changed_by=caregiver, rrule="FREQ=WEEKLY", at=at(2, 12))
