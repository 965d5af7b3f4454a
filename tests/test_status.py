"""Where a regimen stands at an instant (injections/status.py)."""

from datetime import UTC, date, datetime, time

import pytest

from injections.reading.regimens import active_regimens
from injections.reading.status import patient_status
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot
from injections.services.patients import record_pause
from injections.text.status import describe
from tests.conftest import make_patient

DUE = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)


def test_a_paused_slot_has_nothing_to_skip(patient, regimen, clinician):
    record_pause(regimen=regimen, first_day=date(2026, 11, 3), last_day=date(2026, 11, 4),
                 reason="surgery", created_by=clinician)  # fmt: skip
    [state] = patient_status(patient, at=DUE)
    assert state.status == "paused"
    assert state.skippable is None


def test_after_a_pause_the_next_slot_can_be_skipped_once_it_opens(patient, regimen, clinician):
    record_pause(regimen=regimen, first_day=date(2026, 11, 3), last_day=date(2026, 11, 3),
                 reason="dental surgery", created_by=clinician)  # fmt: skip
    [state] = patient_status(patient, at=DUE)
    assert state.skippable is None  # only the open slot: this one is paused (DESIGN §5)
    [state] = patient_status(patient, at=datetime(2026, 11, 4, 6, 0, tzinfo=UTC))
    assert state.skippable.date == date(2026, 11, 4)


def test_an_upcoming_slot_is_not_skipped_from_the_check_in(patient):
    [state] = patient_status(patient, at=datetime(2026, 11, 3, 4, 0, tzinfo=UTC))
    assert (state.status, state.skippable) == ("upcoming", None)


def test_a_due_slot_can_be_skipped(patient):
    [state] = patient_status(patient, at=DUE)
    assert (state.status, state.skippable.date) == ("due", date(2026, 11, 3))
    assert list(active_regimens(patient)) == [state.regimen]


# Every status sentence names the day when it is not today (issue 10, item 3).


def words_at(patient, at: datetime) -> str:
    [state] = patient_status(patient, at=at)
    return describe(state)


@pytest.mark.parametrize(
    ("rrule", "at", "words"),
    [
        # Daily: missed at 08:00 on Tuesday 3rd; at 21:00 the next is tomorrow.
        ("FREQ=DAILY", datetime(2026, 11, 3, 21, 0, tzinfo=UTC), "take the next tomorrow at 08:00"),
        # Every other day from Sunday 1st: Tuesday 3rd's closed at 08:00 on the 4th; the
        # next is Thursday 5th.
        (
            "FREQ=DAILY;INTERVAL=2",
            datetime(2026, 11, 4, 9, 0, tzinfo=UTC),
            "take the next tomorrow at 08:00",
        ),
        (
            "FREQ=WEEKLY;BYDAY=SU",
            datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
            "take the next on Sunday 8 November at 08:00",
        ),
    ],
    ids=["daily", "every-other-day", "weekly"],
)
def test_after_a_missed_dose_the_next_is_named_by_its_day(db, rrule, at, words):
    """Measured: "take the next at 08:00" gave no day for every other day or weekly."""
    patient = make_patient("mia", rrule=rrule)
    said = words_at(patient, at)
    assert "skip the missed one" in said
    assert words in said


def test_the_missed_dose_of_this_morning_names_no_day_for_tonight(db):
    patient = make_patient("mia", time_of_day=time(22, 0))
    # 22:00 yesterday was missed (closed at 10:00); tonight's opens at 19:00.
    said = words_at(patient, datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    assert "take the next at 22:00, never a double dose" in said


def test_a_late_dose_whose_window_closes_tomorrow_says_so(db):
    """Measured: "Today's window closes at 08:00" when it closes tomorrow."""
    patient = make_patient("mia", rrule="FREQ=DAILY;INTERVAL=2")
    # Tuesday 3rd 08:00, every other day: on time to 10:00, closes Wednesday 08:00.
    said = words_at(patient, datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert said.endswith("is late: take it now. Its window closes tomorrow at 08:00.")
    daily = make_patient("noa")
    said = words_at(daily, datetime(2026, 11, 3, 15, 0, tzinfo=UTC))
    assert said.endswith("is late: take it now. Today's window closes at 20:00.")


def test_a_dose_taken_the_evening_before_its_slot_says_yesterday(db):
    """A 01:00 dose opens at 22:00 the evening before: taken then, it reads so."""
    patient = make_patient("mia", time_of_day=time(1, 0))
    taken = datetime(2026, 11, 2, 22, 30, tzinfo=UTC)
    record_dose(regimen=patient.regimens.get(), taken_at=taken, site=Site("thigh", "left", 60, 60),
                administered_by="self", entered_by=patient.user, now=taken)  # fmt: skip
    said = words_at(patient, datetime(2026, 11, 3, 0, 30, tzinfo=UTC))
    assert said.startswith("anakinra 100 mg taken yesterday at 22:30 in the thigh left")
    assert "taken at 22:30" in words_at(patient, datetime(2026, 11, 2, 23, 0, tzinfo=UTC))


@pytest.mark.parametrize(
    ("rrule", "now", "words"),
    [
        # Daily: Wednesday 4th's dose, told on Tuesday evening, is tomorrow's.
        ("FREQ=DAILY", datetime(2026, 11, 3, 21, 0, tzinfo=UTC),
         "anakinra 100 mg: the dose tomorrow is planned to be skipped: dentist"),
        # Weekly on Sundays: Sunday 8th's, told on Thursday 5th, is named by its day.
        ("FREQ=WEEKLY;BYDAY=SU", datetime(2026, 11, 5, 9, 0, tzinfo=UTC),
         "anakinra 100 mg: the dose on Sunday 8 November is planned to be skipped: dentist"),
    ],
    ids=["daily", "weekly"],
)  # fmt: skip
def test_a_planned_skip_names_the_day_of_its_dose(db, rrule, now, words):
    patient = make_patient("mia", rrule=rrule)
    regimen = patient.regimens.get()
    day = date(2026, 11, 4) if rrule == "FREQ=DAILY" else date(2026, 11, 8)
    skip_slot(regimen=regimen, slot_date=day, reason="dentist", entered_by=patient.user,
              now=datetime(2026, 11, 2, 12, 0, tzinfo=UTC), planned=True)  # fmt: skip
    assert words_at(patient, now) == words


def test_a_skip_made_at_the_time_says_skipped_without_a_plan(db):
    patient = make_patient("mia")
    skip_slot(regimen=patient.regimens.get(), slot_date=date(2026, 11, 3), reason="fever",
              entered_by=patient.user, now=DUE)  # fmt: skip
    assert words_at(patient, DUE) == "anakinra 100 mg skipped: fever"


def test_a_reason_chosen_is_said_in_the_readers_words(db):
    patient = make_patient("mia")
    skip_slot(regimen=patient.regimens.get(), slot_date=date(2026, 11, 3), skip_reason="surgery",
              reason="knee", entered_by=patient.user, now=DUE)  # fmt: skip
    assert words_at(patient, DUE) == "anakinra 100 mg skipped: Surgery or dental work planned: knee"
