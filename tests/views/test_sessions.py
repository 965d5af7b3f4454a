"""Sessions end on their own (issue 13, item 2): after 30 minutes without activity
for clinic staff and site admins, 12 hours for patients and caregivers, 14 days for
those kept signed in on their own phone; whatever the activity, after 24 hours (30
days kept). A person lists their sessions and signs them out; a new password ends
every other session.

It is Sunday 1 November 2026, 08:00 UTC.
"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from injections.models import SignedInSession
from tests.conftest import PASSWORD, signed_in
from tests.views.pages import words

pytestmark = [pytest.mark.clock(), pytest.mark.usefixtures("real_session_limits")]

LOGIN = reverse("login")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)


def sign_in(username: str, *, keep: bool = False, user_agent: str = FIREFOX_WINDOWS, **extra):
    """A new browser, signed in through the sign-in form."""
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR="198.51.100.23")
    data = {"username": username, "password": PASSWORD, **extra}
    if keep:
        data["keep"] = "on"
    response = client.post(LOGIN, data)
    assert response.status_code == 302, words(response)
    return client


def signed_in_as(client) -> str | None:
    response = client.get(reverse("settings"))
    if response.status_code != 200:
        return None
    return response.context["user"].get_username()


# --- Idle limits by role ----------------------------------------------------------------


def test_a_clinician_idle_for_30_minutes_is_signed_out_and_told_why(clinician, clock):
    client = sign_in("dr-dee")
    clock.shift(timedelta(minutes=29))
    assert signed_in_as(client) == "dr-dee"
    clock.shift(timedelta(minutes=30))  # 30 minutes after that last request
    response = client.get("/history/?page=2")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/history/%3Fpage%3D2"
    page = client.get(response.url)
    assert page.context["ended"] == (
        "You were signed out after 30 minutes without activity. Sign in again to go on "
        "where you were."
    )
    assert page.context["next"] == "/history/?page=2"
    assert not SignedInSession.objects.filter(user=clinician).exists()
    # Said once: the next visit to the sign-in page does not say it again.
    assert "ended" not in client.get(LOGIN).context


def test_activity_keeps_a_clinician_signed_in_past_30_minutes(clinician, clock):
    client = sign_in("dr-dee")
    for _ in range(4):
        clock.shift(timedelta(minutes=20))
        assert signed_in_as(client) == "dr-dee"


def test_a_site_admin_has_the_staff_limit(db, clock):
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    client = sign_in("root")
    clock.shift(timedelta(minutes=31))
    assert signed_in_as(client) is None


def test_a_patient_stays_signed_in_for_hours_and_is_signed_out_after_12_idle(patient, clock):
    client = sign_in("alice")
    clock.shift(timedelta(hours=11, minutes=59))
    assert signed_in_as(client) == "alice"
    clock.shift(timedelta(hours=12))
    response = client.get("/")
    page = client.get(response.url)
    assert page.context["ended"].startswith("You were signed out after 12 hours without activity.")


def test_a_caregiver_has_the_patients_limit(caregiver, clock):
    client = sign_in("carol")
    clock.shift(timedelta(hours=3))
    assert signed_in_as(client) == "carol"
    clock.shift(timedelta(hours=12))
    assert signed_in_as(client) is None


def test_a_patient_kept_signed_in_stays_for_days_without_activity(patient, clock):
    client = sign_in("alice", keep=True)
    clock.shift(timedelta(days=13))
    assert signed_in_as(client) == "alice"
    assert SignedInSession.objects.get(user=patient.user).kept
    clock.shift(timedelta(days=14))
    response = client.get("/")
    page = client.get(response.url)
    assert page.context["ended"].startswith("You were signed out after 14 days without activity.")


def test_a_kept_session_lives_past_the_browser_and_another_does_not(patient):
    kept = sign_in("alice", keep=True)
    assert kept.cookies["sessionid"]["max-age"] == 30 * 24 * 3600
    plain = sign_in("alice")
    assert plain.cookies["sessionid"]["max-age"] == ""  # until the browser closes


def test_a_clinician_who_ticks_keep_me_signed_in_keeps_the_30_minutes(clinician, clock):
    client = sign_in("dr-dee", keep=True)
    assert not SignedInSession.objects.get(user=clinician).kept
    clock.shift(timedelta(minutes=31))
    assert signed_in_as(client) is None


# --- The lifetime -----------------------------------------------------------------------


def test_a_busy_session_still_ends_after_24_hours(patient, clock):
    client = sign_in("alice")
    for _ in range(23):
        clock.shift(timedelta(hours=1))
        assert signed_in_as(client) == "alice"
    clock.shift(timedelta(hours=1))
    response = client.get("/supplies/")
    page = client.get(response.url)
    assert page.context["ended"].startswith(
        "You were signed out: a session lasts 24 hours at most."
    )
    assert page.context["next"] == "/supplies/"


def test_a_kept_session_ends_after_30_days_whatever_the_activity(patient, clock):
    client = sign_in("alice", keep=True)
    for _ in range(29):
        clock.shift(timedelta(days=1))
        assert signed_in_as(client) == "alice"
    clock.shift(timedelta(days=1))
    assert signed_in_as(client) is None


def test_the_limits_are_settings(patient, clock, settings):
    settings.MEDTRACK_IDLE_HOURS = 1
    client = sign_in("alice")
    clock.shift(timedelta(minutes=61))
    response = client.get("/")
    assert (
        client.get(response.url)
        .context["ended"]
        .startswith("You were signed out after 1 hour without activity.")
    )


# --- How it ends -----------------------------------------------------------------------


def test_an_htmx_request_after_the_limit_sends_the_whole_page_to_sign_in(clinician, clock):
    client = sign_in("dr-dee")
    clock.shift(timedelta(minutes=45))
    response = client.post(
        reverse("log-dose"),
        {},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/patients/7/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=/patients/7/"


def test_a_form_posted_after_the_limit_returns_to_the_page_it_was_on(clinician, clock):
    client = sign_in("dr-dee")
    clock.shift(timedelta(minutes=45))
    response = client.post(
        reverse("save-reminders"), {}, HTTP_REFERER="http://testserver/settings/"
    )
    assert response.url == f"{LOGIN}?next=http%3A//testserver/settings/"


def test_the_sign_in_page_opens_after_the_limit_and_says_why(clinician, clock):
    client = sign_in("dr-dee")
    clock.shift(timedelta(hours=2))
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert response.context["user"].is_anonymous
    assert "30 minutes without activity" in response.context["ended"]


def test_the_last_seen_time_is_written_at_most_once_a_minute(patient, clock):
    client = sign_in("alice")
    row = SignedInSession.objects.get(user=patient.user)
    clock.shift(timedelta(seconds=30))
    client.get("/")
    row.refresh_from_db()
    assert row.last_seen_at == row.started_at
    clock.shift(timedelta(seconds=31))
    client.get("/")
    row.refresh_from_db()
    assert row.last_seen_at == row.started_at + timedelta(seconds=61)


def test_a_session_force_logged_in_is_tracked_with_the_defaults(patient, clock):
    client = signed_in(patient.user)
    assert SignedInSession.objects.filter(user=patient.user).count() == 1
    clock.shift(timedelta(hours=13))
    assert signed_in_as(client) is None


def test_a_session_from_before_tracking_is_tracked_from_its_next_request(patient, clock):
    client = signed_in(patient.user)
    SignedInSession.objects.all().delete()
    session = client.session
    del session["medtrack.session"]
    session.save()
    assert signed_in_as(client) == "alice"
    assert SignedInSession.objects.filter(user=patient.user).count() == 1


def test_signing_out_removes_the_session_row(patient):
    client = sign_in("alice")
    client.post(reverse("logout"))
    assert not SignedInSession.objects.exists()


# --- The sessions page ---------------------------------------------------------------


def test_the_sessions_page_lists_each_device_with_its_address_and_times(patient, clock):
    phone = sign_in("alice", keep=True, user_agent=SAFARI_IPHONE)
    clock.shift(timedelta(hours=2))
    laptop = sign_in("alice")
    response = laptop.get(reverse("sessions"))
    rows = response.context["rows"]
    assert [row["device"] for row in rows] == ["Firefox on Windows", "Safari on an iPhone"]
    assert [row["this"] for row in rows] == [True, False]
    assert rows[1]["session"].kept
    page = words(response)
    assert "198.51.100.23" in page
    # Times are alice's (London, GMT in November): signed in at 08:00, then 10:00.
    assert "1 November 2026, 10:00" in page and "1 November 2026, 08:00" in page
    assert "Times are London time." in page  # her zone by its place, not "Europe/London"
    assert "Sign out Safari on an iPhone" in page
    assert "Sign out Firefox on Windows" not in page  # this device: the header's button
    assert signed_in_as(phone) == "alice"


def test_signing_out_another_session_signs_that_browser_out(patient):
    phone = sign_in("alice", user_agent=SAFARI_IPHONE)
    laptop = sign_in("alice")
    phone_row = SignedInSession.objects.get(user_agent=SAFARI_IPHONE)
    response = laptop.post(reverse("end-session", args=[phone_row.pk]))
    assert response.url == reverse("sessions")
    assert "Signed out of Safari on an iPhone." in words(laptop.get(reverse("sessions")))
    assert signed_in_as(phone) is None
    assert signed_in_as(laptop) == "alice"
    assert not Session.objects.filter(session_key=phone_row.session_key).exists()


def test_nobody_signs_out_another_persons_session(patient, other_patient):
    alices = sign_in("alice")
    bobs = sign_in("bob")
    alices_row = SignedInSession.objects.get(user=patient.user)
    assert bobs.post(reverse("end-session", args=[alices_row.pk])).status_code == 404
    assert signed_in_as(alices) == "alice"


def test_sign_out_everywhere_else_keeps_this_session_only(patient, other_patient):
    phone, tablet, laptop = (sign_in("alice") for _ in range(3))
    bobs = sign_in("bob")
    laptop.post(reverse("end-other-sessions"))
    assert [signed_in_as(c) for c in (phone, tablet, laptop, bobs)] == [None, None, "alice", "bob"]
    assert SignedInSession.objects.filter(user=patient.user).count() == 1


def test_sign_out_everywhere_ends_this_session_too(patient):
    phone, laptop = sign_in("alice"), sign_in("alice")
    response = laptop.post(reverse("end-all-sessions"))
    assert response.url == LOGIN
    assert [signed_in_as(phone), signed_in_as(laptop)] == [None, None]
    assert not SignedInSession.objects.exists()


def test_the_settings_page_links_to_the_sessions_page(carol):
    page = words(carol.get(reverse("settings")))
    assert "Where you are signed in" in page


def test_the_sessions_page_offers_two_step_sign_in_to_staff_not_patients(dee, alice):
    assert dee.get(reverse("sessions")).context["offer_second_factor"]
    assert not alice.get(reverse("sessions")).context["offer_second_factor"]


# --- A new password ends the other sessions ---------------------------------------------


def test_a_new_password_ends_every_session_of_its_user(
    patient, other_patient, django_capture_on_commit_callbacks
):
    phone, laptop = sign_in("alice"), sign_in("alice")
    bobs = sign_in("bob")
    user = patient.user
    with django_capture_on_commit_callbacks(execute=True):  # once the change is committed
        user.set_password("a new and long passphrase")
        user.save()
    assert [signed_in_as(phone), signed_in_as(laptop), signed_in_as(bobs)] == [None, None, "bob"]
    assert not SignedInSession.objects.filter(user=user).exists()
    assert Session.objects.count() == SignedInSession.objects.count() == 1


def test_saving_a_user_without_a_new_password_ends_nothing(patient):
    client = sign_in("alice")
    user = patient.user
    user.email = "alice@example.com"
    user.save()
    assert signed_in_as(client) == "alice"


def test_a_password_changed_in_the_admin_for_oneself_keeps_that_session(
    db, django_capture_on_commit_callbacks
):
    root = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    here, elsewhere = sign_in("root"), sign_in("root")
    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(
            reverse("admin:auth_user_password_change", args=[root.pk]),
            {"password1": "a new and long passphrase", "password2": "a new and long passphrase"},
        )
    assert response.status_code == 302, words(response)
    assert signed_in_as(elsewhere) is None
    assert signed_in_as(here) == "root"
    # Its row followed the session to its new key.
    row = SignedInSession.objects.get(user=root)
    assert row.session_key == here.session.session_key


def test_an_admin_who_changes_someone_elses_password_ends_all_their_sessions(
    patient, django_capture_on_commit_callbacks
):
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    alices = sign_in("alice")
    admin = sign_in("root")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("admin:auth_user_password_change", args=[patient.user.pk]),
            {"password1": "a new and long passphrase", "password2": "a new and long passphrase"},
        )
    assert not SignedInSession.objects.filter(user=patient.user).exists()
    assert signed_in_as(alices) is None
    assert signed_in_as(admin) == "root"


# --- The sign-in form ------------------------------------------------------------------


def test_the_sign_in_form_offers_keep_me_signed_in(db, client):
    response = client.get(LOGIN)
    assert "keep" in response.context["form"].fields
    assert "Keep me signed in (on your own phone)" in words(response)


def test_a_wrong_password_shows_the_form_again_with_a_message(patient, client):
    response = client.post(LOGIN, {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not SignedInSession.objects.exists()


def test_the_sign_in_form_returns_to_next(patient):
    client = Client()
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD, "next": "/supplies/"})
    assert response.url == "/supplies/"
    response = Client().post(
        LOGIN, {"username": "alice", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_the_keep_hint_states_the_configured_limits(db, client, settings):
    settings.MEDTRACK_KEPT_IDLE_DAYS, settings.MEDTRACK_STAFF_IDLE_MINUTES = 7, 15
    hint = client.get(LOGIN).context["form"].fields["keep"].help_text
    assert "up to 7 days without using medtrack" in hint
    assert "signed out after 15 minutes without activity" in hint


def test_signing_in_as_someone_else_leaves_no_row_of_the_first(patient, other_patient):
    client = sign_in("alice")
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_as(client) == "bob"
    assert list(SignedInSession.objects.values_list("user__username", flat=True)) == ["bob"]


def test_the_limits_are_read_from_the_environment():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'medtrack.settings'; "
        "from django.conf import settings as s; "
        "print(s.MEDTRACK_STAFF_IDLE_MINUTES, s.MEDTRACK_IDLE_HOURS, s.MEDTRACK_KEPT_IDLE_DAYS, "
        "s.MEDTRACK_SESSION_HOURS, s.MEDTRACK_KEPT_SESSION_DAYS, s.SESSION_COOKIE_AGE)"
    )
    variables = {
        "MEDTRACK_STAFF_IDLE_MINUTES": "15",
        "MEDTRACK_IDLE_HOURS": "8",
        "MEDTRACK_KEPT_IDLE_DAYS": "7",
        "MEDTRACK_SESSION_HOURS": "10",
        "MEDTRACK_KEPT_SESSION_DAYS": "20",
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=os.environ | variables,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["15", "8", "7", "10", "20", str(20 * 24 * 3600)]
