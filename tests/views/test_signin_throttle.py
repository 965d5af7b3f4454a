"""Sign-in throttling (issue 13, item 1): django-axes to rules.throttle's limits,
on the sign-in page and the admin's.

Measured on main before it: 50 wrong passwords in 35 s, then the right one signed in.
"""

import logging
from datetime import timedelta

import pytest
from django.urls import reverse

from injections.models import AuditEvent
from injections.rules.throttle import COOL_OFF, FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS
from tests.conftest import PASSWORD
from tests.views.pages import document, words

LOGIN = reverse("login")
ADMIN_LOGIN = reverse("admin:login")
PAUSED = "Too many attempts to sign in."
AFTER = timedelta(seconds=1)


def sign_in(client, username, password, address="192.0.2.10", url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, username, times, address="192.0.2.10"):
    for _attempt in range(times):
        response = sign_in(client, username, "wrong password", address)
        assert response.status_code == 200
        assert PAUSED not in words(response)


@pytest.fixture(autouse=True)
def frozen(clock):
    return clock


def test_after_the_limit_even_the_right_password_waits_with_a_clear_message(client, patient):
    fail(client, "alice", FAILURES_PER_ACCOUNT - 1)
    response = sign_in(client, "alice", "wrong password")
    assert response.status_code == 429
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 429
    page = words(response)
    assert PAUSED in page
    assert "paused for 15 minutes" in page
    assert document(response).find("input", name="username").get("value") == "alice"
    assert not signed_in_as(client)


def test_the_pause_ends_by_itself_after_the_cool_off(client, patient, frozen):
    fail(client, "alice", FAILURES_PER_ACCOUNT - 1)
    sign_in(client, "alice", "wrong password")
    frozen.shift(COOL_OFF / 2)
    assert sign_in(client, "alice", PASSWORD).status_code == 429
    frozen.shift(COOL_OFF / 2 + AFTER)
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(patient.user.pk)


def test_tries_during_the_pause_do_not_make_it_longer(client, patient, frozen):
    """Else a stranger trying every few minutes could keep alice out for good."""
    fail(client, "alice", FAILURES_PER_ACCOUNT - 1)
    sign_in(client, "alice", "wrong password")
    for _minute in range(14):
        frozen.shift(COOL_OFF / 15)
        assert sign_in(client, "alice", "wrong password").status_code == 429
    frozen.shift(COOL_OFF / 15 + AFTER)
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_username_is_counted_whatever_its_case_and_whatever_the_address(client, patient):
    for attempt in range(FAILURES_PER_ACCOUNT):
        sign_in(client, ["Alice", " alice", "ALICE"][attempt % 3], "wrong", f"192.0.2.{attempt}")
    assert sign_in(client, "alice", PASSWORD, "198.51.100.7").status_code == 429


def test_an_unknown_username_is_paused_like_a_real_one(client, patient):
    """The pause tells nobody whether an account exists."""
    fail(client, "nobody-here", FAILURES_PER_ACCOUNT - 1)
    assert PAUSED in words(sign_in(client, "nobody-here", "wrong"))


def test_other_accounts_are_not_paused_by_one_accounts_failures(client, patient, other_patient):
    fail(client, "alice", FAILURES_PER_ACCOUNT - 1)
    assert sign_in(client, "alice", "wrong").status_code == 429
    assert sign_in(client, "bob", PASSWORD).status_code == 302


def test_an_address_trying_many_accounts_is_paused_for_all_of_them(client, patient):
    """A clinic's staff share an address: it is allowed more than one account."""
    for attempt in range(FAILURES_PER_ADDRESS):
        sign_in(client, f"guess-{attempt % 5}", "wrong", address="203.0.113.5")
    assert FAILURES_PER_ADDRESS // 5 < FAILURES_PER_ACCOUNT
    assert sign_in(client, "alice", PASSWORD, address="203.0.113.5").status_code == 429
    assert sign_in(client, "alice", PASSWORD, address="198.51.100.7").status_code == 302


def test_the_admin_signs_in_through_the_throttled_sign_in_page(client, db, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    # The admin's own form gives way to medtrack's, which also asks for a second factor
    # (web/adminsite.py): a password posted to it is not even checked.
    response = sign_in(client, "root", PASSWORD, url=ADMIN_LOGIN)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert not signed_in_as(client)
    for _attempt in range(FAILURES_PER_ACCOUNT - 1):
        assert sign_in(client, "root", "wrong").status_code == 200
    response = sign_in(client, "root", "wrong")
    assert response.status_code == 429
    assert PAUSED in words(response)
    assert sign_in(client, "root", PASSWORD).status_code == 429
    assert not signed_in_as(client)


def test_each_failure_and_the_pause_are_logged_without_the_name_or_address(client, patient, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(client, "alice", FAILURES_PER_ACCOUNT - 1)
        sign_in(client, "alice", "wrong")
    messages = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    assert len(messages) == FAILURES_PER_ACCOUNT + 1
    assert sum("Locking out" in message for message in messages) == 1
    assert not any("alice" in message or "192.0.2.10" in message for message in messages)


def test_a_pause_is_audited_with_the_name_and_address_and_told_to_the_patient(
    client, patient, alice
):
    fail(client, "alice", FAILURES_PER_ACCOUNT - 1, address="203.0.113.77")
    sign_in(client, "Alice", "wrong", address="203.0.113.77")
    for _try_during_the_pause in range(3):
        assert sign_in(client, "alice", "wrong", address="203.0.113.77").status_code == 429
    paused = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_PAUSED)
    assert (paused.username, paused.ip, paused.patient, paused.actor) == (
        "alice",
        "203.0.113.77",
        patient,
        None,
    )
    page = words(alice.get(reverse("record-log")))
    assert (
        "Someone not signed in tried to sign in as you with wrong passwords too many times" in page
    )


def test_a_pause_on_an_account_without_a_record_is_audited_for_the_admins(client, outsider):
    fail(client, "eve", FAILURES_PER_ACCOUNT - 1)
    sign_in(client, "eve", "wrong")
    paused = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN_PAUSED)
    assert (paused.username, paused.patient) == ("eve", None)
