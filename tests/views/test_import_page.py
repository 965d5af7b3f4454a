"""Bring in a record from another app (issue 12, item 3): the patient uploads a CSV of
DESIGN §7 from their History page; all or nothing, every error shown with its line
number, the size limit stated before the upload and kept.

Alice injects anakinra daily at 08:00 London from Sunday 1 November 2026. It is
Tuesday 1 December 2026, 12:00 (GMT).
"""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse

from injections.exports.csvlog import FIELDS
from injections.models import Dose, DoseRevision, ImportBatch
from injections.services.doses import skip_slot
from tests.views.pages import document, words

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
IMPORT, HISTORY = reverse("import-record"), reverse("history")
HEADER = ",".join(FIELDS)
TAKEN = "2026-11-02T08:05:00+00:00,2026-11-02,anakinra,100,thigh,left,3,4,self,taken,,"
SKIPPED = ",2026-11-03,anakinra,,,,,,,skipped,fever,"


pytestmark = pytest.mark.clock(NOW)


def taken(day: str, **values) -> str:
    """A taken dose at 08:05 on `day`, with some columns changed."""
    fields = dict(zip(FIELDS, TAKEN.replace("2026-11-02", day).split(","), strict=True))
    return ",".join((fields | values)[name] for name in FIELDS)


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8") -> SimpleUploadedFile:
    text = "\n".join([header, *lines]) + "\n" if header is not None else ""
    return SimpleUploadedFile("from-another-app.csv", text.encode(encoding), "text/csv")


def upload(client, upload_file, **headers):
    return client.post(IMPORT, {"file": upload_file}, **headers)


def written() -> tuple[int, int]:
    """Every dose row and revision stored, those of an import not complete included."""
    return Dose.with_pending.count(), DoseRevision.objects.count()


def refused_lines(response) -> list[int | None]:
    return [error.line for error in response.context["refused"].errors]


def test_the_history_page_leads_to_the_import(alice):
    page = document(alice.get(HISTORY))
    assert page.find("a", href=IMPORT).text == "Bring in a record from another app"


def test_the_page_states_the_limit_and_the_format_before_the_upload(alice, settings):
    settings.MEDTRACK_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    response = alice.get(IMPORT)
    page = document(response)
    assert page.find("h1").text == "Bring in a record from another app"
    file_input = page.find("input", type="file")
    assert file_input.get("data-max-bytes") == str(20 * 1024 * 1024)
    assert page.find(id=file_input.get("aria-describedby").split()[0]).text == (
        "A CSV file of up to 20.0 MB."
    )
    assert HEADER in words(response)
    assert page.find("a", href="/static/samples/medtrack-import-example.csv")
    assert page.find("progress")


def test_a_valid_file_imports_and_its_rows_show_in_the_history(alice, patient):
    response = upload(alice, csv_file(taken("2026-11-02"), SKIPPED))
    assert response.status_code == 302
    assert response.url == HISTORY
    history = alice.get(HISTORY)
    assert "Imported 2 records." in words(history)
    doses = list(history.context["page"].object_list)
    assert [(dose.slot_date, dose.status, dose.source) for dose in doses] == [
        (date(2026, 11, 3), "skipped", "import"),
        (date(2026, 11, 2), "taken", "import"),
    ]
    assert ImportBatch.objects.get().state == "imported"


def test_with_htmx_a_valid_file_sends_the_browser_to_the_history(alice):
    response = upload(alice, csv_file(taken("2026-11-02")), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == HISTORY
    assert Dose.objects.count() == 1


def test_the_example_file_is_in_the_format_it_explains(alice, client):
    response = client.get("/static/samples/medtrack-import-example.csv")
    first_line = b"".join(response.streaming_content).decode().splitlines()[0]
    assert first_line == HEADER


# Each broken file of DESIGN §7: its lines, and the line the page names.
BROKEN = {
    "an unreadable row": (
        [taken("2026-11-02"), "2026-11-03,anakinra,100"], 3, "this row has 3 fields"
    ),
    "a bad date": (
        [taken("2026-11-02", slot_date="2026-13-02")], 2, "slot_date “2026-13-02” is not a date"
    ),
    "a bad region": ([taken("2026-11-02", region="knee")], 2, "region “knee” is unknown"),
    "coordinates outside the region": (
        [taken("2026-11-02", x_cm="30")], 2, "x 30 cm is outside the thigh"
    ),
    "an unknown medication": (
        [taken("2026-11-02", medication="etanercept")], 2, "medication “etanercept”"
    ),
    "a slot that does not exist": (
        [",2026-10-20,anakinra,,,,,,,skipped,fever,"], 2, "no anakinra dose is scheduled on"
    ),
    "two outcomes for one slot": (
        [taken("2026-11-02"), taken("2026-11-02", taken_at="2026-11-02T09:00:00+00:00")],
        3,
        "is also on line 2: keep one",
    ),
    "an extra dose without a taken dose": (
        [taken("2026-11-02", status="extra", reason="twice")], 2, "needs that slot's taken dose"
    ),
    "a dose in the future": ([taken("2026-12-02")], 2, "is in the future"),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_each_broken_file_is_refused_with_its_line_on_the_page_and_nothing_written(alice, case):
    lines, line, message = BROKEN[case]
    before = written()
    response = upload(alice, csv_file(*lines))
    assert response.status_code == 200
    assert refused_lines(response) == [line]
    page = document(response)
    summary = page.find(id="error-summary")
    assert summary.get("role") == "alert"
    assert summary.has("data-focus-on-load")
    assert f"Line {line}: " in summary.text
    assert message in summary.text
    assert "Nothing was imported" in summary.text
    assert written() == before


def test_a_slot_already_recorded_is_refused_with_its_line(alice, regimen):
    user = regimen.patient.user
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 2), reason="ill", entered_by=user)
    before = written()
    response = upload(alice, csv_file(SKIPPED, taken("2026-11-02")))
    assert refused_lines(response) == [3]
    summary = document(response).find(id="error-summary")
    assert "a dose or a skip is already recorded" in summary.text
    assert written() == before


