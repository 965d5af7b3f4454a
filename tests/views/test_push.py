"""Notifications on one's devices (`push-subscribe`, `push-remove`) and the part of
the settings page that lists them (templates/injections/_push_devices.html).

The browser posts its PushSubscription.toJSON() with the CSRF token the page carries.
"""

import base64
import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from injections.models import PushSubscription
from injections.services import push
from injections.web.views.push import describe_device, push_context
from tests.views.pages import document

SUBSCRIBE = reverse("push-subscribe")
FIREFOX_ANDROID = "Mozilla/5.0 (Android 15; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def browser_subscription(endpoint="https://updates.push.example.net/wpush/v2/abc") -> dict:
    """What a browser's PushSubscription.toJSON() gives."""
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(point), "auth": b64url(os.urandom(16))},
    }


def post_json(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(SUBSCRIBE, data, content_type="application/json", **headers)


def saved_device(user, endpoint: str) -> PushSubscription:
    return push.save_subscription(
        user, device="Firefox on Android", endpoint=endpoint, **browser_subscription()["keys"]
    )


def shown_messages(request_or_response) -> list[str]:
    return [str(message) for message in get_messages(request_or_response.wsgi_request)]


# Turning notifications on


def test_subscribing_saves_the_device_named_from_its_browser(alice, patient):
    body = browser_subscription()
    response = post_json(alice, body, headers={"User-Agent": FIREFOX_ANDROID})

    assert response.status_code == 201
    [saved] = PushSubscription.objects.filter(user=patient.user)
    assert response.json() == {"id": saved.pk, "device": "Firefox on Android"}
    assert (saved.endpoint, saved.p256dh, saved.auth) == (
        body["endpoint"],
        body["keys"]["p256dh"],
        body["keys"]["auth"],
    )
    assert shown_messages(response) == ["Notifications are on for Firefox on Android."]


def test_caregivers_clinicians_and_anyone_signed_in_may_subscribe(
    carol, dee, eve, caregiver, clinician, outsider
):
    for client, user in ((carol, caregiver), (dee, clinician), (eve, outsider)):
        body = browser_subscription(f"https://updates.push.example.net/wpush/v2/{user}")
        assert post_json(client, body).status_code == 201, user
        assert PushSubscription.objects.filter(user=user).count() == 1, user


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[" * 100_000 + "]" * 100_000,  # nested deeper than json reads
        "[]",
        '"a string"',
        {"endpoint": "https://updates.push.example.net/wpush/v2/abc"},
        {"endpoint": "https://updates.push.example.net/wpush/v2/abc", "keys": {"auth": "x"}},
        {"keys": browser_subscription()["keys"]},
        {"endpoint": 42, "keys": browser_subscription()["keys"]},
    ],
)
def test_something_that_is_not_a_subscription_is_refused_with_a_message(alice, body):
    response = post_json(alice, body)
    assert response.status_code == 400
    assert "subscription" in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_an_invalid_subscription_is_refused_with_the_reason(alice):
    body = browser_subscription(endpoint="http://updates.push.example.net/wpush/v2/abc")
    response = post_json(alice, body)
    assert response.status_code == 400
    assert response.json() == {"error": "the browser's address for notifications must be https"}
    body = browser_subscription() | {"keys": {"p256dh": "short", "auth": "short"}}
    assert "p256dh" in post_json(alice, body).json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_signed_out_browser_is_sent_to_sign_in_and_nothing_is_saved(client, db):
    response = post_json(client, browser_subscription())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_the_csrf_token_the_page_carries(patient):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient.user)
    assert post_json(browser, browser_subscription()).status_code == 403
    assert not PushSubscription.objects.exists()

    page = document(browser.get(reverse("settings")))
    token = json.loads(page.find("body").get("hx-headers"))["X-CSRFToken"]
    response = post_json(browser, browser_subscription(), headers={"X-CSRFToken": token})
    assert response.status_code == 201


def test_subscribing_is_only_by_post(alice):
    assert alice.get(SUBSCRIBE).status_code == 405


