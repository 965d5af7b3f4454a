"""Each person's reminders on Settings (issue 11): which, how, quiet hours; and the
patient's choice, per caregiver, of who is told of a missed dose (Sharing)."""

from datetime import time

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from injections.models import CareLink, ReminderChoice
from injections.rules import reminders as rules
from injections.services.reminders import choice_of, save_choice
from tests.views.pages import document, words

SETTINGS = reverse("settings")
SAVE = reverse("save-reminders")
pytestmark = pytest.mark.django_db


def checked(response, name: str) -> set[str]:
    page = document(response)
    return {
        box.get("value")
        for box in page.find_all("input", name=f"reminders-{name}")
        if box.has("checked")
    }


def offered(response, name: str) -> set[str]:
    return {
        box.get("value") for box in document(response).find_all("input", name=f"reminders-{name}")
    }


def test_a_patient_starts_with_the_default_reminders(alice):
    page = alice.get(SETTINGS)
    assert offered(page, "kinds") == set(rules.PATIENT_KINDS)
    assert checked(page, "kinds") == {"dose", "late", "refill", "blood_test"}
    assert checked(page, "channels") == {"email", "push"}
    assertContains(page, "Your account has no email address")


def test_the_address_emails_go_to_is_shown(alice, patient):
    patient.user.email = "alice@example.com"
    patient.user.save()
    assertContains(alice.get(SETTINGS), "Emails go to alice@example.com.")


def test_a_patient_saves_their_choice(alice, patient):
    response = alice.post(
        SAVE,
        {
            "reminders-kinds": ["dose", "sharps"],
            "reminders-channels": ["push"],
            "reminders-quiet_from": "22:00",
            "reminders-quiet_until": "07:30",
            "reminders-urgent": ["dose"],
        },
        follow=True,
    )
    assertContains(response, "Saved. Your reminders follow these choices from now on.")
    choice = choice_of(patient.user)
    assert choice == rules.Choice(
        # What the form did not offer her keeps its default (see below).
        kinds=frozenset({"dose", "sharps", "missed"}), urgent=frozenset({"dose"}), by_email=False,
        by_push=True, quiet_from=time(22), quiet_until=time(7, 30),
    )  # fmt: skip
    assert checked(response, "kinds") == {"dose", "sharps"}
    assert document(response).find("input", name="reminders-quiet_from").get("value") == "22:00"


def test_half_of_the_quiet_hours_is_refused_next_to_the_field_keeping_what_was_typed(
    alice, patient
):
    response = alice.post(SAVE, {"reminders-kinds": ["late"], "reminders-quiet_from": "22:00"})
    assert response.status_code == 200
    assert not ReminderChoice.objects.exists()
    page = document(response)
    summary = page.find(id="error-summary")
    assert "Quiet hours until: Give both times, or neither for no quiet hours" in summary.text
    assert summary.find("a").get("href") == "#id_reminders-quiet_until"
    assert page.find("input", name="reminders-quiet_from").get("value") == "22:00"
    assert checked(response, "kinds") == {"late"}
    assert "regimens" in response.context  # the rest of the page is still there


def test_the_same_start_and_end_is_refused(alice):
    response = alice.post(SAVE, {"reminders-quiet_from": "22:00", "reminders-quiet_until": "22:00"})
    assertContains(response, "The end must differ from the start")
    assert not ReminderChoice.objects.exists()


def test_a_caregiver_chooses_only_what_concerns_whom_they_care_for(carol, caregiver, patient):
    page = carol.get(SETTINGS)
    assert offered(page, "kinds") == {"missed"}
    assertContains(page, "Nobody has chosen to have you told of a missed dose yet")
    assertNotContains(page, "alice chose to have you told")

    CareLink.objects.filter(caregiver=caregiver).update(missed_dose_alerts=True)
    assertContains(carol.get(SETTINGS), "alice chose to have you told when a dose is missed.")


def test_what_the_form_did_not_show_keeps_its_choice(carol, caregiver):
    """Carol only cares for alice: saving her form keeps nothing hidden from her, but
    a kind she could not see stays as it was (say, once she is a patient herself)."""
    save_choice(caregiver, rules.Choice(kinds=frozenset({"missed", "refill"})))
    response = carol.post(SAVE, {"reminders-channels": ["email"]})
    assert response.status_code == 302, words(response)
    caregiver = type(caregiver).objects.get(pk=caregiver.pk)  # not the one cached above
    assert choice_of(caregiver).kinds == {"refill"}


def test_someone_with_nothing_to_be_reminded_of_is_told_so(dee):
    page = dee.get(SETTINGS)
    assertContains(page, "there is nothing to remind you of yet")
    assert "reminders-kinds" not in page.content.decode()


def test_push_devices_are_listed_with_the_button_when_the_server_has_keys(alice, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "BPublic", "private"
    page = document(alice.get(SETTINGS))
    assert page.find("button", **{"data-push-key": "BPublic"}) is not None
    settings.VAPID_PUBLIC_KEY = ""
    response = alice.get(SETTINGS)
    assertContains(response, "Notifications are not set up on this server")
    assert document(response).find_all("button", **{"data-push-key": ""}) == []


def test_the_patient_chooses_which_caregiver_is_told_of_a_missed_dose(alice, caregiver, patient):
    link = CareLink.objects.get(caregiver=caregiver)
    sharing = reverse("sharing")
    assertContains(alice.get(sharing), "Tell carol when I miss a dose")

    response = alice.post(reverse("care-alerts", args=[link.pk]), {"alerts": "on"}, follow=True)
    link.refresh_from_db()
    assert link.missed_dose_alerts
    assertContains(response, "Saved. carol is told when a dose is missed.")
    assert "carol is told when you miss a dose." in words(response)
    assertContains(response, "Stop telling carol")

    alice.post(reverse("care-alerts", args=[link.pk]), {"alerts": "off"})
    link.refresh_from_db()
    assert not link.missed_dose_alerts


def test_a_revoked_caregiver_cannot_be_chosen(alice, caregiver):
    link = CareLink.objects.get(caregiver=caregiver)
    alice.post(reverse("revoke-care", args=[link.pk]))
    assert alice.post(reverse("care-alerts", args=[link.pk]), {"alerts": "on"}).status_code == 404