def test_a_wrong_header_is_refused_on_line_1(alice):
    before = written()
    response = upload(alice, csv_file(TAKEN, header=HEADER.replace("x_cm", "x")))
    assert refused_lines(response) == [1]
    assert "(missing: x_cm; unknown: x)" in document(response).find(id="error-summary").text
    assert written() == before


def test_a_file_that_is_not_utf8_is_refused_with_the_line_that_is_not(alice):
    before = written()
    latin = csv_file(TAKEN, SKIPPED.replace("fever", "fièvre"), encoding="latin-1")
    response = upload(alice, latin)
    assert refused_lines(response) == [3]
    assert "this line is not UTF-8 text" in document(response).find(id="error-summary").text
    assert written() == before


def test_an_empty_file_is_refused(alice):
    response = upload(alice, csv_file(header=None))
    summary = document(response).find(id="error-summary")
    assert "The file is empty" in summary.text
    assert Dose.with_pending.count() == 0


def test_a_file_with_only_its_header_is_refused(alice):
    response = upload(alice, csv_file())
    assert refused_lines(response) == [None]
    summary = document(response).find(id="error-summary")
    assert "the file has no rows after its header" in summary.text
    assert Dose.with_pending.count() == 0


def test_every_error_is_listed_not_only_the_first(alice):
    response = upload(
        alice,
        csv_file(
            taken("2026-11-02", region="knee"),
            taken("2026-11-03"),
            taken("2026-11-04", medication="etanercept"),
            taken("2026-12-05"),
        ),
    )
    assert refused_lines(response) == [2, 4, 5]
    summary = document(response).find(id="error-summary")
    assert "The file has 3 problems" in summary.text
    assert [item.text.split(":")[0] for item in summary.find_all("li")] == [
        "Line 2",
        "Line 4",
        "Line 5",
    ]
    assert Dose.with_pending.count() == 0


def test_a_long_list_of_errors_is_cut_with_how_many_more(alice):
    rows = [taken("2026-11-02", region="knee")] * 130
    response = upload(alice, csv_file(*rows))
    refused = response.context["refused"]
    assert (len(refused.errors), refused.more) == (100, 30)
    assert "and 30 more problems." in document(response).find(id="error-summary").text


def test_an_oversized_file_is_refused_with_the_stated_limit(alice, settings):
    settings.MEDTRACK_IMPORT_MAX_BYTES = 200
    response = upload(alice, csv_file(taken("2026-11-02"), SKIPPED, taken("2026-11-04")))
    assert response.status_code == 200
    summary = document(response).find(id="error-summary")
    assert "The file is larger than 200 bytes, the most this page takes" in summary.text
    assert Dose.with_pending.count() == 0


def test_a_file_within_the_limit_is_taken(alice, settings):
    settings.MEDTRACK_IMPORT_MAX_BYTES = 400
    response = upload(alice, csv_file(taken("2026-11-02")))
    assert response.status_code == 302


def test_no_file_chosen_asks_for_one(alice):
    response = alice.post(IMPORT, {})
    assert "Choose the CSV file to bring in." in document(response).find(id="error-summary").text


def test_with_htmx_a_refused_file_sends_back_the_form_with_its_errors(alice):
    response = upload(alice, csv_file(taken("2026-11-02", region="knee")), HTTP_HX_REQUEST="true")
    page = document(response)
    assert page.find_all("h1") == []
    assert page.find(id="import-form").find(id="error-summary").has("data-focus-after-swap")


def test_the_form_needs_a_csrf_token(patient):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(patient.user)
    response = upload(client, csv_file(taken("2026-11-02")))
    assert response.status_code == 403
    assert Dose.objects.count() == 0


def test_a_caregiver_and_a_clinician_get_404(carol, dee):
    for client in (carol, dee):
        assert client.get(IMPORT).status_code == 404
        assert upload(client, csv_file(taken("2026-11-02"))).status_code == 404
    assert Dose.objects.count() == 0


def test_the_caregiver_sees_no_link_to_the_import(carol, patient):
    page = document(carol.get(reverse("patient-history", args=[patient.pk])))
    assert page.find_all("a", href=IMPORT) == []


def test_the_demo_patient_brings_in_the_file_seed_demo_wrote(db, client, settings, tmp_path):
    """DESIGN §8's demo: the file "from another app" fills the demo's unexplained
    missed doses, and shows in the History."""
    from django.core.management import call_command

    settings.DEBUG = True
    sample = tmp_path / "demo-from-another-app.csv"
    call_command("seed_demo", "--sample", str(sample), stdout=StringIO())
    rows = sample.read_text().splitlines()[1:]
    assert len(rows) == 2
    # A request for django-axes, which counts sign-ins by address.
    assert client.login(request=HttpRequest(), username="demo-patient", password="medtrack-demo")
    before = Dose.objects.count()
    with sample.open("rb") as handle:
        response = client.post(IMPORT, {"file": handle})
    assert response.status_code == 302
    history = client.get(HISTORY)
    assert "Imported 2 records." in words(history)
    assert Dose.objects.count() == before + 2
    imported = [dose for dose in history.context["page"].object_list if dose.source == "import"]
    assert len(imported) == 2 and all(dose.flags == [] for dose in imported)
