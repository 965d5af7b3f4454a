"""manage.py export_doses: the patient's log on standard output (DESIGN §7, §8)."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from injections.exports.csvlog import FIELDS
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.clock(NOW)


def export(*args) -> str:
    out = StringIO()
    call_command("export_doses", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_it_writes_the_log_as_csv_to_standard_output(regimen):
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


def test_it_says_the_fhir_export_is_not_available_yet(patient):
    with pytest.raises(
        CommandError, match="the FHIR export is not available yet; use --format csv"
    ):
        export("--patient", "alice", "--format", "fhir")


def test_it_refuses_an_unknown_patient(db):
    with pytest.raises(CommandError, match="no patient with the username “nobody”"):
        export("--patient", "nobody")
