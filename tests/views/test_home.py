from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from tests.conftest import PASSWORD

# 2026-11-03 08:30 in London (GMT): the 08:00 dose is due.
DUE = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)


@pytest.fixture
def signed_in(client, patient):
    client.login(username="alice", password=PASSWORD)
    return client


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_sign_in_page_is_open_to_anonymous_visitors(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Sign in" in response.content


@time_machine.travel(DUE, tick=False)
def test_a_patient_sees_today_dose_in_words(signed_in):
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "anakinra 100 mg is due now: take it by 10:00 to be on time." in page
    assert "Due" in page


@time_machine.travel(DUE, tick=False)
def test_a_patient_sees_three_suggested_sites_with_their_reasons(signed_in):
    response = signed_in.get(reverse("home"))
    suggestions = response.context["checkin"].suggestions
    assert [(s.site.label, s.site.x_mm, s.site.y_mm) for s in suggestions] == [
        ("abdomen", 120, 30),
        ("thigh left", 60, 100),
        ("thigh right", 60, 100),
    ]
    assert "abdomen: not used yet" in response.content.decode()


@time_machine.travel(datetime(2026, 11, 3, 21, 0, tzinfo=UTC), tick=False)
def test_after_a_missed_dose_it_says_never_a_double_dose(signed_in):
    page = signed_in.get(reverse("home")).content.decode()
    assert "skip the missed one, take the next at 08:00, never a double dose" in page


def test_the_home_page_only_answers_get(signed_in):
    assert signed_in.post(reverse("home")).status_code == 405


def test_a_user_without_a_patient_record_is_told_so(client, outsider):
    client.force_login(outsider)
    page = client.get(reverse("home")).content.decode()
    assert "not linked to a patient record" in page


@time_machine.travel(DUE, tick=False)
def test_a_patient_sees_only_their_own_record(client, patient, other_patient):
    client.force_login(other_patient.user)
    response = client.get(reverse("home"))
    states = response.context["checkin"].states
    assert [state.regimen.patient for state in states] == [other_patient]


def test_the_page_sends_a_strict_content_security_policy(signed_in):
    policy = signed_in.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
