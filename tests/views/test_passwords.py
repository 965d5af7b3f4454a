"""Changing a password from Settings, and resetting a forgotten one by email (issue 13,
item 2): `password-change`, `password-reset`, `password-reset-sent`,
`password-reset-confirm`, `password-reset-done`.

Changing keeps the session it is done in and ends every other; a reset ends them all.
The reset page never tells whether an account has the address given, and its link is
built on MEDTRACK_URL, never on the Host the request names.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD, signed_in
from tests.views.pages import document, element, field_error, find_all, heading, links, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
CHANGE = reverse("password-change")
RESET = reverse("password-reset")
SETTINGS = reverse("settings")
LOGIN = reverse("login")
NEW = "a new and longer passphrase"
SITE = "https://medtrack.example.org"

pytestmark = pytest.mark.clock(NOW)

User = get_user_model()


@pytest.fixture(autouse=True)
def mail(db, settings, mailoutbox):
    """Mail goes to the test outbox (asked for after the database, whose set-up starts
    a new outbox); links start with the site's address."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.SITE_URL = SITE
    return mailoutbox


def change(client, old=PASSWORD, new=NEW, again=None):
    again = new if again is None else again
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": again})


def signed_in_still(client) -> bool:
    response = client.get(SETTINGS)
    return response.status_code == 200


# --- Where to find it ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "carol", "dee", "eve"])
def test_everyone_signed_in_finds_the_password_page_from_settings(request, who):
    client = request.getfixturevalue(who)
    response = client.get(SETTINGS)
    assert links(response)["Change your password"] == CHANGE
    page = client.get(CHANGE)
    assert page.status_code == 200
    assert heading(page) == "Change your password"


def test_the_sign_in_page_links_to_the_reset(client):
    assert links(client.get(LOGIN))["Forgot your password?"] == RESET


def test_someone_signed_out_is_sent_to_sign_in_before_changing_a_password(client):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next={CHANGE}"


# --- Changing it ---------------------------------------------------------------------


def test_the_change_page_asks_for_the_current_password_and_the_new_one_twice(alice):
    page = document(alice.get(CHANGE))
    labels = [label.text for label in page.find("main").find_all("label")]
    assert labels == ["Old password", "New password", "New password confirmation"]
    assert page.find(id="id_old_password").get("autocomplete") == "current-password"
    assert page.find(id="id_new_password1").get("autocomplete") == "new-password"
    hint = page.find(id="id_new_password1_helptext").text
    assert "at least 12 characters" in hint
    assert "<" not in hint  # the validators' sentences, not an HTML list shown as text
    assert not page.find_all(id="error-summary")


def test_a_changed_password_keeps_this_session_and_says_so(alice, patient):
    response = change(alice)
    assert response.status_code == 302
    assert response.url == SETTINGS
    after = alice.get(SETTINGS)
    assert after.status_code == 200
    assert "Your password is changed. You are still signed in here" in words(after)
    patient.user.refresh_from_db()
    assert patient.user.check_password(NEW)
    assert not patient.user.check_password(PASSWORD)


def test_a_changed_password_signs_out_the_other_sessions_of_the_same_person(alice, patient):
    phone = signed_in(patient.user)
    other_person = signed_in(User.objects.create_user("zed", password=PASSWORD))
    assert signed_in_still(phone)

    change(alice)

    assert signed_in_still(alice)
    response = phone.get(SETTINGS)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert signed_in_still(other_person)


def test_a_wrong_current_password_is_refused_beside_it_and_in_the_summary(alice, patient):
    phone = signed_in(patient.user)
    response = change(alice, old="not my password at all")

    assert response.status_code == 200
    assert "entered incorrectly" in field_error(response, "id_old_password")
    summary = element(response, "error-summary")
    assert summary.has("autofocus") and summary.get("tabindex") == "-1"
    assert summary.get("role") == "alert"
    assert [a.get("href") for a in summary.find_all("a")] == ["#id_old_password"]
    patient.user.refresh_from_db()
    assert patient.user.check_password(PASSWORD)
    assert signed_in_still(phone)


