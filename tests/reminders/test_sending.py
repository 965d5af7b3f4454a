"""send_reminders against a real SMTP server: each kind once at its moment, none in
quiet hours, none once the dose is logged, retries then failure (issue 11)."""

import json
import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.management import call_command

from injections.models import Reminder, ReminderKind, Syringe
from injections.rules import reminders as rules
from injections.rules.geometry import Site
from injections.services import reminders, supplies
from injections.services.doses import record_dose
from injections.services.health import record_lab_result, record_side_effect
from injections.services.language import choose_language
from injections.services.reminders import failed, save_choice, send_due
from injections.services.sharing import revoke_care
from tests.conftest import START, make_patient

pytestmark = pytest.mark.django_db
ALICE = "alice@example.com"
THIGH = Site("thigh", "left", 60, 100)
NAME = "Anakinra (Kineret)"
DROPPED = Syringe.Discard.DAMAGED


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant on day `day` of the treatment (1 = START), in UTC (London in November)."""
    return datetime.combine(START + timedelta(days=day - 1), time(hour, minute), tzinfo=UTC)


@pytest.fixture
def alice_email(patient):
    """Alice with an address, her first blood test done: the next is due on 1 December."""
    patient.user.email = ALICE
    patient.user.save()
    record_lab_result(patient=patient, taken_on=START, recorded_by=patient.user)
    return patient


def test_the_dose_reminder_goes_once_at_the_scheduled_time(alice_email, inbox):
    send_due(at=at(2, 7, 59))
    assert inbox.to(ALICE) == []

    assert send_due(at=at(2, 8, 0)).sent == 1
    send_due(at=at(2, 8, 1))
    send_due(at=at(2, 9, 30))

    [mail] = inbox.to(ALICE)
    assert mail["Subject"] == f"Time for your {NAME}"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert "Your dose is due now: 100 mg" in text and "at 08:00" in text
    assert "http://localhost:8000/" in text  # the check-in, where it is logged
    assert 'href="http://localhost:8000/"' in html and "Log dose" in html
    assert "http://localhost:8000/settings/" in text  # how to change them


def test_the_late_reminder_goes_once_when_the_on_time_window_ends(alice_email, inbox):
    send_due(at=at(2, 8, 0))
    send_due(at=at(2, 10, 0))  # still on time until 10:00
    assert inbox.subjects(ALICE) == [f"Time for your {NAME}"]

    send_due(at=at(2, 10, 1))
    send_due(at=at(2, 12, 0))
    assert len(inbox.to(ALICE)) == 2
    late = inbox.to(ALICE)[1]
    assert late["Subject"] == "Your dose is late"
    assert "You can still take it until" in late.get_body(("plain",)).get_content()


def test_nothing_once_the_dose_is_logged(alice_email, regimen, inbox):
    send_due(at=at(2, 8, 0))
    record_dose(
        regimen=regimen, taken_at=at(2, 8, 20), site=THIGH, administered_by="self",
        entered_by=alice_email.user, now=at(2, 8, 20),
    )  # fmt: skip
    for instant in (at(2, 10, 1), at(2, 15, 0), at(2, 20, 30)):
        send_due(at=instant)
    assert len(inbox.to(ALICE)) == 1  # the dose reminder before it was logged, only


def test_nothing_inside_quiet_hours_until_they_end(alice_email, inbox):
    save_choice(
        alice_email.user,
        rules.Choice(
            kinds=frozenset(rules.DEFAULT_KINDS), quiet_from=time(22), quiet_until=time(9)
        ),
    )
    send_due(at=at(2, 8, 0))
    send_due(at=at(2, 8, 59))
    assert inbox.to(ALICE) == []
    send_due(at=at(2, 9, 0))  # still on time: the dose reminder goes now
    assert [m["Subject"] for m in inbox.to(ALICE)] == [f"Time for your {NAME}"]


def test_a_kind_marked_urgent_comes_inside_quiet_hours(alice_email, inbox):
    save_choice(
        alice_email.user,
        rules.Choice(
            kinds=frozenset(rules.DEFAULT_KINDS), urgent=frozenset({rules.DOSE}),
            quiet_from=time(22), quiet_until=time(9),
        ),
    )  # fmt: skip
    send_due(at=at(2, 8, 0))
    assert len(inbox.to(ALICE)) == 1


def test_a_kind_not_chosen_is_not_sent(alice_email, inbox):
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.LATE})))
    send_due(at=at(2, 8, 0))
    assert inbox.to(ALICE) == []
    send_due(at=at(2, 10, 1))
    assert [m["Subject"] for m in inbox.to(ALICE)] == ["Your dose is late"]


def test_no_email_without_an_address_or_with_email_turned_off(patient, inbox):
    send_due(at=at(2, 8, 0))
    assert inbox.messages == [] and not Reminder.objects.exists()

    patient.user.email = ALICE
    patient.user.save()
    save_choice(patient.user, rules.Choice(kinds=frozenset(rules.DEFAULT_KINDS), by_email=False))
    send_due(at=at(2, 8, 1))
    assert inbox.messages == []


def test_a_missed_dose_goes_to_the_caregivers_the_patient_chose(alice_email, caregiver, inbox):
    link = alice_email.care_links.get(caregiver=caregiver)
    send_due(at=at(2, 20, 1))  # the slot closed at 20:00 with nothing logged
    assert inbox.to("carol@example.com") == []  # not chosen yet

    link.missed_dose_alerts = True
    link.save()
    send_due(at=at(2, 20, 5))
    send_due(at=at(2, 21, 0))
    [mail] = inbox.to("carol@example.com")
    assert mail["Subject"] == "alice missed a dose"
    text = mail.get_body(("plain",)).get_content()
    assert "alice's dose of" in text and "Your" not in text
    assert f"http://localhost:8000/patients/{alice_email.pk}/" in text
    # The patient herself is not told of her own missed dose by this reminder.
    assert all(m["Subject"] != "alice missed a dose" for m in inbox.to(ALICE))


def test_a_missed_dose_is_old_news_after_twelve_hours(alice_email, caregiver, inbox):
    alice_email.care_links.update(missed_dose_alerts=True)
    send_due(at=at(3, 8, 30))  # day 2's slot closed at 20:00 yesterday, 12.5 h ago
    assert inbox.to("carol@example.com") == []


def test_refill_by_day_once_per_box(alice_email, regimen, inbox):
    supplies.add_box(
        patient=alice_email, medication=regimen.medication, lot="A1", count=1,
        expires_on=START + timedelta(days=300), added_by=alice_email.user, now=at(1, 7),
    )  # fmt: skip
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.REFILL})))
    send_due(at=at(2, 3, 0))  # at night: it waits for the day
    assert inbox.to(ALICE) == []
    send_due(at=at(2, 9, 0))
    send_due(at=at(2, 15, 0))
    send_due(at=at(3, 9, 0))
    [mail] = inbox.to(ALICE)
    assert mail["Subject"] == f"Time to order more {NAME}"
    assert "http://localhost:8000/supplies/" in mail.get_body(("plain",)).get_content()

    supplies.add_box(
        patient=alice_email, medication=regimen.medication, lot="A2", count=1,
        expires_on=START + timedelta(days=300), added_by=alice_email.user, now=at(3, 10),
    )  # fmt: skip
    send_due(at=at(3, 11, 0))  # a new box, still low: news again
    assert len(inbox.to(ALICE)) == 2


def test_a_syringe_out_of_the_fridge_nearly_too_long(alice_email, regimen, inbox):
    box = supplies.add_box(
        patient=alice_email, medication=regimen.medication, lot="W1", count=7,
        expires_on=START + timedelta(days=300), added_by=alice_email.user, now=at(1, 7),
    )  # fmt: skip
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.WARM_SYRINGE})))
    supplies.take_out_of_fridge(syringes=[box.syringes.first()], at=at(2, 3, 0))
    send_due(at=at(2, 22, 0))  # 19 h out of 24: not yet
    assert inbox.to(ALICE) == []
    send_due(at=at(2, 23, 0))  # 20 h: 4 h left, at night too (it cannot wait)
    send_due(at=at(2, 23, 30))
    [mail] = inbox.to(ALICE)
    text = mail.get_body(("plain",)).get_content()
    assert "lot W1" in text and "since Monday 2 November, 03:00" in text
    assert "Use it by Tuesday 3 November, 03:00" in text


def test_the_sharps_container_nearly_full(alice_email, regimen, inbox):
    supplies.replace_sharps(patient=alice_email, capacity=4, at=at(1, 7))
    box = supplies.add_box(
        patient=alice_email, medication=regimen.medication, lot="S1", count=7,
        expires_on=START + timedelta(days=300), added_by=alice_email.user, now=at(1, 7),
    )  # fmt: skip
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.SHARPS})))
    for syringe in box.syringes.all()[:2]:
        supplies.discard(syringe=syringe, reason=DROPPED, at=at(1, 8))
    send_due(at=at(1, 12, 0))
    assert inbox.to(ALICE) == []  # half full
    supplies.discard(syringe=box.syringes.filter(discarded_at__isnull=True).first(),
                     reason=DROPPED, at=at(1, 13))  # fmt: skip
    send_due(at=at(1, 14, 0))
    send_due(at=at(1, 15, 0))
    assert [m["Subject"] for m in inbox.to(ALICE)] == ["Your sharps container is nearly full"]


def test_a_blood_test_due_within_a_week(alice_email, inbox):
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.BLOOD_TEST})))
    # The next test is due on 1 December: reminded a week before, once.
    send_due(at=at(20, 10, 0))
    assert inbox.to(ALICE) == []
    for day in (25, 26, 27, 40):
        send_due(at=at(day, 10, 0))
    [mail] = inbox.to(ALICE)
    assert mail["Subject"] == "A blood test is due"
    assert "http://localhost:8000/health/" in mail.get_body(("plain",)).get_content()


def test_a_refused_delivery_is_retried_then_recorded_as_failed(alice_email, inbox):
    inbox.refuse = 1
    report = send_due(at=at(2, 8, 0))
    assert report.sent == 0 and report.failed == 1
    row = Reminder.objects.get()
    assert row.status == "pending" and row.attempts == 1 and "451" in row.error

    send_due(at=at(2, 8, 0) + timedelta(seconds=30))  # not yet time to retry
    assert inbox.messages == []
    send_due(at=at(2, 8, 1))  # a minute later: sent
    assert len(inbox.to(ALICE)) == 1
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2


def test_a_delivery_that_keeps_failing_is_given_up(alice_email, inbox):
    inbox.refuse = 100
    instant = at(2, 8, 0)
    for _n in range(rules.MAX_ATTEMPTS + 2):
        send_due(at=instant)
        instant += timedelta(minutes=31)
        if instant >= at(2, 10, 0):
            break
    row = Reminder.objects.get(kind=ReminderKind.DOSE)
    assert row.status == "failed" and row.attempts == rules.MAX_ATTEMPTS
    assert inbox.messages == []


def test_the_command_sends_what_is_due_now(alice_email, inbox, clock, capsys):
    clock.move_to(at(2, 8, 0))
    call_command("send_reminders", "--json")
    assert '"sent": 1' in capsys.readouterr().out
    assert len(inbox.to(ALICE)) == 1


def test_at_an_instant_the_command_tells_what_is_due_and_sends_nothing(
    alice_email, regimen, inbox, capsys
):
    call_command("send_reminders", "--at", at(2, 8, 0).isoformat())
    assert (
        capsys.readouterr().out
        == f"dose of alice ({regimen.pk}:2026-11-02) to alice by email: not sent yet\n"
    )
    assert inbox.messages == [] and not Reminder.objects.exists()

    send_due(at=at(2, 8, 0))
    call_command("send_reminders", "--at", at(2, 8, 30).isoformat(), "--json")
    [row] = json.loads(capsys.readouterr().out)
    assert row == {
        "patient": "alice", "kind": "dose", "slot": f"{regimen.pk}:2026-11-02",
        "recipient": "alice", "channel": "email", "status": "sent",
    }  # fmt: skip


def test_quiet_hours_and_the_day_are_the_patients_own_zone(inbox):
    """Nora in New York, 5 hours behind UTC: her 08:00 dose is 13:00 UTC."""
    nora = make_patient("nora", email="nora@example.com", time_zone="America/New_York")
    save_choice(
        nora.user,
        rules.Choice(kinds=frozenset({rules.DOSE}), quiet_from=time(7), quiet_until=time(9)),
    )
    send_due(at=at(2, 13, 0))  # 08:00 in New York: quiet
    assert inbox.messages == []
    send_due(at=at(2, 14, 0))  # 09:00 there
    [mail] = inbox.to("nora@example.com")
    assert "at 08:00" in mail.get_body(("plain",)).get_content()


def test_a_caregiver_whose_access_ended_is_told_nothing(alice_email, caregiver, inbox):
    alice_email.care_links.update(missed_dose_alerts=True)
    revoke_care(link=alice_email.care_links.get())
    send_due(at=at(2, 20, 5))
    assert inbox.to("carol@example.com") == []


def test_no_reminder_of_a_dose_held_after_a_sign_of_allergy(alice_email, caregiver, inbox):
    alice_email.care_links.update(missed_dose_alerts=True)
    record_side_effect(
        patient=alice_email, kind="allergy", started_on=START, recorded_by=alice_email.user,
        now=at(1, 12),
    )  # fmt: skip
    for instant in (at(2, 8, 0), at(2, 10, 1), at(2, 20, 5)):
        send_due(at=instant)
    assert inbox.messages == []


def test_a_medicine_stopped_is_not_reminded_of(alice_email, regimen, inbox):
    supplies.add_box(
        patient=alice_email, medication=regimen.medication, lot="A1", count=1,
        expires_on=START + timedelta(days=300), added_by=alice_email.user, now=at(1, 7),
    )  # fmt: skip
    regimen.end_date = START + timedelta(days=1)
    regimen.save()
    save_choice(alice_email.user, rules.Choice(kinds=frozenset({rules.REFILL, rules.DOSE})))
    send_due(at=at(4, 9, 0))
    assert inbox.messages == []


def test_a_reminder_left_by_a_sender_that_died_is_sent_by_another(alice_email, inbox):
    """A claim is held for CLAIM_LEASE; after that, another sender takes it over."""
    Reminder.objects.create(
        patient=alice_email, kind="dose", slot=f"{alice_email.regimens.get().pk}:2026-11-02",
        recipient=alice_email.user, channel="email", claim="dead",
        next_try_at=at(2, 8, 0) + rules.CLAIM_LEASE, created_at=at(2, 8, 0),
    )  # fmt: skip
    send_due(at=at(2, 8, 4))  # still held
    assert inbox.messages == []
    send_due(at=at(2, 8, 5))
    assert len(inbox.to(ALICE)) == 1
    assert Reminder.objects.get().status == "sent"


def test_a_sender_that_lost_its_claim_records_nothing(alice_email, inbox):
    send_due(at=at(2, 8, 0))
    row = Reminder.objects.get()
    stale = Reminder.objects.get(pk=row.pk)
    stale.claim = "someone-else"  # the claim taken over since
    failed(stale, "late news", at=at(2, 8, 10))
    row.refresh_from_db()
    assert row.status == "sent" and row.error == ""


def test_a_broken_delivery_is_recorded_and_the_others_still_go(alice_email, inbox, monkeypatch):
    make_patient("bob", email="bob@example.com")
    real = reminders.send_email

    def broken_for_alice(user, words):
        if user == alice_email.user:
            raise RuntimeError("a bug")
        real(user, words)

    monkeypatch.setattr(reminders, "send_email", broken_for_alice)
    report = send_due(at=at(2, 8, 0))
    assert report.failed == 1 and report.sent == 1
    assert len(inbox.to("bob@example.com")) == 1
    row = Reminder.objects.get(recipient=alice_email.user)
    assert row.status == "pending" and row.error == "RuntimeError: a bug"


def test_each_recipient_reads_in_the_language_they_chose(alice_email, caregiver, inbox):
    """Issue 15: carol chose Spanish, alice did not; the sender's own language (the
    site's) changes neither."""
    choose_language(caregiver, "es")
    link = alice_email.care_links.get(caregiver=caregiver)
    link.missed_dose_alerts = True
    link.save()
    send_due(at=at(2, 8, 0))
    [mine] = inbox.to(ALICE)
    assert mine["Subject"] == f"Time for your {NAME}"
    send_due(at=at(2, 20, 5))
    [theirs] = inbox.to("carol@example.com")
    assert theirs["Subject"] == "alice tiene una dosis olvidada"
    body = theirs.get_body(("plain",)).get_content()
    assert "alice" in body
    # Its dates read as Spanish writes them: "martes 3 de noviembre, 08:00".
    assert re.search(r"\w+ \d{1,2} de \w+, \d\d:\d\d", body), body
