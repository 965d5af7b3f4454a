"""Two-step sign-in (issue 13, item 2): clinic staff and site admins may add a TOTP
authenticator app; signing in then asks for its code after the password, and the
admin asks for it too. Patients and caregivers are not offered it.

It is Sunday 1 November 2026, 08:00 UTC.
"""

import base64
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from injections.models import SignedInSession
from tests.conftest import PASSWORD, make_patient
from tests.views.pages import words

pytestmark = pytest.mark.clock()

LOGIN = reverse("login")


def code_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def dees_app(clinician) -> TOTPDevice:
    return TOTPDevice.objects.create(user=clinician, name="authenticator app", confirmed=True)


def password_step(client, username="dr-dee", **extra):
    return client.post(LOGIN, {"username": username, "password": PASSWORD, **extra})


# --- Setting it up ----------------------------------------------------------------------


def test_a_clinician_sets_up_an_app_with_a_qr_code_and_a_first_code(dee, clinician, clock):
    page = dee.get(reverse("two-factor"))
    assert not page.context["on"] and "waiting" not in page.context
    dee.post(reverse("two-factor-start"))
    page = dee.get(reverse("two-factor"))
    device = TOTPDevice.objects.get(user=clinician)
    assert not device.confirmed
    assert page.context["qr"].startswith("data:image/svg+xml")
    assert page.context["key"].replace(" ", "") == base32_of(device)
    # A wrong first code leaves it off, with a message beside the field.
    response = dee.post(reverse("two-factor"), {"code": wrong(code_now(device))})
    assert response.context["code_form"].errors["code"] == [
        "That code is not right. Type the code your app shows for medtrack now."
    ]
    clock.shift(timedelta(seconds=31))
    response = dee.post(reverse("two-factor"), {"code": code_now(device)})
    assert response.url == reverse("two-factor")
    device.refresh_from_db()
    assert device.confirmed
    assert dee.get(reverse("two-factor")).context["on"]


def test_a_first_code_right_after_a_wrong_one_waits_one_second_in_the_singular(
    dee, clinician, clock
):
    dee.post(reverse("two-factor-start"))
    device = TOTPDevice.objects.get(user=clinician)
    dee.post(reverse("two-factor"), {"code": wrong(code_now(device))})
    response = dee.post(reverse("two-factor"), {"code": code_now(device)})
    assert response.context["code_form"].errors["code"] == [
        "Too many wrong codes: wait 1 second and try again."
    ]