# Turning them off


def test_turning_off_ones_own_device_removes_it_and_says_so(alice, patient):
    device = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/phone")
    response = alice.post(reverse("push-remove", args=[device.pk]))
    assert response.status_code == 302
    assert response.url == reverse("settings") + "#push-heading"
    assert not PushSubscription.objects.exists()
    assert shown_messages(response) == ["Notifications are off on Firefox on Android."]


def test_nobody_turns_off_another_persons_device(bob, carol, patient):
    device = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/phone")
    for client in (bob, carol):
        assert client.post(reverse("push-remove", args=[device.pk])).status_code == 404
    assert PushSubscription.objects.filter(pk=device.pk).exists()


def test_turning_off_a_device_that_is_gone_is_not_found(alice):
    assert alice.post(reverse("push-remove", args=[9999])).status_code == 404


def test_turning_off_needs_the_csrf_token(patient):
    device = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/phone")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(patient.user)
    assert browser.post(reverse("push-remove", args=[device.pk])).status_code == 403
    assert PushSubscription.objects.filter(pk=device.pk).exists()


# The settings page's part about devices


def fragment(user):
    request = RequestFactory().get(reverse("settings"))
    request.user = user
    html = render_to_string("injections/_push_devices.html", push_context(user), request=request)
    return document(html)


@pytest.fixture
def configured(settings):
    keys = push.make_vapid_keys()
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = keys.public_key, keys.private_key
    return keys


def test_the_devices_are_listed_each_with_a_button_to_turn_it_off(configured, patient, outsider):
    phone = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/phone")
    saved_device(outsider, "https://updates.push.example.net/wpush/v2/eves")
    page = fragment(patient.user)
    [form] = page.find_all("form")
    assert form.get("action") == reverse("push-remove", args=[phone.pk])
    assert form.get("method") == "post"
    button = form.find("button").text
    assert button.startswith("Turn off") and button.endswith("Firefox on Android")
    assert page.find_all("input", name="csrfmiddlewaretoken")
    assert "Firefox on Android" in page.find("ul").text


def test_the_button_to_turn_on_carries_the_key_and_waits_for_the_script(configured, patient):
    page = fragment(patient.user)
    button = page.find("button", data_push_key=True)
    assert button.get("data-push-key") == configured.public_key
    assert button.get("data-push-url") == SUBSCRIBE
    assert button.has("hidden")  # shown only where the browser has PushManager
    assert button.text == "Turn on notifications on this device"
    status = page.find(role="status")
    assert "blocked in this browser's settings" in status.get("data-push-blocked")
    assert status.get("data-push-on").startswith("Turned on")
    assert "not on for any of your devices" in page.text


def test_without_keys_the_page_says_reminders_come_by_email(settings, patient):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    page = fragment(patient.user)
    assert not page.find_all("button")
    assert "Notifications are not set up on this server: your reminders come by email." in (
        page.text
    )


def test_push_context_gives_the_users_own_devices_in_the_order_turned_on(patient, outsider):
    first = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/one")
    second = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/two")
    saved_device(outsider, "https://updates.push.example.net/wpush/v2/eves")
    assert push_context(patient.user)["push_devices"] == [first, second]


# Naming a device from its User-Agent


@pytest.mark.parametrize(
    ("user_agent", "name"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/140.0.0.0 Safari/537.36",
            "Chrome on macOS",
        ),
        ("SomeBot/1.0", "SomeBot/1.0"),
        ("", ""),
    ],
)
def test_a_device_is_named_by_its_browser_and_system(user_agent, name):
    assert describe_device(user_agent) == name


# Signing out


def test_signing_out_turns_off_this_browsers_notifications_only(alice, patient):
    post_json(alice, browser_subscription("https://updates.push.example.net/wpush/v2/this"))
    phone = saved_device(patient.user, "https://updates.push.example.net/wpush/v2/phone")
    alice.post(reverse("logout"))
    assert list(PushSubscription.objects.filter(user=patient.user)) == [phone]
