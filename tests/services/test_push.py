"""Web Push (services.push): a push service on loopback, which the test runs, receives
what a browser's push service would; the test decrypts it as the browser would.

Alice's browser subscribes like a real one: an ECDH P-256 key pair and a 16-byte auth
secret, whose public halves it gives the server as p256dh and auth.
"""

import json
import socket
import time

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from injections.models import PushSubscription
from injections.services import push
from injections.services.errors import DeliveryFailed, ServiceError
from tests.pushservice import SUBJECT, Browser, Received, b64url, unb64url

PAYLOAD = {
    "title": "Time for your anakinra",
    "body": "100 mg at 08:00. Log it once it is done.",
    "url": "https://medtrack.example/",
    "tag": "dose-2026-11-01",
    "actions": [{"action": "log", "title": "Log dose"}],
}


@pytest.fixture
def alice_user(patient):
    return patient.user


def closed_port_endpoint() -> str:
    """An address on loopback where nothing listens: the connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/gone-quiet"


def jwt_claims(token: str, public_key: str) -> dict:
    """The claims of an ES256 JWT, after checking its signature with `public_key`."""
    header, claims, signature = token.split(".")
    assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
    raw = unb64url(signature)
    assert len(raw) == 64
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
    key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    return json.loads(unb64url(claims))


def authorization(received: Received) -> dict:
    """`vapid t=<JWT>, k=<public key>` as a dict of t and k."""
    scheme, _, rest = received.headers["Authorization"].partition(" ")
    assert scheme == "vapid"
    return dict(part.strip().split("=", 1) for part in rest.split(","))


# Sending


def test_a_push_reaches_the_device_signed_by_the_server_and_readable_only_by_it(
    vapid, service, alice_user
):
    browser = Browser()
    browser.subscribe(alice_user, service.endpoint("/send/alice-phone"))

    assert push.send_push(alice_user, PAYLOAD) == 1

    [received] = service.received
    assert received.path == "/send/alice-phone"
    auth = authorization(received)
    assert auth["k"] == vapid["VAPID_PUBLIC_KEY"]
    claims = jwt_claims(auth["t"], vapid["VAPID_PUBLIC_KEY"])
    assert claims["aud"] == service.origin
    assert claims["sub"] == SUBJECT
    assert claims["exp"] > time.time()
    assert received.headers["Content-Encoding"] == "aes128gcm"
    assert int(received.headers["TTL"]) == push.DEFAULT_TTL
    assert PAYLOAD["body"].encode() not in received.body
    assert browser.decrypt(received.body) == PAYLOAD


def test_a_signature_from_another_key_does_not_verify(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/alice-phone"))
    push.send_push(alice_user, PAYLOAD)
    other = push.make_vapid_keys().public_key
    with pytest.raises(InvalidSignature):
        jwt_claims(authorization(service.received[0])["t"], other)


def test_a_caller_may_keep_a_message_longer(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/alice-phone"))
    push.send_push(alice_user, PAYLOAD, ttl=24 * 60 * 60)
    assert service.received[0].headers["TTL"] == "86400"


def test_each_device_of_the_person_gets_the_message(vapid, service, alice_user):
    phone, laptop = Browser(), Browser()
    phone.subscribe(alice_user, service.endpoint("/send/phone"))
    laptop.subscribe(alice_user, service.endpoint("/send/laptop"))

    assert push.send_push(alice_user, PAYLOAD) == 2

    bodies = {received.path: received.body for received in service.received}
    assert phone.decrypt(bodies["/send/phone"]) == PAYLOAD
    assert laptop.decrypt(bodies["/send/laptop"]) == PAYLOAD


def test_nobody_else_gets_the_message(vapid, service, alice_user, other_patient):
    Browser().subscribe(other_patient.user, service.endpoint("/send/bobs-phone"))
    assert push.send_push(alice_user, PAYLOAD) == 0
    assert service.received == []


def test_a_person_with_no_device_gets_nothing_and_no_error(vapid, service, outsider):
    assert push.send_push(outsider, PAYLOAD) == 0
    assert service.received == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_its_push_service_says_is_gone_is_removed(vapid, service, alice_user, status):
    Browser().subscribe(alice_user, service.endpoint("/send/old-phone"))
    service.answers["/send/old-phone"] = status

    assert push.send_push(alice_user, PAYLOAD) == 0

    assert not PushSubscription.objects.filter(user=alice_user).exists()


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_push_service_in_trouble_fails_the_delivery_and_keeps_the_device(
    vapid, service, alice_user, status
):
    Browser().subscribe(alice_user, service.endpoint("/send/phone"))
    service.answers["/send/phone"] = status

    with pytest.raises(DeliveryFailed, match=f"127.0.0.1: {status}"):
        push.send_push(alice_user, PAYLOAD)

    assert PushSubscription.objects.filter(user=alice_user).count() == 1


def test_a_push_service_that_cannot_be_reached_fails_the_delivery(vapid, alice_user):
    Browser().subscribe(alice_user, closed_port_endpoint())
    with pytest.raises(DeliveryFailed, match="no connection"):
        push.send_push(alice_user, PAYLOAD)
    assert PushSubscription.objects.filter(user=alice_user).count() == 1


def test_one_device_gone_and_one_reached_counts_one(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/old-phone"))
    Browser().subscribe(alice_user, service.endpoint("/send/new-phone"))
    service.answers["/send/old-phone"] = 410

    assert push.send_push(alice_user, PAYLOAD) == 1

    [left] = PushSubscription.objects.filter(user=alice_user)
    assert left.endpoint.endswith("/send/new-phone")


def test_one_device_reached_is_a_delivery_though_another_failed(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/phone"))
    Browser().subscribe(alice_user, service.endpoint("/send/laptop"))
    service.answers["/send/laptop"] = 500
    assert push.send_push(alice_user, PAYLOAD) == 1


def test_a_device_gone_and_one_failing_is_a_failure_to_retry(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/old-phone"))
    Browser().subscribe(alice_user, service.endpoint("/send/laptop"))
    service.answers |= {"/send/old-phone": 410, "/send/laptop": 502}
    with pytest.raises(DeliveryFailed):
        push.send_push(alice_user, PAYLOAD)
    [left] = PushSubscription.objects.filter(user=alice_user)
    assert left.endpoint.endswith("/send/laptop")


def test_without_keys_the_server_sends_nothing(vapid, service, alice_user, settings):
    Browser().subscribe(alice_user, service.endpoint("/send/phone"))
    settings.VAPID_PRIVATE_KEY = ""
    assert not push.configured()
    assert push.send_push(alice_user, PAYLOAD) == 0
    assert service.received == []


def test_the_server_is_configured_with_both_keys(settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "", ""
    assert not push.configured()
    keys = push.make_vapid_keys()
    settings.VAPID_PUBLIC_KEY = keys.public_key
    assert not push.configured()
    settings.VAPID_PRIVATE_KEY = keys.private_key
    assert push.configured()


def test_a_message_too_long_for_a_push_is_a_mistake_of_the_caller(vapid, service, alice_user):
    Browser().subscribe(alice_user, service.endpoint("/send/phone"))
    with pytest.raises(ValueError, match="too long"):
        push.send_push(alice_user, PAYLOAD | {"body": "x" * 4000})
    assert service.received == []


# Saving and removing devices


def test_turning_on_twice_on_one_browser_keeps_one_device_with_its_new_keys(vapid, alice_user):
    endpoint = "https://push.example.net/send/alice"
    Browser().subscribe(alice_user, endpoint)
    browser = Browser()
    browser.subscribe(alice_user, endpoint)
    [saved] = PushSubscription.objects.filter(user=alice_user)
    assert (saved.p256dh, saved.auth) == (browser.p256dh, browser.auth)


def test_a_browser_another_person_used_moves_to_whoever_turns_it_on(alice_user, outsider):
    endpoint = "https://push.example.net/send/shared-tablet"
    Browser().subscribe(outsider, endpoint)
    Browser().subscribe(alice_user, endpoint)
    assert PushSubscription.objects.get(endpoint=endpoint).user == alice_user
    assert not PushSubscription.objects.filter(user=outsider).exists()


def test_removing_a_device_stops_its_pushes(alice_user):
    subscription = Browser().subscribe(alice_user, "https://push.example.net/send/alice")
    push.remove_subscription(subscription)
    assert not PushSubscription.objects.exists()


def test_keys_are_saved_without_padding(alice_user):
    browser = Browser()
    subscription = push.save_subscription(
        alice_user,
        endpoint="https://push.example.net/send/alice",
        p256dh=browser.p256dh + "=",
        auth=browser.auth + "==",
    )
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, browser.auth)


@pytest.mark.parametrize(
    ("endpoint", "message"),
    [
        ("", "no address"),
        ("not a url", "not a valid one"),
        ("https://", "not a valid one"),
        ("https://user:secret@push.example.net/send/x", "not a valid one"),
        ("https://push.example.net:port/send/x", "not a valid one"),
        ("https://push.example.net/" + "x" * 2000, "not a valid one"),
        ("http://push.example.net/send/x", "must be https"),
        ("ftp://push.example.net/send/x", "must be https"),
        ("https://10.0.0.5/send/x", "not a push service"),
        ("https://[::1]/send/x", "not a push service"),
        ("https://localhost/send/x", "not a push service"),
        ("https://intranet/send/x", "not a push service"),
        ("http://127.0.0.1:8080/send/x", "must be https"),  # DEBUG is off
    ],
)
def test_an_endpoint_that_is_no_push_service_is_refused(alice_user, endpoint, message):
    with pytest.raises(ServiceError, match=message):
        Browser().subscribe(alice_user, endpoint)
    assert not PushSubscription.objects.exists()


def test_a_loopback_endpoint_is_accepted_only_with_debug(alice_user, settings):
    settings.DEBUG = True
    Browser().subscribe(alice_user, "http://localhost:8080/send/x")
    Browser().subscribe(alice_user, "http://127.0.0.1:8080/send/y")
    assert PushSubscription.objects.count() == 2


def not_on_the_curve() -> str:
    point = bytearray(unb64url(Browser().p256dh))
    point[-1] ^= 1
    return b64url(bytes(point))


@pytest.mark.parametrize(
    ("p256dh", "auth", "message"),
    [
        ("", None, "p256dh key"),
        ("not base64url!", None, "p256dh key"),
        (b64url(b"\x04" + b"\x01" * 63), None, "p256dh key"),  # 64 bytes
        (b64url(b"\x02" + b"\x01" * 64), None, "p256dh key"),  # not uncompressed
        (not_on_the_curve(), None, "p256dh key"),
        ("A" * 300, None, "p256dh key"),
        (None, "", "auth key"),
        (None, b64url(b"\x01" * 15), "auth key"),
        (None, b64url(b"\x01" * 32), "auth key"),
        (None, "tBHItJI5svbpez7KI4CC+g", "auth key"),  # base64, not base64url
    ],
)
def test_keys_that_are_not_a_browsers_are_refused(alice_user, p256dh, auth, message):
    browser = Browser()
    with pytest.raises(ServiceError, match=message):
        push.save_subscription(
            alice_user,
            endpoint="https://push.example.net/send/alice",
            p256dh=browser.p256dh if p256dh is None else p256dh,
            auth=browser.auth if auth is None else auth,
        )
    assert not PushSubscription.objects.exists()


def test_a_person_has_at_most_so_many_devices(alice_user):
    for number in range(push.MAX_DEVICES):
        Browser().subscribe(alice_user, f"https://push.example.net/send/{number}")
    with pytest.raises(ServiceError, match="turn one off first"):
        Browser().subscribe(alice_user, "https://push.example.net/send/one-more")
    # A device already on may still renew its keys.
    Browser().subscribe(alice_user, "https://push.example.net/send/0")
    assert PushSubscription.objects.filter(user=alice_user).count() == push.MAX_DEVICES
