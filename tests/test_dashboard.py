"""The clinic's adherence review (injections/dashboard.py): the same figures as the
`adherence` command, and a query count that does not grow with the clinic."""

import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from injections.models import Dose, Enrollment
from injections.reading.review import clinic_patients, review
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot
from injections.services.patients import record_pause
from injections.services.skin import record_site_check
from tests.conftest import make_patient

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # London is on GMT: local = UTC


pytestmark = pytest.mark.clock(NOW)


def take(regimen, day: int, *, hour=8, x_mm=60, y_mm=100, reason=""):
    at = datetime(2026, 11, day, hour, 0, tzinfo=UTC)
    return record_dose(regimen=regimen, taken_at=at, site=Site("thigh", "left", x_mm, y_mm),
                       administered_by="self", entered_by=regimen.patient.user,
                       override_reason=reason, now=at)  # fmt: skip


@pytest.fixture
def history(regimen):
    """Nov 1-21 (21 slots by Nov 21 12:00, the 21st open): taken on time on the 1st
    to the 14th rotating sites, late on the 15th, skipped the 16th, missed the 17th
    to the 20th, nothing yet on the 21st."""
    for day in range(1, 15):
        take(regimen, day, x_mm=(day % 4) * 30, y_mm=(day % 5) * 40)
    take(regimen, 15, hour=12, x_mm=30, y_mm=0, reason="overslept")
    before = datetime(2026, 11, 16, 7, tzinfo=UTC)
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 16), reason="fever",
              entered_by=regimen.patient.user, now=before)  # fmt: skip
    return regimen


def test_a_row_counts_the_last_30_days(clinic, history):
    [row] = review(clinic_patients(clinic), at=NOW)
    counts = row.by_period[30]
    assert (counts.scheduled, counts.taken, counts.on_time, counts.skipped, counts.missed) == (
        21, 15, 14, 1, 4)  # fmt: skip
    assert row.missed_in_a_row == 4
    assert row.last_dose_at == datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
    assert row.adherent is False  # 15 / 21 = 71.4 %


def test_the_dashboard_agrees_with_the_adherence_command(clinic, history):
    [row] = review(clinic_patients(clinic), at=NOW)
    for days in (30, 90):
        out = StringIO()
        start = (NOW.date() - timedelta(days=days - 1)).isoformat()
        call_command("adherence", "--from", start, "--to", NOW.date().isoformat(),
                     "--at", NOW.isoformat(), "--json", stdout=out)  # fmt: skip
        [figures] = json.loads(out.getvalue())
        counts = row.by_period[days]
        assert figures["scheduled"] == counts.scheduled
        assert figures["taken"] == counts.taken
        assert figures["on_time"] == counts.on_time
        assert figures["missed"] == counts.missed
        assert figures["adherence_pct"] == float(counts.adherence_pct)
        assert figures["on_time_pct"] == float(counts.on_time_pct)


def test_flags_count_site_overrides_late_windows_and_unhealed_reactions(clinic, regimen):
    first = take(regimen, 19)
    take(regimen, 20, x_mm=60, y_mm=110, reason="it already happened")  # 1 cm away
    record_site_check(dose=first, kinds=["redness"], recorded_by=regimen.patient.user)
    [row] = review(clinic_patients(clinic), at=NOW)
    assert (row.site_overrides, row.outside_window, row.unhealed_reactions) == (1, 0, 1)
    assert row.flagged


def test_paused_slots_are_neither_scheduled_nor_missed(clinic, clinician, regimen):
    record_pause(regimen=regimen, first_day=date(2026, 11, 1), last_day=date(2026, 11, 20),
                 reason="surgery", created_by=clinician)  # fmt: skip
    [row] = review(clinic_patients(clinic), at=NOW)
    assert row.by_period[30].scheduled == 1  # only today's open slot
    assert row.missed_in_a_row == 0


def test_patients_who_left_the_clinic_are_not_listed(clinic, patient):
    Enrollment.objects.filter(patient=patient).update(left_at=NOW - timedelta(days=1))
    assert review(clinic_patients(clinic), at=NOW) == []


def _enrol(clinic, count: int, start: int):
    for n in range(start, start + count):
        patient = make_patient(f"p{n}", start_date=date(2026, 8, 1))
        Enrollment.objects.create(patient=patient, clinic=clinic)
        regimen = patient.regimens.get()
        Dose.objects.bulk_create(
            Dose(patient=patient, regimen=regimen, slot_date=date(2026, 8, 1) + timedelta(days=d),
                 status="taken", taken_at=datetime(2026, 8, 1, 8, tzinfo=UTC) + timedelta(days=d),
                 dose_mg=100, region="thigh", side="left", x_mm=(d % 5) * 30, y_mm=(d % 7) * 30,
                 administered_by="self", entered_by=patient.user,
                 entered_at=datetime(2026, 8, 1, 8, tzinfo=UTC) + timedelta(days=d))
            for d in range(100)
        )  # fmt: skip


def test_the_query_count_does_not_grow_with_the_number_of_patients(clinic):
    _enrol(clinic, 3, start=0)
    with CaptureQueriesContext(connection) as few:
        rows = review(clinic_patients(clinic), at=NOW)
    assert len(rows) == 4  # alice and three more
    _enrol(clinic, 12, start=3)
    with CaptureQueriesContext(connection) as many:
        rows = review(clinic_patients(clinic), at=NOW)
    assert len(rows) == 16
    # 10 for the figures and flags (the flagged records apart from the rest: most
    # have none), 5 for medicines and blood tests (reading.health).
    assert len(many.captured_queries) == len(few.captured_queries) <= 15


def test_a_dose_taken_today_ends_the_run_of_misses(clinic, history):
    take(history, 21, hour=9, x_mm=120, y_mm=200)
    [row] = review(clinic_patients(clinic), at=NOW)
    assert row.missed_in_a_row == 0
