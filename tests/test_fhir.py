"""The FHIR R4 export of DESIGN §7: a `collection` Bundle of MedicationAdministration
resources, every code as DESIGN §7 names it, read back by `fhir.resources`.

Alice started on 1 November 2026 (daily, 08:00 London). It is Tuesday 2 November
2027, noon (GMT): she has a year of history, imported through the services.
"""

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from fhir.resources.R4B.bundle import Bundle

from injections.exports.csvlog import FIELDS, read_rows
from injections.exports.fhir import administrations, bundle_json, patient_bundle, write_bundle
from injections.models import Dose
from injections.rules.geometry import Site
from injections.services.doses import correct_dose, record_dose, skip_slot, void_dose
from injections.services.importing import import_doses
from tests.conftest import START

NOW = datetime(2027, 11, 2, 12, 0, tzinfo=UTC)
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
# DESIGN §7, written out again so that a change to the module's table fails here.
SITES = {
    ("thigh", "left"): "61396006",
    ("thigh", "right"): "11207009",
    ("upper_arm", "left"): "368208006",
    ("upper_arm", "right"): "368209003",
    ("buttock", "left"): "723979003",
    ("buttock", "right"): "723980000",
    ("abdomen", ""): "113345001",
}
# The codes of MedicationAdministration.status in R4 (a required binding).
R4_STATUSES = {
    "in-progress", "not-done", "on-hold", "completed", "entered-in-error", "stopped", "unknown"
}  # fmt: skip
# A middle point of each region-side, and who may inject there (DESIGN §3).
POINTS = {
    ("abdomen", ""): (60, 40, "self"),
    ("thigh", "left"): (60, 100, "self"),
    ("thigh", "right"): (60, 100, "self"),
    ("upper_arm", "left"): (40, 60, "caregiver"),
    ("upper_arm", "right"): (40, 60, "caregiver"),
    ("buttock", "left"): (60, 50, "caregiver"),
    ("buttock", "right"): (60, 50, "caregiver"),
}


pytestmark = pytest.mark.clock(NOW)


def bundle_of(patient, **options) -> dict:
    """The export as a receiver gets it: JSON, read back into the R4 Bundle model, and
    as plain data."""
    text = bundle_json(patient_bundle(patient, now=NOW, **options))
    Bundle.model_validate_json(text)
    return json.loads(text)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def resolve(bundle: dict, reference: dict) -> dict:
    """The resource a reference names, by the fullUrl of its entry."""
    (found,) = [e["resource"] for e in bundle["entry"] if e["fullUrl"] == reference["reference"]]
    return found


def site_of(administration: dict) -> tuple[tuple[str, str], str]:
    """The region-side the point extension names, and the SNOMED CT code of the site."""
    site = administration["dosage"]["site"]
    parts = {part["url"]: part.get("valueCode") for part in site["extension"][0]["extension"]}
    return (parts["region"], parts.get("side") or ""), site["coding"][0]["code"]


def only_administration(bundle: dict) -> dict:
    (administration,) = resources(bundle, "MedicationAdministration")
    return administration


THIGH = Site("thigh", "left", 60, 100)


def taken(regimen, day: date, *, site=THIGH, by="self", **options):
    """A dose at 08:05 London time on `day`."""
    at = datetime(day.year, day.month, day.day, 8, 5, tzinfo=UTC)
    if date(2027, 3, 28) <= day < date(2027, 10, 31):  # summer time: 08:05 BST
        at -= timedelta(hours=1)
    options.setdefault("entered_by", regimen.patient.user)
    return record_dose(regimen=regimen, taken_at=at, site=site, administered_by=by, **options)


# A year's history


def a_year(patient) -> int:
    """A year of daily doses through the import service, rotating over every region-side
    (the back ones given by a caregiver, some by a clinician), a skip every 30 days
    and one extra dose. Returns the number of records."""
    lines = [",".join(FIELDS)]
    sides = list(POINTS)
    for n in range(365):
        day = START + timedelta(days=n)
        if n % 30 == 29:
            lines.append(f",{day},anakinra,100,,,,,,skipped,fever,")
            continue
        region, side = sides[n % len(sides)]
        x, y, by = POINTS[(region, side)]
        if n % 50 == 10 and by == "self":
            by = "clinician"
        offset = "+01:00" if date(2027, 3, 28) <= day < date(2027, 10, 31) else "+00:00"
        values = dict(
            taken_at=f"{day}T08:05:00{offset}", slot_date=str(day), medication="anakinra",
            dose_mg="100", region=region, side=side, x_cm=str(x / 10 + n % 3),
            y_cm=str(y / 10), administered_by=by, status="taken", reason="", notes="",
        )  # fmt: skip
        lines.append(",".join(values[name] for name in FIELDS))
        if n == 100:
            extra = values | {
                "taken_at": f"{day}T08:30:00{offset}", "status": "extra",
                "reason": "forgot I had taken it", "region": "thigh", "side": "right",
                "x_cm": "2", "y_cm": "2", "administered_by": "self",
            }  # fmt: skip
            lines.append(",".join(extra[name] for name in FIELDS))
    rows = read_rows(StringIO("\n".join(lines) + "\n", newline=""))
    return import_doses(patient=patient, rows=rows, entered_by=patient.user, now=NOW)