@pytest.mark.parametrize(
    "new, again, message",
    [
        ("short", "short", "This password is too short. It must contain at least 12 characters."),
        ("123456789012345", "123456789012345", "This password is entirely numeric."),
        ("password123456", "password123456", "This password is too common."),
        (NEW, NEW + "!", "The two password fields didn’t match."),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused_beside_its_field(
    alice, patient, new, again, message
):
    response = change(alice, new=new, again=again)

    assert response.status_code == 200
    assert message in field_error(response, "id_new_password2")
    summary = element(response, "error-summary")
    assert "#id_new_password2" in [a.get("href") for a in summary.find_all("a")]
    # Nothing typed in a password field is sent back to the page.
    assert not [i for i in find_all(response, "input", type="password") if i.get("value")]
    patient.user.refresh_from_db()
    assert patient.user.check_password(PASSWORD)


def test_a_caregiver_and_a_clinician_change_theirs_too(carol, dee, caregiver, clinician):
    assert change(carol).status_code == 302
    assert change(dee).status_code == 302
    for user in (caregiver, clinician):
        user.refresh_from_db()
        assert user.check_password(NEW)


# --- Resetting it by email -------------------------------------------------------------


def ask_for_link(client, address="carol@example.com", **headers):
    return client.post(RESET, {"email": address}, **headers)


def link_in(message) -> str:
    [link] = re.findall(r"https?://\S+", message.body)
    return link


def test_the_reset_page_tells_someone_without_an_address_whom_to_ask(client):
    response = client.get(RESET)
    assert heading(response) == "Reset your password"
    assert "No email address on your account?" in words(response)
    assert "Ask your clinic, or the site admin" in words(response)
    assert "works once, for 1 hour" in words(response)


def test_a_reset_link_is_sent_to_the_address_and_sets_a_new_password(client, invitee, mail):
    response = ask_for_link(client)
    assert response.status_code == 302
    assert response.url == reverse("password-reset-sent")

    [message] = mail
    assert message.to == ["carol@example.com"]
    assert message.subject == "Reset your medtrack password"
    assert "your medtrack account, carol" in message.body
    assert "works once, for 1 hour" in " ".join(message.body.split())
    link = link_in(message)
    assert link.startswith(f"{SITE}/password-reset/")
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    assert f'href="{link}"' in html

    path = link.removeprefix(SITE)
    form_page = client.get(path, follow=True)
    assert heading(form_page) == "Choose a new password"
    action = document(form_page).find("form", method="post").get("action")
    done = client.post(action, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert done.url == reverse("password-reset-done")
    assert heading(client.get(done.url)) == "Your password is changed"

    invitee.refresh_from_db()
    assert invitee.check_password(NEW)
    # The link worked once: it does no more.
    again = client.get(path, follow=True)
    assert heading(again) == "This link no longer works"
    assert links(again)["Ask for a new link"] == RESET


def test_the_link_is_built_on_the_site_address_not_on_the_host_asked_for(
    client, invitee, mail, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example.net"]
    ask_for_link(client, HTTP_HOST="elsewhere.example.net")
    [message] = mail
    assert link_in(message).startswith(f"{SITE}/password-reset/")
    assert "elsewhere" not in message.body
    assert "elsewhere" not in message.alternatives[0][0]


def test_a_reset_signs_out_every_session_of_that_person(client, carol, caregiver, mail):
    phone = signed_in(caregiver)
    ask_for_link(client)
    action = client.get(link_in(mail[0]).removeprefix(SITE), follow=True).request["PATH_INFO"]
    client.post(action, {"new_password1": NEW, "new_password2": NEW})

    for signed_out in (carol, phone):
        response = signed_out.get(SETTINGS)
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_the_page_says_the_same_whether_or_not_an_account_has_the_address(invitee, outsider, mail):
    known = ask_for_link(Client(), "carol@example.com")
    unknown = ask_for_link(Client(), "nobody@example.com")
    no_address = ask_for_link(Client(), "")

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert words(Client().get(known.url)) == words(Client().get(unknown.url))
    assert [m.to for m in mail] == [["carol@example.com"]]
    # An empty address is a mistake in the form, whoever asks.
    assert no_address.status_code == 200
    assert field_error(no_address, "id_email") == "This field is required."
    assert element(no_address, "error-summary")


def test_the_sent_page_says_an_email_is_on_its_way_only_if_an_account_has_it(client):
    response = client.get(reverse("password-reset-sent"))
    assert heading(response) == "Check your email"
    assert "If a medtrack account has the address you gave" in words(response)


def test_an_address_is_matched_whatever_its_capitals(client, invitee, mail):
    ask_for_link(client, "Carol@Example.COM")
    assert [m.to for m in mail] == [["carol@example.com"]]


def test_a_mail_server_that_fails_changes_nothing_the_asker_sees(
    client, invitee, mail, monkeypatch
):
    def refuse(self, fail_silently=False):
        raise OSError("connection refused")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    response = ask_for_link(client)
    assert response.status_code == 302
    assert response.url == reverse("password-reset-sent")


def test_a_link_expires_after_an_hour(client, invitee, mail, clock):
    ask_for_link(client)
    path = link_in(mail[0]).removeprefix(SITE)

    clock.move_to(NOW + timedelta(minutes=59))
    assert heading(client.get(path, follow=True)) == "Choose a new password"

    clock.move_to(NOW + timedelta(hours=1, seconds=1))
    response = client.get(path, follow=True)
    assert heading(response) == "This link no longer works"
    assert not find_all(response, "input", type="password")


def test_an_expired_link_sets_no_password_even_when_posted_to(client, invitee, mail, clock):
    ask_for_link(client)
    action = client.get(link_in(mail[0]).removeprefix(SITE), follow=True).request["PATH_INFO"]
    clock.move_to(NOW + timedelta(hours=2))
    response = client.post(action, {"new_password1": NEW, "new_password2": NEW})
    assert heading(response) == "This link no longer works"
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)


def test_a_weak_new_password_from_a_link_is_refused_beside_its_field(client, invitee, mail):
    ask_for_link(client)
    action = client.get(link_in(mail[0]).removeprefix(SITE), follow=True).request["PATH_INFO"]
    response = client.post(action, {"new_password1": "carol", "new_password2": "carol"})

    assert response.status_code == 200
    assert "at least 12 characters" in field_error(response, "id_new_password2")
    assert element(response, "error-summary")
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)


def test_a_made_up_link_does_not_work(client, invitee):
    response = client.get(reverse("password-reset-confirm", args=["MQ", "made-up-token"]))
    assert response.status_code == 200
    assert heading(response) == "This link no longer works"


def test_the_current_password_has_the_focus_until_a_refusal_gives_it_to_the_summary(alice):
    assert element(alice.get(CHANGE), "id_old_password").has("autofocus")
    refused = change(alice, new="short", again="short")
    assert [e.get("id") for e in find_all(refused, autofocus=True)] == ["error-summary"]


# --- Odd input: the form again, never a server error --------------------------------

ODD = st.one_of(
    st.sampled_from(["\x00", "a\x00b", "x" * 5000, "é" * 300, " ", "", "@", "a@b\x00.org"]),
    st.text(max_size=40),
)
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@FUZZ
@given(old=ODD, new=ODD, again=ODD, address=ODD)
def test_no_password_form_answers_a_server_error(alice, patient, old, new, again, address):
    assert change(alice, old=old, new=new, again=again).status_code in (200, 302)
    assert ask_for_link(Client(), address).status_code in (200, 302)


@FUZZ
@given(uid=ODD.filter(lambda s: "/" not in s and s), token=ODD.filter(lambda s: "/" not in s and s))
def test_no_reset_address_answers_a_server_error(client, invitee, uid, token):
    try:
        url = reverse("password-reset-confirm", args=[uid, token])
    except NoReverseMatch:  # not an address a browser could ask for
        return
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404)
    assert heading(response) == "This link no longer works"
