"""The caregiver's pages: their list of patients (`patients`, and `home` for someone
who is not a patient), a patient's check-in (`patient`) and its actions, and the
patient's history and records (`patient-history`, `dose`).

Carol cares for alice. It is Tuesday 3 November 2026, 08:30 in London (GMT):
alice's daily 08:00 dose is due, on time until 10:00.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from injections.models import AvoidZone, CareLink, Dose, ScheduleVersion
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from tests.views.pages import element, heading, links, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
LATER = timedelta(seconds=5)
LOG = reverse("log-dose")
UPPER_ARM = {"place": "upper_arm:left", "x": "4", "y": "6"}


pytestmark = pytest.mark.clock(NOW)


@pytest.fixture
def checkin_url(patient):
    return reverse("patient", args=[patient.pk])


def placeable(response) -> set[str]:
    """The areas of the check-in's body map that may be chosen for this injection."""
    views = response.context["checkin"].map_views
    return {region.key for view in views for region in view.regions if region.allowed}


def took_at_eight(regimen, by="self"):
    at = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    return record_dose(
        regimen=regimen,
        taken_at=at,
        site=Site("thigh", "left", 60, 100),
        administered_by=by,
        entered_by=regimen.patient.user,
        now=at,
    )


# The list of patients


def test_the_list_shows_each_patient_with_todays_status_in_words(
    carol, caregiver, regimen, other_patient
):
    CareLink.objects.create(patient=other_patient, caregiver=caregiver)
    took_at_eight(regimen)
    response = carol.get(reverse("patients"))
    assert [row["patient"].user.username for row in response.context["rows"]] == ["alice", "bob"]
    page = words(response)
    assert (
        "alice You are their caregiver. Taken anakinra 100 mg taken at 08:00 in the thigh left, "
        "given by alice. Open alice's check-in"
    ) in page
    assert (
        "bob You are their caregiver. Due anakinra 100 mg is due now: take it by 10:00 to be on "
        "time. Open bob's check-in"
    ) in page


def test_the_list_links_to_each_patients_check_in(carol, checkin_url):
    assert links(carol.get(reverse("patients")))["Open alice's check-in"] == checkin_url


def test_the_home_page_of_a_caregiver_is_their_list(carol):
    response = carol.get(reverse("home"))
    assert response.status_code == 200
    assert [row["patient"].user.username for row in response.context["rows"]] == ["alice"]
    assert heading(response) == "Patients"
    assert "Today for" not in words(response)


def test_a_caregiver_with_nobody_yet_is_told_how_to_get_access(eve):
    response = eve.get(reverse("patients"))
    assert "ask the person you care for to invite you" in words(response)
    assert links(response)["I have an invitation code"] == reverse("accept-invitation")


# The patient's check-in


def test_the_check_in_is_for_someone_else_injecting(carol, checkin_url):
    response = carol.get(checkin_url)
    assert response.status_code == 200
    assert response.context["checkin"].administered_by == "caregiver"
    page = words(response)
    assert heading(response) == "Today for alice"
    assert "You are their caregiver: a dose you log is recorded as given and entered by you." in (
        page
    )
    assert {"upper_arm:left", "upper_arm:right", "buttock:left", "buttock:right"} <= placeable(
        response
    )
    assert "Who is injecting?" not in page
    assert "someone else only" not in page


def test_the_patients_own_check_in_leaves_the_arms_to_someone_else(alice):
    response = alice.get(reverse("home"))
    assert "upper_arm:left" not in placeable(response)
    assert "thigh:left" in placeable(response)
    page = words(response)
    assert "Upper arm left Upper arm right Buttock left Buttock right someone else only" in page
    assert "Who is injecting?" in page


def test_the_forms_of_the_caregivers_check_in_name_the_patient(carol, patient, checkin_url):
    response = carol.get(checkin_url, {"by": "caregiver", **UPPER_ARM})
    [log_form] = element(response, "verdict").find_all("form", action=LOG)
    assert log_form.find("input", name="patient").get("value") == str(patient.pk)
    assert log_form.find("input", name="by").get("value") == "caregiver"
    assert log_form.find("button").text == "Log dose"
    assert "This spot is fine." in words(response)


def test_a_dose_the_caregiver_logs_is_given_and_entered_by_them(
    carol, alice, caregiver, patient, regimen, checkin_url, clock
):
    response = carol.post(LOG, {"patient": patient.pk, "regimen": regimen.pk, **UPPER_ARM})
    assert response.status_code == 302
    assert response.url == checkin_url
    dose = Dose.objects.get()
    assert dose.patient == patient
    assert dose.site == Site("upper_arm", "left", 40, 60)
    assert dose.administered_by == "caregiver"
    assert dose.entered_by == caregiver
    assert dose.flags == []
    clock.shift(LATER)
    page = words(carol.get(checkin_url))
    assert "Dose recorded: upper arm left at 08:30." in page
    # She gave it: she reads "you"; alice reads that a caregiver did.
    assert "taken at 08:30 in the upper arm left, given by you." in page
    assert "given by a caregiver." in words(alice.get(reverse("home")))
    assert "Undo: alice did not have this dose" in page


def test_a_caregiver_cannot_log_a_dose_as_given_by_the_patient(carol, patient, regimen):
    carol.post(LOG, {"patient": patient.pk, "regimen": regimen.pk, "by": "self", **UPPER_ARM})
    assert Dose.objects.get().administered_by == "caregiver"


def test_a_caregiver_cannot_log_a_dose_on_another_patients_medicine(carol, patient, other_patient):
    other = other_patient.regimens.get()
    response = carol.post(LOG, {"patient": patient.pk, "regimen": other.pk, **UPPER_ARM})
    assert response.status_code == 404
    assert not Dose.objects.exists()