def test_a_years_history_is_a_collection_bundle_that_fhir_resources_reads_back(patient):
    count = a_year(patient)
    assert count == 366
    bundle = bundle_of(patient)
    assert bundle["resourceType"] == "Bundle"
    assert bundle["type"] == "collection"
    assert bundle["timestamp"] == "2027-11-02T12:00:00Z"
    given = resources(bundle, "MedicationAdministration")
    assert len(given) == count
    assert {a["status"] for a in given} == {"completed", "not-done"}
    assert sum(a["status"] == "not-done" for a in given) == 12
    # One Patient; the caregiver and the clinician the import names nobody for.
    assert len(resources(bundle, "Patient")) == 1
    assert len(resources(bundle, "RelatedPerson")) == 1
    assert len(resources(bundle, "Practitioner")) == 1
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(url.startswith("urn:uuid:") for url in urls)
    for administration in given:
        assert resolve(bundle, administration["subject"])["resourceType"] == "Patient"
        for performer in administration.get("performer", []):
            resolve(bundle, performer["actor"])
    # Every region-side of DESIGN §3 appears, each with its own code and no other.
    assert {site_of(a) for a in given if "site" in a["dosage"]} == set(SITES.items())


def test_the_same_log_exports_to_the_same_identities(patient):
    a_year(patient)
    first, again = bundle_of(patient), bundle_of(patient)
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]


def test_the_command_writer_counts_what_it_wrote(patient, regimen):
    taken(regimen, date(2027, 11, 1))
    out = StringIO()
    assert write_bundle(patient, out, now=NOW) == 1
    assert len(administrations(Bundle.model_validate_json(out.getvalue()))) == 1


# Codes, one by one


@pytest.mark.parametrize(("region", "side"), list(SITES), ids=lambda value: value or "-")
def test_each_site_has_its_snomed_code_and_its_exact_point(regimen, caregiver, region, side):
    x, y, by = POINTS[(region, side)]
    entered_by = caregiver if by == "caregiver" else regimen.patient.user
    taken(regimen, date(2027, 11, 1), site=Site(region, side, x, y), by=by, entered_by=entered_by)
    site = only_administration(bundle_of(regimen.patient))["dosage"]["site"]
    assert site["coding"] == [{"system": SNOMED, "code": SITES[(region, side)]}]
    (point,) = site["extension"]
    assert point["url"] == "urn:medtrack:fhir:StructureDefinition:injection-point"
    parts = {part["url"]: part for part in point["extension"]}
    assert parts["region"]["valueCode"] == region
    assert parts.get("side", {}).get("valueCode", "") == side
    assert parts["x"]["valueQuantity"] == {"value": x / 10, "unit": "cm", "system": UCUM,
                                          "code": "cm"}  # fmt: skip
    assert parts["y"]["valueQuantity"]["value"] == y / 10


def test_the_site_says_the_point_in_words(regimen):
    taken(regimen, date(2027, 11, 1), site=Site("thigh", "left", 35, 40))
    site = only_administration(bundle_of(regimen.patient))["dosage"]["site"]
    assert site["text"] == "thigh left, 3.5 cm from the inner edge, 4 cm down"


def test_the_abdomen_keeps_its_one_code_with_the_point_from_the_left_side(regimen):
    taken(regimen, date(2027, 11, 1), site=Site("abdomen", "", 200, 40))
    site = only_administration(bundle_of(regimen.patient))["dosage"]["site"]
    assert site["coding"][0]["code"] == "113345001"
    assert [part["url"] for part in site["extension"][0]["extension"]] == ["region", "x", "y"]
    assert site["text"].startswith("abdomen, 20 cm from the left side, 4 cm down")


