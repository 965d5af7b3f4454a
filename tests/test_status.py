"""Where a regimen stands at an instant (injections/status.py)."""

from datetime import UTC, date, datetime

from injections.reading.regimens import active_regimens
from injections.reading.status import patient_status
from injections.services.patients import record_pause

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
