"""The record to download (issue 12, item 3): the patient's own CSV (DESIGN §7) and
FHIR files from their History page, and the same for their clinic's staff from the
patient's review page; nobody else.

Alice injects anakinra daily at 08:00 London from Sunday 1 November 2026: Sunday's
dose taken, Monday's skipped (fever), a wrong entry voided. It is Tuesday 3
November 2026, 08:30 (GMT).
"""

import json
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from injections.exports.csvlog import FIELDS
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot, void_dose
from tests.conftest import make_patient, signed_in
from tests.views.pages import document, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
# DESIGN §7's header, written out.
HEADER = (
    "taken_at,slot_date,medication,dose_mg,region,side,x_cm,y_cm,administered_by,status,"
    "reason,notes"
)
CSV, FHIR = reverse("download-csv"), reverse("download-fhir")


pytestmark = pytest.mark.clock(NOW)


@pytest.fixture
def story(patient, regimen):
    alice = patient.user
    record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 1, 8, 5, tzinfo=UTC),
        site=Site("thigh", "left", 35, 40),
        administered_by="self",
        entered_by=alice,
    )
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 2), reason="fever", entered_by=alice)
    wrong = record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
        site=Site("abdomen", "", 30, 30),
        administered_by="self",
        entered_by=alice,
    )
    void_dose(dose=wrong, voided_by=alice, reason="not taken yet")
    return patient


def clinic_url(name: str, patient) -> str:
    return reverse(name, args=[patient.pk])


def assert_is_a_download(response, content_type: str, filename: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]


def statuses(response) -> list[str]:
    text = response.content.decode()
    Bundle.model_validate_json(text)
    return [
        entry["resource"]["status"]
        for entry in json.loads(text)["entry"]
        if entry["resource"]["resourceType"] == "MedicationAdministration"
    ]


def exported(*args) -> str:
    out = StringIO()
    call_command("export_doses", "--patient", "alice", *args, stdout=out)
    return out.getvalue()


# The patient's own


def test_the_patient_downloads_their_log_as_the_csv_of_design(alice, story):
    response = alice.get(CSV)
    assert_is_a_download(response, "text/csv; charset=utf-8", "medtrack-alice-2026-11-03.csv")
    text = response.content.decode()
    assert text.splitlines()[0] == HEADER == ",".join(FIELDS)
    # What export_doses writes: the canonical form, which imports back as it is.
    assert text == exported()
    assert text.splitlines()[1:] == [
        "2026-11-01T08:05:00+00:00,2026-11-01,anakinra,100,thigh,left,3.5,4,self,taken,,",
        ",2026-11-02,anakinra,100,,,,,,skipped,fever,",
    ]


def test_the_patient_downloads_their_log_as_fhir(alice, story):
    response = alice.get(FHIR)
    assert_is_a_download(
        response, "application/fhir+json; charset=utf-8", "medtrack-alice-2026-11-03.fhir.json"
    )
    # The voided entry is left out, as on the command line without --include-voided.
    assert statuses(response) == ["completed", "not-done"]
    assert json.loads(response.content)["entry"][0]["resource"]["name"] == [{"text": "alice"}]


def test_the_day_in_the_name_is_the_patients_own(db, clock):
    # 08:30 in London is 21:30 in Auckland, Tuesday still; at 12:00 it is Wednesday there.
    kiri = make_patient("kiri", time_zone="Pacific/Auckland")
    client = signed_in(kiri.user)
    assert "kiri-2026-11-03.csv" in client.get(CSV)["Content-Disposition"]
    clock.move_to(datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    assert "kiri-2026-11-04.fhir.json" in client.get(FHIR)["Content-Disposition"]


def test_an_empty_record_downloads_as_the_header_and_an_empty_bundle(alice, patient):
    assert alice.get(CSV).content.decode() == HEADER + "\n"
    assert statuses(alice.get(FHIR)) == []


def test_another_patient_downloads_their_own_record_and_never_alices(bob, story):
    assert "bob" in bob.get(CSV)["Content-Disposition"]
    assert bob.get(CSV).content.decode() == HEADER + "\n"
    response = bob.get(FHIR)
    assert statuses(response) == []
    assert "alice" not in response.content.decode()


def test_the_history_page_offers_both_downloads(alice, story):
    page = document(alice.get(reverse("history")))
    section = page.find("section", aria_labelledby="download-heading")
    assert section.find("h2").text == "Download your record"
    links = {link.get("href"): link for link in section.find_all("a")}
    # Beside them, the way to bring a record in (tests/views/test_import_page.py).
    assert set(links) == {CSV, FHIR, reverse("import-record")}
    assert all(links[url].has("download") for url in (CSV, FHIR))


# Others


def test_a_caregiver_takes_no_copy_of_the_record_away(carol, story):
    # Carol has no record of her own to download...
    assert carol.get(CSV).status_code == 404
    assert carol.get(FHIR).status_code == 404
    # ...and alice's history, which she sees, offers none of alice's.
    response = carol.get(reverse("patient-history", args=[story.pk]))
    assert response.status_code == 200
    assert "Download your record" not in words(response)
    hrefs = {link.get("href") for link in document(response).find_all("a")}
    assert not hrefs & {CSV, FHIR, clinic_url("clinic-download-csv", story),
                        clinic_url("clinic-download-fhir", story)}  # fmt: skip
    assert carol.get(clinic_url("clinic-download-fhir", story)).status_code == 404


def test_the_clinic_downloads_the_record_from_the_patients_review_page(dee, story):
    page = document(dee.get(reverse("clinic-patient", args=[story.pk])))
    section = page.find("section", aria_labelledby="download-heading")
    fhir_url = clinic_url("clinic-download-fhir", story)
    csv_url = clinic_url("clinic-download-csv", story)
    assert {link.get("href") for link in section.find_all("a")} == {fhir_url, csv_url}
    response = dee.get(fhir_url)
    assert_is_a_download(
        response, "application/fhir+json; charset=utf-8", "medtrack-alice-2026-11-03.fhir.json"
    )
    assert statuses(response) == ["completed", "not-done"]
    response = dee.get(csv_url)
    assert_is_a_download(response, "text/csv; charset=utf-8", "medtrack-alice-2026-11-03.csv")
    assert response.content.decode() == exported()


def test_nobody_unlinked_downloads_the_record(client, eve, bob, story):
    for url in (
        clinic_url("clinic-download-csv", story),
        clinic_url("clinic-download-fhir", story),
    ):
        assert eve.get(url).status_code == 404
        assert bob.get(url).status_code == 404
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_downloads_only_answer_get(alice, dee, story):
    assert alice.post(CSV).status_code == 405
    assert alice.post(FHIR).status_code == 405
    assert dee.post(clinic_url("clinic-download-fhir", story)).status_code == 405