def test_a_taken_dose_is_completed_under_the_skin_in_mg_at_its_local_time(regimen):
    taken(regimen, date(2027, 6, 1), dose_mg=Decimal("100.00"))
    administration = only_administration(bundle_of(regimen.patient))
    assert administration["status"] == "completed"
    assert administration["effectiveDateTime"] == "2027-06-01T08:05:00+01:00"
    assert administration["medicationCodeableConcept"] == {"text": "Anakinra (Kineret)"}
    dosage = administration["dosage"]
    assert dosage["route"]["coding"] == [
        {"system": SNOMED, "code": "34206005", "display": "Subcutaneous route"}
    ]
    assert dosage["dose"] == {"value": 100, "unit": "mg", "system": UCUM, "code": "mg"}
    assert "statusReason" not in administration
    assert "note" not in administration


def test_a_dose_of_a_fraction_of_a_mg_keeps_its_decimals(regimen):
    taken(regimen, date(2027, 11, 1), dose_mg=Decimal("12.50"))
    assert only_administration(bundle_of(regimen.patient))["dosage"]["dose"]["value"] == 12.5


def test_a_dose_the_patient_gave_names_the_patient_as_performer(regimen):
    taken(regimen, date(2027, 11, 1))
    bundle = bundle_of(regimen.patient)
    (performer,) = only_administration(bundle)["performer"]
    assert performer["actor"] == only_administration(bundle)["subject"]
    patient = resolve(bundle, performer["actor"])
    assert patient["resourceType"] == "Patient"
    assert patient["name"] == [{"text": "alice"}]
    assert resources(bundle, "RelatedPerson") == []


def test_a_dose_the_caregiver_gave_names_them_as_a_related_person_of_the_patient(
    regimen, caregiver
):
    caregiver.first_name, caregiver.last_name = "Carol", "Jones"
    caregiver.save()
    taken(regimen, date(2027, 11, 1), by="caregiver", entered_by=caregiver)
    bundle = bundle_of(regimen.patient)
    administration = only_administration(bundle)
    actor = administration["performer"][0]["actor"]
    assert actor["display"] == "Carol Jones"
    person = resolve(bundle, actor)
    assert person["resourceType"] == "RelatedPerson"
    assert person["patient"] == {"reference": administration["subject"]["reference"]}
    assert person["name"] == [{"text": "Carol Jones", "family": "Jones", "given": ["Carol"]}]


def test_a_dose_someone_else_gave_as_the_patient_says_is_an_unnamed_related_person(regimen):
    taken(regimen, date(2027, 10, 31), by="caregiver", site=Site("buttock", "left", 60, 50))
    taken(regimen, date(2027, 11, 1), by="caregiver", site=Site("buttock", "right", 60, 50))
    bundle = bundle_of(regimen.patient)
    (person,) = resources(bundle, "RelatedPerson")
    assert "name" not in person
    for administration in resources(bundle, "MedicationAdministration"):
        actor = administration["performer"][0]["actor"]
        assert actor["display"] == "a caregiver"
        assert resolve(bundle, actor) == person


def test_a_dose_a_clinician_gave_names_them_as_a_practitioner(regimen, clinician):
    taken(regimen, date(2027, 11, 1), by="clinician", entered_by=clinician)
    bundle = bundle_of(regimen.patient)
    practitioner = resolve(bundle, only_administration(bundle)["performer"][0]["actor"])
    assert practitioner["resourceType"] == "Practitioner"
    assert practitioner["name"] == [{"text": "dr-dee"}]


def test_a_skipped_slot_is_not_done_with_its_reason_at_the_slots_time(regimen):
    skip_slot(regimen=regimen, slot_date=date(2027, 11, 2), reason="fever",
              entered_by=regimen.patient.user)  # fmt: skip
    administration = only_administration(bundle_of(regimen.patient))
    assert administration["status"] == "not-done"
    assert administration["statusReason"] == [{"text": "fever"}]
    assert administration["effectiveDateTime"] == "2027-11-02T08:00:00Z"
    assert "performer" not in administration
    assert "site" not in administration["dosage"]
    # The dose that was due (DESIGN §7).
    assert administration["dosage"]["dose"]["value"] == 100


def test_a_chosen_reason_is_the_status_reason_in_english_whoever_exports(regimen):
    skip_slot(regimen=regimen, slot_date=date(2027, 11, 2), skip_reason="no-syringe",
              reason="la caja se congeló", entered_by=regimen.patient.user)  # fmt: skip
    with translation.override("es"):
        administration = only_administration(bundle_of(regimen.patient))
    assert administration["statusReason"] == [{"text": "No usable syringe: la caja se congeló"}]


