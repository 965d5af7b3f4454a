"""Bad input on the patient's and the clinic's pages (issue 13, item 5): every case
the issue measured is answered with the form again or a 404, never a 500, and
nothing is written; then property tests (hypothesis) over every form and every
address parameter, which find no server error and nothing half-written.

It is Sunday 1 November 2026, 08:00 in London: alice's first dose is due.
"""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from injections.models import (
    AvoidZone,
    Dose,
    Enrollment,
    LabResult,
    OtherMedicine,
    ScheduleVersion,
    SideEffect,
    SyringeBox,
    Visit,
)
from injections.models.regimens import TreatmentPause
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot
from injections.services.errors import ServiceError
from injections.services.patients import record_pause
from tests.conftest import DEFAULT_NOW, make_patient
from tests.views.pages import words

pytestmark = pytest.mark.clock

TABLES = [AvoidZone, Dose, LabResult, OtherMedicine, ScheduleVersion, SideEffect, SyringeBox,
          TreatmentPause, Visit]  # fmt: skip
OUT_OF_REACH = "check the year"


def rows() -> dict[str, int]:
    return {table.__name__: table.objects.count() for table in TABLES}


def post(client, url, data):
    before = rows()
    response = client.post(url, data)
    return response, before


# -- The cases the issue measured --


@pytest.mark.parametrize("value", ["²", "abc", "", "9" * 30, "9" * 5000, "1.0", "٣"])
@pytest.mark.parametrize("name", ["clinic-schedule", "clinic-pause"])
def test_a_regimen_that_is_not_an_id_is_not_found(dee, patient, regimen, name, value):
    response, before = post(dee, reverse(name, args=[patient.pk]), {"regimen": value})
    assert response.status_code == 404
    assert rows() == before


@pytest.mark.parametrize("value", ["²", "abc", "9" * 30, "9" * 5000, "-1"])
def test_a_patient_that_is_not_an_id_is_not_found(alice, patient, value):
    assert alice.post(reverse("log-dose"), {"patient": value}).status_code == 404


def test_a_skip_dated_9999_is_refused_with_nothing_written(alice, regimen):
    data = {"regimen": regimen.pk, "slot_date": "9999-12-29", "why": "fever"}
    response, before = post(alice, reverse("skip-dose"), data)
    assert response.status_code == 200
    assert rows() == before
    # The same skip of the dose open now is taken.
    response, _ = post(alice, reverse("skip-dose"), data | {"slot_date": "2026-11-01"})
    assert response.status_code == 302
    assert Dose.objects.get().slot_date == date(2026, 11, 1)


def test_a_planned_skip_dated_9999_is_refused_beside_its_day(alice, regimen):
    data = {"regimen": regimen.pk, "slot_date": "9999-12-29", "why": "fever"}
    response, before = post(alice, reverse("plan-skip"), data)
    assert response.status_code == 200
    assert OUT_OF_REACH in " ".join(response.context["plan_form"].errors["slot_date"])
    assert rows() == before


@pytest.mark.parametrize(
    ("first", "last"), [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31"),
                        ("2026-11-10", "9999-12-31"), ("2021-10-31", "")],
)  # fmt: skip
def test_a_pause_out_of_reach_is_refused_beside_its_field(dee, patient, regimen, first, last):
    data = {"regimen": regimen.pk, "first_day": first, "last_day": last, "reason": "surgery"}
    response, before = post(dee, reverse("clinic-pause", args=[patient.pk]), data)
    assert response.status_code == 200
    assert OUT_OF_REACH in str(response.context["pause_form"].errors)
    assert rows() == before


def test_a_pause_within_reach_is_recorded(dee, patient, regimen):
    data = {"regimen": regimen.pk, "first_day": "2031-10-31", "last_day": "",
            "reason": "surgery"}  # fmt: skip
    response, _ = post(dee, reverse("clinic-pause", args=[patient.pk]), data)
    assert response.status_code == 302
    assert TreatmentPause.objects.get().first_day == date(2031, 10, 31)


def test_a_pause_out_of_reach_is_refused_by_the_service_too(regimen, clinician):
    with pytest.raises(ServiceError, match=OUT_OF_REACH):
        record_pause(regimen=regimen, first_day=date(1, 1, 1), last_day=None, reason="x",
                     created_by=clinician)  # fmt: skip
    assert not TreatmentPause.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "field", "form"),
    [
        ("add-box", {"lot": "A1", "expires_on": "{day}", "count": "7"}, "expires_on", "box_form"),
        ("add-side-effect", {"kind": "headache", "severity": "mild", "started_on": "{day}"},
         "started_on", "effect_form"),
        ("add-lab-result", {"taken_on": "{day}", "neutrophils": "3.1"}, "taken_on", "lab_form"),
        ("add-avoid-zone", {"place": "abdomen", "x": "3", "y": "3", "radius": "1",
                            "kind": "scar", "ends_on": "{day}"}, "ends_on", "zone_form"),
    ],
)  # fmt: skip
def test_a_year_out_of_reach_is_refused_and_a_day_within_it_taken(
    alice, patient, name, data, field, form
):
    far = "9999-12-31" if field == "ends_on" else "0001-01-01"
    response, before = post(alice, reverse(name), {k: v.format(day=far) for k, v in data.items()})
    assert response.status_code == 200
    assert OUT_OF_REACH in " ".join(response.context[form].errors[field])
    assert rows() == before
    near = "2026-11-20" if field == "ends_on" else "2026-10-20"
    response, _ = post(alice, reverse(name), {k: v.format(day=near) for k, v in data.items()})
    assert response.status_code == 302
    assert rows() != before


