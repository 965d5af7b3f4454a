"""The htmx contract of the check-in page.

An htmx request (header `HX-Request: true`) gets the `#checkin` partial only, which
htmx swaps in place: no `<html>`, no `<h1>`, and `Vary: HX-Request` so that no cache
serves a fragment for a page or a page for a fragment. Every action answers an htmx
request with a fresh partial (its message in the out-of-band announcement), a plain
form with a redirect. An htmx request without a session is sent to sign in with
`HX-Redirect`, so that the sign-in page never lands inside the check-in card. The
CSRF token travels in `hx-headers` on `<body>`.

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; London keeps
GMT in November, so local times are UTC times.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from injections.models import Dose, SiteCheck, SiteReaction
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.skin import record_site_check
from tests.views.pages import Element, document, find_all, heading, words

HTMX = {"HX-Request": "true"}
HOME = reverse("home")
LOG = reverse("log-dose")
SKIP = reverse("skip-dose")
THIGH = {"by": "self", "place": "thigh:left", "x": "6", "y": "10"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(3, 8, 30))


@pytest.fixture
def yesterday(regimen, clock):
    """Monday's dose in the thigh, entered at once; now it is Tuesday 08:30."""
    clock.move_to(at(2, 8, 1))
    dose = record_dose(
        regimen=regimen,
        taken_at=at(2, 8),
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    clock.move_to(at(3, 8, 30))
    return dose


def partial(response) -> Element:
    """The response as the #checkin partial, after checking that it is one: the
    check-in card alone, with no page around it (no <html>, no <body>) and no <h1>."""
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    page = document(response)
    assert [(found.tag, found.get("id")) for found in page.children] == [("div", "checkin")]
    assert page.find_all("h1") == []
    return page.children[0]


def announcement(fragment: Element) -> str:
    """The words of the out-of-band live region that htmx swaps in beside the partial."""
    return fragment.find("div", id="announcement", role="status", hx_swap_oob="true").text


def disclosure(fragment: Element, summary: str) -> Element:
    """The part of the check-in that opens when its summary, reading `summary`, is pressed."""
    [found] = [d for d in fragment.find_all("details") if d.find("summary").text == summary]
    return found


def placeable(response) -> set[str]:
    """The areas of the check-in's body map that may be chosen for this injection."""
    views = response.context["checkin"].map_views
    return {region.key for view in views for region in view.regions if region.allowed}


# Pages and fragments


def test_the_full_page_says_it_varies_with_hx_request(alice):
    response = alice.get(HOME)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    page = document(response)
    assert [found.tag for found in page.children] == ["html"]
    assert page.find("body").find("div", id="checkin")
    assert heading(response) == "Today"


def test_an_htmx_request_gets_only_the_checkin_partial(alice):
    fragment = partial(alice.get(HOME, headers=HTMX))
    assert "is due now" in fragment.text
    assert "Where to inject" in fragment.text
    assert [found.get("id") for found in fragment.find_all(hx_swap_oob=True)] == ["announcement"]


def test_picking_a_spot_with_htmx_gets_the_partial_with_the_verdict(alice):
    fragment = partial(alice.get(HOME, THIGH, headers=HTMX))
    assert "This spot is fine." in fragment.text
    assert "Log dose" in fragment.text


VERDICT = HTMX | {"HX-Target": "verdict"}


def test_a_spot_checked_gets_only_its_verdict_and_log_form(alice):
    """Measured: the whole check-in (21.9 KB), larger than the page, for each spot."""
    response = alice.get(HOME, THIGH, headers=VERDICT)
    assert response.status_code == 200
    assert len(response.content) < 8 * 1024
    page = document(response)
    assert [(found.tag, found.get("id")) for found in page.children] == [("div", "verdict")]
    [verdict] = page.children
    assert "This spot is fine." in verdict.text
    [log] = verdict.find_all("form", action=LOG)
    assert log.find("button").text == "Log dose"
    assert log.find("input", name="place").get("value") == "thigh:left"
    # The status, the suggestions and the map are not sent again.
    assert page.find_all(id="dose-heading") == [] and page.find_all("svg") == []


def test_a_refused_spot_checked_gets_its_refusal_in_the_verdict(alice, yesterday):
    [verdict] = document(alice.get(HOME, THIGH, headers=VERDICT)).children
    assert "Please choose another spot:" in verdict.find(role="alert").text
    assert verdict.find_all("form", action=LOG)[0].find("button").text == "Record it as it happened"


def test_a_wrong_spot_checked_is_answered_with_the_whole_check_in_and_the_error(alice):
    response = alice.get(HOME, THIGH | {"x": "30"}, headers=VERDICT)
    assert response["HX-Retarget"] == "#checkin"
    assert response["HX-Reswap"] == "outerHTML"
    fragment = partial(response)
    assert "The thigh left area is 12 cm wide: choose 0 to 12." in fragment.text
    across = fragment.find("form", id="pick-form").find("input", name="x", type="number")
    assert across.get("value") == "30"


def test_choosing_who_injects_with_htmx_gets_the_partial(alice):
    response = alice.get(HOME, {"by": "caregiver"}, headers=HTMX)
    partial(response)
    assert "upper_arm:left" in placeable(response)


def test_a_wrong_spot_with_htmx_keeps_what_was_typed(alice):
    fragment = partial(alice.get(HOME, THIGH | {"x": "30"}, headers=HTMX))
    assert "The thigh left area is 12 cm wide: choose 0 to 12." in fragment.text
    across = fragment.find("form", id="pick-form").find("input", name="x", type="number")
    assert across.get("value") == "30"


def test_a_boosted_link_gets_the_whole_page(alice):
    response = alice.get(HOME, headers=HTMX | {"HX-Boosted": "true"})
    assert response.status_code == 200
    assert heading(response) == "Today"
    assert "HX-Request" in response["Vary"]


def test_the_full_page_has_no_out_of_band_copy_of_the_announcement(alice):
    response = alice.get(HOME)
    assert len(find_all(response, id="announcement")) == 1
    assert find_all(response, hx_swap_oob=True) == []


# Actions


def test_logging_a_dose_with_htmx_returns_the_fresh_partial(alice, regimen):
    # The clock ticks here, so that the fresh partial is read after the dose is entered.
    with time_machine.travel(at(3, 8, 30), tick=True):
        response = alice.post(LOG, THIGH | {"regimen": regimen.pk}, headers=HTMX)
    fragment = partial(response)
    assert announcement(fragment) == "Dose recorded: thigh left at 08:30."
    assert (
        "anakinra 100 mg taken at 08:30 in the thigh left, given by you." in fragment.text
    )
    views = response.context["checkin"].map_views
    recent = [mark.label for view in views for mark in view.marks if mark.kind == "recent"]
    assert recent == ["today's injection at 08:30"]
    assert "Undo: I did not take it" in fragment.text
    dose = Dose.objects.get()
    assert (dose.administered_by, dose.entered_by) == ("self", regimen.patient.user)


def test_a_message_shown_in_the_partial_is_not_shown_again(alice, regimen, clock):
    fragment = partial(alice.post(LOG, THIGH | {"regimen": regimen.pk}, headers=HTMX))
    assert announcement(fragment).startswith("Dose recorded")
    clock.shift(timedelta(seconds=5))
    assert "Dose recorded" not in words(alice.get(HOME))


def test_a_refused_dose_with_htmx_returns_the_partial_with_the_refusal(alice, regimen, yesterday):
    spot = THIGH | {"x": "7", "regimen": regimen.pk}
    fragment = partial(alice.post(LOG, spot, headers=HTMX))
    assert "1 cm from yesterday's injection at 08:00; keep at least 2.5 cm" in fragment.text
    assert "It already happened" in fragment.text
    assert Dose.objects.count() == 1


def test_a_dose_without_a_reason_with_htmx_keeps_the_spot_and_asks_why(alice, regimen, yesterday):
    spot = THIGH | {"x": "7", "regimen": regimen.pk, "happened": "on", "reason": ""}
    fragment = partial(alice.post(LOG, spot, headers=HTMX))
    assert "Say what happened, so that the record explains it." in fragment.text
    override = disclosure(fragment, "It already happened").find("form")
    assert override.find("input", name="x").get("value") == "7"
    assert Dose.objects.count() == 1


def test_a_wrong_spot_logged_with_htmx_keeps_what_was_typed(alice, regimen):
    fragment = partial(alice.post(LOG, THIGH | {"x": "30", "regimen": regimen.pk}, headers=HTMX))
    assert "The thigh left area is 12 cm wide: choose 0 to 12." in fragment.text
    across = fragment.find("form", id="pick-form").find("input", name="x", type="number")
    assert across.get("value") == "30"
    assert not Dose.objects.exists()


def test_skipping_with_htmx_returns_the_partial(alice, regimen):
    data = {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "doctor"}
    fragment = partial(alice.post(SKIP, data, headers=HTMX))
    assert announcement(fragment) == "Skipped the dose of Tuesday 3 November."
    skip = Dose.objects.get()
    assert (skip.skip_reason, skip.reason) == ("doctor", "")


def test_a_skip_without_details_with_htmx_keeps_the_form_open_with_its_error(alice, regimen):
    data = {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "other"}
    fragment = partial(alice.post(SKIP, data, headers=HTMX))
    assert "Say why, in a few words." in fragment.text
    assert disclosure(fragment, "Skip the dose of Tuesday 3 November").has("open")
    assert not Dose.objects.exists()


def test_undo_with_htmx_returns_the_partial(alice, regimen, clock):
    dose = record_dose(
        regimen=regimen,
        taken_at=at(3, 8, 30),
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    clock.shift(timedelta(minutes=2))
    fragment = partial(
        alice.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"}, headers=HTMX)
    )
    assert announcement(fragment) == "Undone. The record is kept in the history, marked void."
    dose.refresh_from_db()
    assert dose.voided_at is not None


def test_a_late_undo_with_htmx_says_why_in_the_partial(alice, regimen, clock):
    dose = record_dose(
        regimen=regimen,
        taken_at=at(3, 8, 30),
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    clock.shift(timedelta(minutes=11))
    fragment = partial(
        alice.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"}, headers=HTMX)
    )
    assert announcement(fragment).startswith(
        "Only a record you entered in the last 10 minutes can be undone"
    )
    dose.refresh_from_db()
    assert dose.voided_at is None


def test_the_site_look_with_htmx_returns_the_partial(alice, yesterday):
    url = reverse("site-look", args=[yesterday.pk])
    fragment = partial(alice.post(url, {"by": "self", "fine": "1"}, headers=HTMX))
    assert announcement(fragment) == "Good. Noted that the site looks fine."
    assert SiteCheck.objects.get().fine is True


def test_an_empty_site_look_with_htmx_says_what_to_do_in_the_partial(alice, yesterday):
    fragment = partial(alice.post(reverse("site-look", args=[yesterday.pk]), headers=HTMX))
    assert "Tick what you see, or choose “Looks fine”." in fragment.text
    assert not SiteCheck.objects.exists()


def test_it_has_healed_with_htmx_returns_the_partial(alice, patient, yesterday):
    record_site_check(dose=yesterday, kinds=["redness"], recorded_by=patient.user)
    url = reverse("site-healed", args=[yesterday.pk])
    fragment = partial(alice.post(url, {"by": "self"}, headers=HTMX))
    assert announcement(fragment) == "Marked healed. That area can be used again."
    assert SiteReaction.objects.get().resolved_at is not None


def test_an_action_for_someone_else_keeps_someone_else_in_the_partial(alice, regimen):
    data = {"by": "caregiver", "regimen": regimen.pk, "place": "buttock:right", "x": "6", "y": "5"}
    response = alice.post(LOG, data, headers=HTMX)
    fragment = partial(response)
    assert "buttock:right" in placeable(response)
    who = fragment.find("nav", aria_label="Who is injecting?")
    chosen = who.find_all("a", aria_current="true")
    assert [(link.text, link.get("href")) for link in chosen] == [
        ("Someone else", "/?by=caregiver")
    ]


@pytest.mark.parametrize("name", ["undo-dose", "site-look", "site-healed"])
def test_another_patient_gets_not_found_with_htmx(client, other_patient, yesterday, name):
    client.force_login(other_patient.user)
    response = client.post(reverse(name, args=[yesterday.pk]), {"fine": "1"}, headers=HTMX)
    assert response.status_code == 404
    yesterday.refresh_from_db()
    assert yesterday.voided_at is None
    assert not SiteCheck.objects.exists()


# Without a session


def test_an_htmx_request_without_a_session_redirects_the_whole_page(client, db):
    response = client.get(HOME, headers=HTMX)
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/"
    assert find_all(response, "form") == []
    # The sign-in form is on the page htmx goes to, never swapped into the check-in.
    sign_in = client.get(response["HX-Redirect"])
    assert heading(sign_in) == "Sign in"
    assert find_all(sign_in, "form", action=reverse("login"))


@pytest.mark.parametrize("name", ["home", "history", "settings"])
def test_every_page_sends_an_htmx_request_without_a_session_to_sign_in(client, db, name):
    url = reverse(name)
    response = client.get(url, headers=HTMX | {"HX-Current-URL": f"http://testserver{url}"})
    assert response["HX-Redirect"] == f"{reverse('login')}?next={url}"


def test_the_sign_in_redirect_returns_to_the_page_the_user_was_on(client, db):
    response = client.get(
        HOME,
        {"by": "caregiver"},
        headers=HTMX | {"HX-Current-URL": "http://testserver/?by=caregiver"},
    )
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/%3Fby%3Dcaregiver"


def test_an_htmx_post_without_a_session_redirects_the_whole_page_and_records_nothing(
    client, regimen
):
    response = client.post(
        LOG,
        THIGH | {"regimen": regimen.pk},
        headers=HTMX | {"HX-Current-URL": "http://testserver/"},
    )
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/"
    assert not Dose.objects.exists()


# CSRF


def test_the_csrf_token_in_hx_headers_lets_htmx_post(patient, regimen):
    client = Client(enforce_csrf_checks=True)
    client.force_login(patient.user)
    headers = json.loads(document(client.get(HOME)).find("body").get("hx-headers"))
    assert set(headers) == {"X-CSRFToken"}

    refused = client.post(LOG, THIGH | {"regimen": regimen.pk}, headers=HTMX)
    assert refused.status_code == 403
    assert not Dose.objects.exists()

    response = client.post(LOG, THIGH | {"regimen": regimen.pk}, headers=HTMX | headers)
    partial(response)
    assert Dose.objects.count() == 1
