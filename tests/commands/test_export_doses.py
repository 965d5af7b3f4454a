"""manage.py export_doses: the patient's log on standard output, as CSV or FHIR
(DESIGN §7, §8)."""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from fhir.resources.R4B.bundle import Bundle

from injections.exports.csvlog import FIELDS
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot, void_dose

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.clock(NOW)


def export(*args) -> str:
    out = StringIO()
    call_command("export_doses", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def a_dose_and_a_skip(regimen):
    """A dose on 2 November at 08:05 in the left thigh, and 3 November skipped."""
    record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 2, 8, 5, tzinfo=UTC),
        site=Site("thigh", "left", 35, 40),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    skip_slot(
        regimen=regimen,
        slot_date=date(2026, 11, 3),
        reason="fever",
        entered_by=regimen.patient.user,
    )


def test_it_writes_the_log_as_csv_to_standard_output(regimen):
    a_dose_and_a_skip(regimen)
    assert export("--patient", "alice") == (
        ",".join(FIELDS) + "\n"
        "2026-11-02T08:05:00+00:00,2026-11-02,anakinra,100,thigh,left,3.5,4,self,taken,,\n"
        # A skip names the dose that was due (DESIGN §7).
        ",2026-11-03,anakinra,100,,,,,,skipped,fever,\n"
    )


def test_it_writes_only_the_header_for_an_empty_log(patient):
    assert export("--patient", "alice", "--format", "csv") == ",".join(FIELDS) + "\n"


def test_it_leaves_out_other_patients(regimen, other_patient):
    skip_slot(
        regimen=regimen,
        slot_date=date(2026, 11, 3),
        reason="fever",
        entered_by=regimen.patient.user,
    )
    assert export("--patient", "bob") == ",".join(FIELDS) + "\n"


def test_it_writes_the_log_as_a_fhir_bundle_to_standard_output(regimen):
    a_dose_and_a_skip(regimen)
    out = export("--patient", "alice", "--format", "fhir")
    bundle = json.loads(out)
    Bundle.model_validate_json(out)  # what a receiver does with it
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert bundle["timestamp"] == "2026-11-10T12:00:00Z"
    given = [e["resource"] for e in bundle["entry"]
             if e["resource"]["resourceType"] == "MedicationAdministration"]  # fmt: skip
    assert [(a["status"], a["effectiveDateTime"]) for a in given] == [
        ("completed", "2026-11-02T08:05:00Z"),
        ("not-done", "2026-11-03T08:00:00Z"),
    ]
    assert given[0]["dosage"]["site"]["coding"] == [
        {"system": "http://snomed.info/sct", "code": "61396006"}
    ]
    assert given[1]["statusReason"] == [{"text": "fever"}]


def fhir_statuses(*args) -> list[str]:
    bundle = json.loads(export("--patient", "alice", "--format", "fhir", *args))
    return [e["resource"]["status"] for e in bundle["entry"]
            if e["resource"]["resourceType"] == "MedicationAdministration"]  # fmt: skip


def test_it_writes_voided_records_as_entered_in_error_only_when_asked(regimen):
    dose = record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 2, 8, 5, tzinfo=UTC),
        site=Site("thigh", "left", 35, 40),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    void_dose(dose=dose, voided_by=regimen.patient.user, reason="wrong day")
    assert fhir_statuses() == []
    assert fhir_statuses("--include-voided") == ["entered-in-error"]


def test_it_writes_an_empty_bundle_for_an_empty_log(patient):
    bundle = json.loads(export("--patient", "alice", "--format", "fhir"))
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_it_refuses_voided_records_in_csv_which_cannot_mark_them(patient):
    with pytest.raises(CommandError, match="--include-voided is for --format fhir"):
        export("--patient", "alice", "--include-voided")


def test_it_refuses_an_unknown_patient(db):
    with pytest.raises(CommandError, match="no patient with the username “nobody”"):
        export("--patient", "nobody")
