"""The patient's page "Who has seen or changed your record" (issue 13, item 4)."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from injections.models import AuditEvent, Dose
from injections.services import audit
from injections.services.patients import create_patient
from tests.conftest import signed_in
from tests.views.pages import document, heading, links, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW)
PAGE = reverse("record-log")
UPPER_ARM = {"place": "upper_arm:left", "x": "4", "y": "6"}
OPENED = "Someone at the command line of the server opened your record in medtrack"


def entries(response) -> list[str]:
    """Each event listed, in its words, but the first of all: the record opened by
    create_patient (tests/conftest.py), from the command line."""
    listed = [item.text for item in document(response).find_all("li", data_event=True)]
    return [entry for entry in listed if not entry.startswith(OPENED)]


def test_it_lists_a_clinicians_view_and_a_caregivers_change_newest_first(
    alice, carol, dee, patient, regimen, clock
):
    dee.get(reverse("clinic-patient", args=[patient.pk]))
    clock.shift(timedelta(minutes=5))
    carol.post(reverse("log-dose"), {"patient": patient.pk, "regimen": regimen.pk, **UPPER_ARM})
    dose = Dose.objects.get()
    response = alice.get(PAGE)
    assert heading(response) == "Who has seen or changed your record"
    listed = entries(response)
    assert listed[0].startswith("carol (caregiver) added to your record — see the record")
    assert "Tuesday 3 November 2026, 08:35" in listed[0]
    assert listed[1].startswith("dr-dee (clinician) looked at your record: the clinic's page")
    assert len(listed) == 2
    assert links(response)["see the record"] == reverse("dose", args=[dose.pk])


def test_it_leaves_out_the_patients_own_actions_and_other_patients_events(
    alice, patient, regimen, other_patient, carol, caregiver
):
    alice.post(reverse("log-dose"), {"regimen": regimen.pk, "place": "thigh:left", "x": "6",
                                     "y": "10"})  # fmt: skip
    assert Dose.objects.count() == 1
    audit.record(AuditEvent.Action.VIEWED, actor=caregiver, patient=other_patient)
    assert entries(alice.get(PAGE)) == []
    assert OPENED in words(alice.get(PAGE))
    carol.get(reverse("patient", args=[patient.pk]))
    assert len(entries(alice.get(PAGE))) == 1


def test_a_refusal_is_listed_for_the_patient(alice, eve, patient):
    eve.get(reverse("patient-history", args=[patient.pk]))
    assert entries(alice.get(PAGE))[0].startswith("eve tried to open your record and was refused")


@pytest.mark.parametrize("who", ["carol", "dee", "eve"])
def test_nobody_but_a_patient_opens_it(request, who, patient):
    assert request.getfixturevalue(who).get(PAGE).status_code == 404


def test_another_patient_sees_only_their_own(bob, carol, patient):
    carol.get(reverse("patient", args=[patient.pk]))
    assert entries(bob.get(PAGE)) == []
    assert len(entries(signed_in(patient.user).get(PAGE))) == 1


def test_the_sharing_page_links_to_it(alice):
    assert links(alice.get(reverse("sharing")))["Who has seen or changed your record"] == PAGE


def test_it_is_paged(alice, caregiver, patient):
    audit.record_many([audit.event(AuditEvent.Action.VIEWED, actor=caregiver, patient=patient)
                       for _n in range(50)])  # fmt: skip
    assert len(entries(alice.get(PAGE))) == 50
    assert "Page 1 of 2" in words(alice.get(PAGE))
    assert OPENED in words(alice.get(PAGE + "?page=2"))


def test_a_record_opened_by_someone_names_them(db):
    creator = get_user_model().objects.create_user("frank")
    create_patient(username="gina", password="x" * 12, medication="anakinra",
                   rrule="FREQ=DAILY", time_of_day=time(8), time_zone="Europe/London",
                   start_date=NOW.date(), created_by=creator)  # fmt: skip
    gina = get_user_model().objects.get(username="gina")
    assert "frank opened your record in medtrack" in words(signed_in(gina).get(PAGE))