def test_a_bundle_made_in_spanish_has_the_same_words(regimen, monkeypatch):
    """The web download in a Spanish reader's session, and export_doses in a Spanish
    terminal: a receiving system reads one file, whoever made it."""
    taken(regimen, date(2027, 11, 2))
    english = bundle_of(regimen.patient)
    with translation.override("es"):
        assert only_administration(bundle_of(regimen.patient)) == only_administration(english)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    out = StringIO()
    call_command("export_doses", "--patient", "alice", "--format", "fhir", stdout=out)
    [entry] = resources(json.loads(out.getvalue()), "MedicationAdministration")
    assert entry["dosage"]["route"]["text"] == "subcutaneous (under the skin)"


def test_an_extra_dose_is_completed_with_a_note_saying_so(regimen):
    taken(regimen, date(2027, 11, 1))
    taken(regimen, date(2027, 11, 1), site=Site("thigh", "right", 60, 100),
          extra=True, override_reason="forgot I had taken it")  # fmt: skip
    bundle = bundle_of(regimen.patient)
    first, extra = resources(bundle, "MedicationAdministration")
    assert "note" not in first
    assert extra["status"] == "completed"
    assert [note["text"] for note in extra["note"]] == [
        "Extra dose: a second injection given by mistake, beside the dose already taken "
        "for 1 Nov 2027. It is not that day's dose.",
        "Reason given: forgot I had taken it",
    ]


def test_a_flagged_dose_says_which_rules_it_broke_and_why(regimen):
    taken(regimen, date(2027, 11, 1), site=Site("upper_arm", "left", 40, 60),
          override_reason="my husband gave it", notes="sore after")  # fmt: skip
    notes = [note["text"] for note in only_administration(bundle_of(regimen.patient))["note"]]
    assert notes == [
        "Recorded against a rule, flagged for review: a region for when someone else injects.",
        "Reason given: my husband gave it",
        "sore after",
    ]


def test_a_voided_record_is_left_out_unless_asked_for_then_entered_in_error(regimen, patient):
    dose = taken(regimen, date(2027, 11, 1))
    void_dose(dose=dose, voided_by=patient.user, reason="wrong day")
    assert resources(bundle_of(patient), "MedicationAdministration") == []
    administration = only_administration(bundle_of(patient, include_voided=True))
    assert administration["status"] == "entered-in-error"
    assert administration["meta"] == {"versionId": "2"}
    assert administration["note"] == [
        {"text": "Entered in error: voided on 2 Nov 2027 12:00 by alice. Why: wrong day"}
    ]


def test_a_voided_skip_is_entered_in_error_too(regimen, patient):
    skip = skip_slot(regimen=regimen, slot_date=date(2027, 11, 2), reason="fever",
                     entered_by=patient.user)  # fmt: skip
    void_dose(dose=skip, voided_by=patient.user, reason="took it after all")
    administration = only_administration(bundle_of(patient, include_voided=True))
    assert administration["status"] == "entered-in-error"
    assert administration["statusReason"] == [{"text": "fever"}]


def test_a_corrected_dose_is_exported_as_corrected(regimen, patient):
    dose = taken(regimen, date(2027, 11, 1))
    correct_dose(dose=dose, changed_by=patient.user, reason="wrong leg",
                 side="right")  # fmt: skip
    administration = only_administration(bundle_of(patient))
    assert administration["dosage"]["site"]["coding"][0]["code"] == SITES[("thigh", "right")]
    assert administration["meta"] == {"versionId": "2"}


def test_every_status_is_an_r4_code(regimen, patient):
    void_dose(dose=taken(regimen, date(2027, 10, 30)), voided_by=patient.user, reason="no")
    taken(regimen, date(2027, 10, 31))
    skip_slot(regimen=regimen, slot_date=date(2027, 11, 1), reason="fever",
              entered_by=patient.user, now=datetime(2027, 11, 1, 9, tzinfo=UTC))  # fmt: skip
    given = resources(bundle_of(patient, include_voided=True), "MedicationAdministration")
    assert {a["status"] for a in given} == {"entered-in-error", "completed", "not-done"}
    assert {a["status"] for a in given} <= R4_STATUSES


def test_other_patients_doses_are_left_out(regimen, other_patient):
    taken(other_patient.regimens.get(), date(2027, 11, 1))
    assert resources(bundle_of(regimen.patient), "MedicationAdministration") == []
    assert Dose.objects.count() == 1
