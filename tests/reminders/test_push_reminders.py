"""Reminders by Web Push through send_reminders (issue 11): to every device the
person enabled, with "Log dose" opening the check-in; a device gone is dropped."""

import pytest

from injections.models import PushSubscription, Reminder
from injections.rules import reminders as rules
from injections.services.reminders import save_choice, send_due
from tests.pushservice import Browser

from .test_sending import ALICE, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(patient, vapid, service):
    browser = Browser()
    browser.subscribe(patient.user, service.endpoint("/push/alice-phone"))
    return browser


def test_the_dose_reminder_reaches_the_phone_once_with_log_dose(patient, phone, service):
    send_due(at=at(2, 8, 0))
    send_due(at=at(2, 8, 5))
    [received] = service.received
    shown = phone.decrypt(received.body)
    assert shown["title"] == "Time for your Anakinra (Kineret)"
    assert "Your dose is due now: 100 mg" in shown["body"]
    assert shown["url"] == "http://localhost:8000/"
    assert shown["actions"] == [{"action": "log", "title": "Log dose"}]
    assert Reminder.objects.get().channel == "push"


def test_email_and_push_each_once(patient, phone, service, inbox):
    patient.user.email = ALICE
    patient.user.save()
    send_due(at=at(2, 8, 0))
    send_due(at=at(2, 8, 1))
    assert len(service.received) == 1 and len(inbox.to(ALICE)) == 1


def test_push_turned_off_sends_none(patient, phone, service):
    save_choice(patient.user, rules.Choice(kinds=frozenset(rules.DEFAULT_KINDS), by_push=False))
    send_due(at=at(2, 8, 0))
    assert service.received == []


def test_a_phone_gone_is_removed_and_the_reminder_recorded_as_failed(patient, phone, service):
    service.answers["/push/alice-phone"] = 410
    send_due(at=at(2, 8, 0))
    assert not PushSubscription.objects.exists()
    assert Reminder.objects.get().status == "failed"
    send_due(at=at(2, 10, 1))  # the late one: no device left, nothing tried
    assert len(service.received) == 1
