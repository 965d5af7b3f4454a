"""No copy of a page in any cache (issue 13, item 3): every answer medtrack renders
says `Cache-Control: no-store`, whoever asks, since its pages are about a person;
only the static files (served by whitenoise before any view) are cached.

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; it is Tuesday
3 November, 08:30, and Monday's dose is in her left thigh.
"""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from injections.models import CalendarFeed
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.sharing import start_calendar_feed

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)

pytestmark = pytest.mark.clock(NOW)


@pytest.fixture
def dose(regimen):
    return record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
    )


def never_stored(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "name",
    # The patient's PDF is the clinic's, below (and tests/views/test_visit_report.py).
    ["home", "history", "report", "download-csv", "settings", "health", "guide"],
)
def test_the_patient_s_pages_and_files_are_never_stored(alice, dose, name):
    response = alice.get(reverse(name))
    assert response.status_code == 200
    assert never_stored(response)


def test_a_dose_page_is_never_stored(alice, dose):
    response = alice.get(reverse("dose", args=[dose.pk]))
    assert response.status_code == 200
    assert never_stored(response)


def test_an_htmx_fragment_and_an_action_s_answer_are_never_stored(alice, dose):
    fragment = alice.get(reverse("home"), headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<h1" not in fragment.content.decode()
    assert never_stored(fragment)
    answer = alice.post(
        reverse("skip-dose"), {"reason": "travelling"}, headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200
    assert never_stored(answer)


@pytest.mark.parametrize(
    "name, args",
    [
        ("clinic", []),
        ("clinic-export", []),
        ("clinic-patient", ["pk"]),
        ("clinic-report", ["pk"]),
        ("clinic-report-pdf", ["pk"]),
        ("clinic-download-csv", ["pk"]),
    ],
)
def test_the_clinic_s_review_its_csv_and_the_visit_report_are_never_stored(
    dee, patient, dose, name, args
):
    response = dee.get(reverse(name, args=[patient.pk for _ in args]))
    assert response.status_code == 200
    assert never_stored(response)


def test_the_caregiver_s_view_of_the_patient_is_never_stored(carol, patient):
    response = carol.get(reverse("patient", args=[patient.pk]))
    assert response.status_code == 200
    assert never_stored(response)


def test_the_private_calendar_feed_is_never_stored(client, patient):
    start_calendar_feed(patient=patient)
    token = CalendarFeed.objects.get(patient=patient).token
    response = client.get(reverse("calendar-feed", args=[token]))  # no one signed in
    assert response.status_code == 200
    assert never_stored(response)
    assert "max-age=300" not in response["Cache-Control"]


def test_a_refusal_and_the_sign_in_page_are_never_stored(eve, client, patient):
    assert never_stored(eve.get(reverse("clinic-patient", args=[patient.pk])))
    assert never_stored(client.get(reverse("login")))


def test_static_files_keep_their_caching(client):
    response = client.get("/static/css/medtrack.css")
    assert response.status_code == 200
    assert not never_stored(response)
    assert "max-age" in response["Cache-Control"]