def test_a_report_of_year_1_is_the_form_again_not_a_pdf(alice, patient):
    response = alice.get(reverse("report-pdf"), {"first": "0001-01-01", "last": "0001-01-02"})
    assert response.status_code == 400
    assert OUT_OF_REACH in words(response)


@pytest.mark.parametrize("name", ["note", "described"])
def test_a_nul_character_in_a_note_is_refused_beside_it(alice, patient, name):
    data = {"kind": "other", "described": "rash", "started_on": "2026-10-20", "note": ""}
    response, before = post(alice, reverse("add-side-effect"), data | {name: "itchy\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.context["effect_form"].errors[name]
    assert rows() == before


def test_a_nul_character_in_an_imported_note_is_refused_with_its_line(patient, tmp_path):
    """On PostgreSQL it was a DataError: run with DATABASE_URL to see it refused there."""
    path = tmp_path / "log.csv"
    path.write_text(
        "taken_at,slot_date,medication,dose_mg,region,side,x_cm,y_cm,administered_by,"
        "status,reason,notes\n"
        ",2026-11-01,anakinra,,,,,,,skipped,fever,all \x00 day\n"
    )
    with pytest.raises(CommandError, match="line 2.*NUL"):
        call_command("import_doses", "--patient", "alice", str(path), stdout=io.StringIO())
    assert not Dose.objects.exists()


@pytest.mark.parametrize("token", ["%00abc", "a%00", "%C2%B2"])
def test_a_calendar_token_with_a_nul_or_odd_characters_is_no_feed(client, token):
    """On PostgreSQL a NUL in the lookup was a DataError."""
    assert client.get(f"/calendar/{token}.ics").status_code == 404


@pytest.mark.parametrize("name", ['=HYPERLINK("http://evil.example")', "+1", "-x", "@SUM(A1)"])
def test_a_username_that_starts_as_a_formula_is_quoted_in_the_clinic_s_csv(dee, clinic, name):
    Enrollment.objects.create(patient=make_patient(name), clinic=clinic)
    cells = [row[0] for row in csv.reader(io.StringIO(dee.get(reverse("clinic-export")).text))]
    assert "'" + name in cells
    assert name not in cells
    assert "alice" in cells  # a name that is no formula stays as it is


def test_a_skip_reason_that_starts_as_a_formula_is_quoted_in_the_record_s_csv(alice, regimen):
    reason = '=HYPERLINK("http://evil.example")'
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 1), reason=reason,
              entered_by=regimen.patient.user)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(alice.get(reverse("download-csv")).text)))
    assert [row["reason"] for row in rows] == ["'" + reason]


# -- Property tests: no server error, nothing half-written --

# What a hand-edited form or a script sends instead of each kind of value.
ODD_IDS = st.one_of(
    st.sampled_from(["²", "١٢", "abc", "9" * 30, "9" * 5000, "-1", "0", "", " 1", "1.0"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)
ODD_DAYS = st.one_of(
    st.sampled_from(["0001-01-01", "9999-12-29", "9999-12-31", "2026-02-30", "²", ""]),
    st.dates().map(date.isoformat),
)
ODD_TEXT = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "x" * 3000, '=HYPERLINK("http://x")', "\r", "", " "]),
    st.text(max_size=20),
)
ODD = st.one_of(ODD_IDS, ODD_DAYS, ODD_TEXT)


def odd_like(value) -> st.SearchStrategy:
    """Odd values of the kind of `value` most often, any odd value sometimes."""
    text = str(value)
    kind = ODD_IDS if text.isdigit() else ODD_DAYS if text[:4].isdigit() else ODD_TEXT
    return st.one_of(kind, kind, ODD)