def test_the_caregiver_undoes_a_dose_they_logged(carol, patient, regimen, checkin_url, clock):
    carol.post(LOG, {"patient": patient.pk, "regimen": regimen.pk, **UPPER_ARM})
    clock.shift(LATER)
    dose = Dose.objects.get()
    response = carol.post(reverse("undo-dose", args=[dose.pk]), {"patient": patient.pk})
    assert response.status_code == 302
    assert response.url == checkin_url
    dose.refresh_from_db()
    assert dose.voided_at is not None


def test_the_caregiver_skips_a_dose_for_the_patient(carol, caregiver, patient, regimen):
    response = carol.post(
        reverse("skip-dose"),
        {"patient": patient.pk, "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever"},
    )
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.status, dose.entered_by) == ("skipped", caregiver)


def test_a_caregiver_cannot_skip_another_patients_dose(carol, patient, other_patient):
    other = other_patient.regimens.get()
    response = carol.post(
        reverse("skip-dose"),
        {"patient": patient.pk, "regimen": other.pk, "slot_date": "2026-11-03", "why": "fever"},
    )
    assert response.status_code == 404
    assert not Dose.objects.exists()


def test_the_caregiver_answers_how_the_site_looks(carol, caregiver, regimen, clock):
    dose = took_at_eight(regimen)
    clock.move_to(datetime(2026, 11, 4, 8, 30, tzinfo=UTC))
    response = carol.post(reverse("site-look", args=[dose.pk]), {"kinds": ["redness"]})
    assert response.status_code == 302
    assert dose.site_check.recorded_by == caregiver


# What stays the patient's


def test_the_caregiver_cannot_change_the_patients_settings(carol, regimen):
    # Her own settings are her reminders: nothing of alice's schedule.
    page = carol.get(reverse("settings"))
    assert "reminder_form" in page.context and "regimens" not in page.context
    response = carol.post(
        reverse("settings"),
        {
            "regimen": regimen.pk,
            f"r{regimen.pk}-time_of_day": "09:00",
            f"r{regimen.pk}-time_zone": "Europe/London",
            f"r{regimen.pk}-rrule": "FREQ=DAILY",
        },
    )
    assert response.status_code == 404
    assert ScheduleVersion.objects.filter(regimen=regimen).count() == 1
    zone = {"place": "abdomen", "x": "3", "y": "3", "radius": "1", "kind": "scar"}
    assert carol.post(reverse("add-avoid-zone"), zone).status_code == 404
    assert not AvoidZone.objects.exists()


def test_the_caregiver_cannot_change_who_has_access(carol, caregiver):
    link = CareLink.objects.get(caregiver=caregiver)
    assert carol.get(reverse("sharing")).status_code == 404
    assert carol.post(reverse("invite"), {"invitee": "dave@example.com"}).status_code == 404
    assert carol.post(reverse("revoke-care", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_a_caregiver_who_is_a_patient_has_only_their_own_settings(patient, other_patient, bob):
    """Bob cares for alice: his settings and sharing pages are his own, never hers."""
    CareLink.objects.create(patient=patient, caregiver=other_patient.user)
    response = bob.get(reverse("settings"))
    assert [row["regimen"].patient for row in response.context["regimens"]] == [other_patient]
    alices = patient.regimens.get()
    response = bob.post(reverse("settings"), {"regimen": alices.pk})
    assert response.status_code == 404
    response = bob.get(reverse("sharing"))
    assert list(response.context["care_links"]) == []


# The patient's history and records


def test_the_caregiver_sees_the_patients_history(carol, patient, regimen, checkin_url):
    took_at_eight(regimen)
    response = carol.get(reverse("patient-history", args=[patient.pk]))
    assert response.status_code == 200
    page = words(response)
    assert "History of alice" in page
    assert links(response)["Back to alice's check-in"] == checkin_url
    assert (
        "Taken at 08:00 in the thigh left (6, 10 cm). Given by alice; entered by alice."
        in page
    )


def test_the_caregiver_sees_a_records_page(carol, patient, regimen):
    dose = took_at_eight(regimen)
    response = carol.get(reverse("dose", args=[dose.pk]))
    assert response.status_code == 200
    assert response.context["history_url"] == reverse("patient-history", args=[patient.pk])


def test_the_check_in_links_the_caregiver_to_the_history(carol, patient, checkin_url):
    history = reverse("patient-history", args=[patient.pk])
    assert links(carol.get(checkin_url))["Their history"] == history



def test_the_patient_reads_you_and_a_caregiver_reads_the_patients_name(alice, carol, regimen):
    """Issue 15, item 6: who gave the dose, for each reader."""
    record_dose(regimen=regimen, taken_at=NOW, site=Site("thigh", "left", 60, 100),
                administered_by="self", entered_by=regimen.patient.user)  # fmt: skip
    own = words(alice.get(reverse("home")))
    assert "given by you." in own and "Undo: I did not take it" in own
    page = words(carol.get(reverse("patient", args=[regimen.patient.pk])))
    assert "given by alice." in page and "left, given by you" not in page
    assert "Undo:" not in page  # carol did not enter it


def test_a_caregiver_who_logged_a_dose_undoes_it_by_the_patients_name(carol, caregiver, regimen):
    record_dose(regimen=regimen, taken_at=NOW, site=Site("thigh", "left", 60, 100),
                administered_by="caregiver", entered_by=caregiver)  # fmt: skip
    page = words(carol.get(reverse("patient", args=[regimen.patient.pk])))
    assert "Undo: alice did not have this dose" in page
    assert "Undo: I did not take it" not in page
