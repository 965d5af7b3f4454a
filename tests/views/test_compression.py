"""Pages are sent gzip-compressed to a browser that accepts it (issue 14: the check-in
shrinks to a fifth), with Django's random padding against BREACH; a page that shows
a secret outliving the response (an invitation's code, a clinic's join code, a
calendar address, a two-step key) is sent as it is, so that no length tells it.

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; it is Tuesday
3 November, 08:30.
"""

import gzip
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from injections.services.sharing import start_calendar_feed

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
GZIP = {"Accept-Encoding": "gzip, deflate"}

pytestmark = pytest.mark.clock(NOW)


def compressed(response) -> bool:
    return response.get("Content-Encoding") == "gzip"


def test_the_check_in_is_compressed_for_a_browser_that_accepts_it(alice):
    plain = alice.get(reverse("home"))
    response = alice.get(reverse("home"), headers=GZIP)
    assert not compressed(plain) and compressed(response)
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert 'id="checkin"' in page
    assert len(response.content) < len(plain.content) / 3


def test_an_htmx_fragment_is_compressed_too(alice):
    spot = {"by": "self", "place": "abdomen", "x": "3", "y": "3"}
    response = alice.get(
        reverse("home"), spot, headers=GZIP | {"HX-Request": "true", "HX-Target": "verdict"}
    )
    assert compressed(response)
    assert 'id="verdict"' in gzip.decompress(response.content).decode()


def test_the_sharing_page_is_compressed_until_it_shows_a_new_invitations_code(alice, invitee):
    assert compressed(alice.get(reverse("sharing"), headers=GZIP))
    response = alice.post(reverse("invite"), {"invitee": "carol@example.com"}, follow=True)
    assert response.context["new_link"]["code"]
    shown = alice.get(reverse("sharing"), headers=GZIP)  # after the redirect: not again
    assert compressed(shown)
    alice.post(reverse("invite"), {"invitee": "carol@example.com"})
    with_code = alice.get(reverse("sharing"), headers=GZIP)
    assert with_code.context["new_link"]["code"]
    assert not compressed(with_code)
    assert with_code.context["new_link"]["code"] in with_code.content.decode()


def test_the_settings_page_with_a_calendar_address_is_not_compressed(alice, patient):
    assert compressed(alice.get(reverse("settings"), headers=GZIP))
    start_calendar_feed(patient=patient)
    response = alice.get(reverse("settings"), headers=GZIP)
    assert response.context["calendar_url"] in response.content.decode()
    assert not compressed(response)


def test_the_clinic_staffs_patient_list_with_its_join_code_is_not_compressed(dee, clinic, carol):
    staff = dee.get(reverse("patients"), headers=GZIP)
    assert clinic.join_code in staff.content.decode()
    assert not compressed(staff)
    # A caregiver's list has no code in it.
    assert compressed(carol.get(reverse("patients"), headers=GZIP))


def test_the_two_step_key_is_not_compressed_while_it_is_shown(dee):
    assert compressed(dee.get(reverse("two-factor"), headers=GZIP))
    dee.post(reverse("two-factor-start"))
    response = dee.get(reverse("two-factor"), headers=GZIP)
    assert response.context["key"]
    assert not compressed(response)