def spoiled(data, valid: dict) -> dict:
    """The valid fields, some of them (at least one) replaced by odd values."""
    names = data.draw(st.sets(st.sampled_from(sorted(valid)), min_size=1), label="spoiled")
    return {name: data.draw(odd_like(value), label=name) if name in names else str(value)
            for name, value in valid.items()}  # fmt: skip


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _forms(patient, regimen, dose):
    """Each page's form: its address, who sends it, and a valid value for each field,
    which the test replaces at random by something odd."""
    p, r = patient.pk, regimen.pk
    forms = [
        ("alice", reverse("log-dose"), {"regimen": r, "place": "abdomen", "x": "4", "y": "4",
         "happened": "on", "taken_date": "2026-11-01", "taken_time": "07:00", "reason": "x"}),
        ("alice", reverse("skip-dose"), {"regimen": r, "slot_date": "2026-11-01", "why": "fever",
         "details": "", "explain": "1"}),
        ("alice", reverse("plan-skip"), {"regimen": r, "slot_date": "2026-11-05", "why": "other",
         "details": "trip"}),
        ("alice", reverse("add-box"), {"lot": "A1", "expires_on": "2027-01-01", "count": "7"}),
        ("alice", reverse("add-side-effect"), {"kind": "headache", "severity": "mild",
         "started_on": "2026-10-30", "note": "", "described": ""}),
        ("alice", reverse("add-lab-result"), {"taken_on": "2026-10-30", "neutrophils": "3"}),
        ("alice", reverse("add-medicine"), {"name": "ibuprofen", "dose": "", "how_often": ""}),
        ("alice", reverse("add-avoid-zone"), {"place": "abdomen", "x": "3", "y": "3",
         "radius": "1", "kind": "scar", "ends_on": ""}),
        ("alice", reverse("settings"), {"regimen": r, f"r{r}-time_of_day": "09:00",
         f"r{r}-time_zone": "Europe/London", f"r{r}-rhythm": "daily"}),
        ("alice", reverse("save-scores"), {"day": "2026-11-01", "pain": "3", "stiffness": "2",
         "fatigue": "1"}),
        ("alice", reverse("correct-dose", args=[dose.pk]), {"taken_date": "2026-11-01",
         "taken_time": "07:30", "place": "abdomen", "x": "5", "y": "5", "dose_mg": "100",
         "reason": "typo"}),
        ("alice", reverse("void-dose", args=[dose.pk]), {"reason": "wrong patient"}),
        ("dee", reverse("clinic-pause", args=[p]), {"regimen": r, "first_day": "2026-12-01",
         "last_day": "2026-12-03", "reason": "surgery"}),
        ("dee", reverse("clinic-schedule", args=[p]), {"regimen": r, f"r{r}-time_of_day": "09:00",
         f"r{r}-rhythm": "daily", f"r{r}-reason": "x"}),
        ("dee", reverse("clinic-visit", args=[p]), {"day": "2026-10-30"}),
    ]  # fmt: skip
    return {resolve(url).url_name: (who, url, valid) for who, url, valid in forms}


@pytest.fixture
def dose(regimen, patient):
    return record_dose(regimen=regimen, taken_at=DEFAULT_NOW, site=Site("abdomen", "", 60, 60),
                       administered_by="self", entered_by=patient.user)  # fmt: skip


FORMS = ["log-dose", "skip-dose", "plan-skip", "add-box", "add-side-effect", "add-lab-result",
         "add-medicine", "add-avoid-zone", "settings", "save-scores", "correct-dose",
         "void-dose", "clinic-pause", "clinic-schedule", "clinic-visit"]  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
@settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_no_form_answers_a_server_error_or_writes_when_it_refuses(
    alice, dee, patient, regimen, dose, form, data
):
    clients = {"alice": alice, "dee": dee}
    who, url, valid = _forms(patient, regimen, dose)[form]
    sent = spoiled(data, valid)
    before = rows()
    response = clients[who].post(url, sent)  # an exception here is the server error
    assert response.status_code in (200, 302, 400, 404)
    if response.status_code != 302:
        assert rows() == before


@FUZZ
@given(data=st.data())
def test_no_address_parameter_answers_a_server_error(alice, dee, patient, regimen, dose, data):
    pages = [
        (alice, reverse("history"), ["page"]),
        (alice, reverse("report"), ["first", "last", "paper"]),
        (dee, reverse("clinic"), ["sort", "show", "page", "clinic"]),
        (dee, reverse("clinic-export"), ["sort", "show", "clinic"]),
        (dee, reverse("clinic-report", args=[patient.pk]), ["first", "last"]),
        (alice, reverse("home"), ["by"]),
        (alice, reverse("accept-invitation"), ["code"]),
    ]
    client, url, names = data.draw(st.sampled_from(pages), label="page")
    query = data.draw(st.dictionaries(st.sampled_from(names), ODD), label="query")
    response = client.get(url, query)
    assert response.status_code in (200, 400, 404)


@FUZZ
@given(
    number=st.integers(min_value=0, max_value=10**30),
    path=st.sampled_from(["/doses/%d/", "/patients/%d/", "/patients/%d/history/",
                          "/clinic/patients/%d/", "/clinic/patients/%d/report/",
                          "/clinic/patients/%d/record.csv"]),
)  # fmt: skip
def test_no_number_in_an_address_answers_a_server_error(alice, dee, patient, number, path):
    for client in (alice, dee):
        assert client.get(path % number).status_code in (200, 404)