def base32_of(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode()


def test_reloading_the_setup_shows_the_same_key(dee, clinician):
    dee.post(reverse("two-factor-start"))
    first = dee.get(reverse("two-factor")).context["key"]
    dee.post(reverse("two-factor-start"))
    assert dee.get(reverse("two-factor")).context["key"] == first
    assert TOTPDevice.objects.filter(user=clinician).count() == 1


def test_patients_and_caregivers_are_not_offered_it(alice, carol, dee):
    assert alice.get(reverse("two-factor")).status_code == 404
    assert carol.post(reverse("two-factor-start")).status_code == 404
    assert dee.get(reverse("two-factor")).status_code == 200


def test_a_code_that_is_not_six_digits_is_refused_beside_the_field(dee):
    dee.post(reverse("two-factor-start"))
    response = dee.post(reverse("two-factor"), {"code": "12ab"})
    assert response.status_code == 200
    assert response.context["code_form"].errors["code"] == [
        "The code is the 6 digits your app shows."
    ]
    assert dee.post(reverse("two-factor"), {"code": "12\x00456"}).status_code == 200
    assert Client().post(reverse("login-code"), {"code": "²²²²²²"}).status_code == 302


# --- Signing in with it -------------------------------------------------------------------


def test_signing_in_asks_for_the_code_after_the_password(dees_app, clock):
    client = Client()
    response = password_step(client, next="/clinic/")
    assert response.url == reverse("login-code")
    # Not signed in yet: the pages still send to the sign-in form.
    assert client.get("/clinic/").url.startswith(LOGIN)
    assert not SignedInSession.objects.exists()
    response = client.post(reverse("login-code"), {"code": code_now(dees_app)})
    assert response.url == "/clinic/"
    assert client.get("/clinic/").status_code == 200
    assert SignedInSession.objects.filter(user=dees_app.user).count() == 1


def test_a_wrong_code_is_refused_and_then_throttled(dees_app, clock):
    client = Client()
    password_step(client)
    right = code_now(dees_app)
    response = client.post(reverse("login-code"), {"code": wrong(right)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "That code is not right. Type the code your app shows for medtrack now (a code is "
        "taken once)."
    ]
    # Even the right code waits a moment after a wrong one.
    response = client.post(reverse("login-code"), {"code": right})
    assert response.context["form"].errors["code"] == [
        "Too many wrong codes: wait 1 second, then type the code your app shows."
    ]
    assert client.get("/clinic/").url.startswith(LOGIN)
    clock.shift(timedelta(seconds=2))
    response = client.post(reverse("login-code"), {"code": right})
    assert response.url == reverse("home")


def test_the_code_step_without_a_right_password_sends_back_to_sign_in(dees_app, client):
    response = client.post(reverse("login-code"), {"code": code_now(dees_app)})
    assert response.url == LOGIN
    assert client.get("/clinic/").url.startswith(LOGIN)


def test_the_code_is_asked_within_five_minutes_of_the_password(dees_app, clock):
    client = Client()
    password_step(client)
    clock.shift(timedelta(minutes=6))
    response = client.post(reverse("login-code"), {"code": code_now(dees_app)})
    assert response.url == LOGIN
    assert "Sign in again" in words(client.get(LOGIN))


def test_keep_me_signed_in_is_carried_through_the_code_step(db, clock):
    """A patient who also has an app (an admin set it up) keeps it too."""
    patient = make_patient("alice")
    device = TOTPDevice.objects.create(user=patient.user, name="app", confirmed=True)
    client = Client()
    password_step(client, username="alice", keep="on")
    client.post(reverse("login-code"), {"code": code_now(device)})
    assert SignedInSession.objects.get(user=patient.user).kept


# --- Turning it off -----------------------------------------------------------------------


def test_turning_it_off_asks_for_a_code_or_the_password(dees_app, clock):
    client = Client()
    password_step(client)
    client.post(reverse("login-code"), {"code": code_now(dees_app)})
    response = client.post(reverse("two-factor-off"), {})
    assert response.context["off_form"].non_field_errors() == [
        "Give a code from your app, or your password, to turn it off."
    ]
    response = client.post(reverse("two-factor-off"), {"password": "not it"})
    assert response.context["off_form"].errors["password"] == ["That is not your password."]
    assert TOTPDevice.objects.filter(pk=dees_app.pk).exists()
    response = client.post(reverse("two-factor-off"), {"password": PASSWORD})
    assert response.url == reverse("two-factor")
    assert not TOTPDevice.objects.exists()
    # The password alone signs in again.
    assert password_step(Client()).url == reverse("home")


def test_a_current_code_also_turns_it_off(dees_app, clock):
    client = Client()
    password_step(client)
    client.post(reverse("login-code"), {"code": code_now(dees_app)})
    clock.shift(timedelta(seconds=31))
    client.post(reverse("two-factor-off"), {"code": code_now(dees_app)})
    assert not TOTPDevice.objects.exists()


# --- The admin -----------------------------------------------------------------------------


@pytest.fixture
def root(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)


def test_the_admin_asks_for_the_code_of_an_admin_who_has_an_app(root, clock):
    device = TOTPDevice.objects.create(user=root, name="app", confirmed=True)
    client = Client()
    client.force_login(root)  # a session with the password only
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    response = client.get(response.url)
    assert response.url == f"{LOGIN}?next=/admin/"
    password_step(client, username="root", next="/admin/")
    response = client.post(reverse("login-code"), {"code": code_now(device)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_opens_with_the_password_alone_for_an_admin_without_an_app(root):
    client = Client()
    password_step(client, username="root")
    assert client.get("/admin/").status_code == 200


def test_a_site_admin_removes_a_lost_app_in_the_admin(root, dees_app):
    client = Client()
    client.force_login(root)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[dees_app.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert password_step(Client()).url == reverse("home")


# --- Bad input ------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


@FUZZ
@given(
    field=st.sampled_from(["username", "password", "keep", "next", "code"]),
    value=st.one_of(
        st.sampled_from(["\x00", "a\x00b", "x" * 5000, "²²²²²²", "9" * 30, "", " "]),
        st.text(max_size=30),
    ),
)
def test_no_sign_in_or_two_step_form_answers_a_server_error(dees_app, dee, field, value):
    client = Client()
    good = {"username": "dr-dee", "password": PASSWORD, "code": "123456"}
    # 429: sign-in paused after too many wrong passwords (web/throttling.py).
    assert client.post(LOGIN, good | {field: value}).status_code in (200, 302, 429)
    assert client.post(reverse("login-code"), {"code": value}).status_code in (200, 302)
    assert dee.post(reverse("two-factor"), {field: value}).status_code in (200, 302)
    # Turning it off checks the password through authenticate(): throttled too.
    assert dee.post(reverse("two-factor-off"), {field: value}).status_code in (200, 302, 429)


@FUZZ
@given(number=st.integers(min_value=0, max_value=10**30))
def test_no_session_number_answers_a_server_error(alice, number):
    assume(not SignedInSession.objects.filter(pk=min(number, 2**63 - 1)).exists())  # hers
    response = alice.post(f"/account/sessions/{number}/sign-out/")
    assert response.status_code == 404


def test_wrong_passwords_to_turn_it_off_are_throttled_like_sign_in(dees_app, dee):
    for _attempt in range(4):
        response = dee.post(reverse("two-factor-off"), {"password": "not it"})
        assert response.status_code == 200
    assert dee.post(reverse("two-factor-off"), {"password": "not it"}).status_code == 429
    assert dee.post(reverse("two-factor-off"), {"password": PASSWORD}).status_code == 429
    assert TOTPDevice.objects.filter(pk=dees_app.pk).exists()
