"""Web Push (issue 11): the devices where a person turned notifications on, and one
message sent to each of them, signed with the server's VAPID key (RFC 8292) and
encrypted for each device (RFC 8291, aes128gcm), through pywebpush.

A push service answering 404 or 410 says the device is gone: its subscription is
deleted. Any other refusal, or no answer, fails the delivery for the caller to retry,
unless another device of the same person took the message.
"""

import base64
import binascii
import ipaddress
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from pywebpush import WebPushException, webpush

from ..models import PushSubscription
from .errors import DeliveryFailed, ServiceError

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# How long a push service keeps a message for a device that is off. A dose reminder
# delivered after the dose's on-time window (DESIGN §5, 2 h after its time) would
# tell of what is over; a caller with a longer-lived message passes its own.
DEFAULT_TTL = 2 * 60 * 60
GONE = {404, 410}
# A push message is at most 4096 bytes once encrypted: aes128gcm adds an 86-byte
# header, a padding delimiter and a 16-byte tag (RFC 8291 §4).
MAX_PAYLOAD_BYTES = 4096 - 86 - 1 - 16
# Each reminder goes to every device, so a person cannot pile up devices without end.
MAX_DEVICES = 20
# Loopback hosts, allowed as endpoints (over http too) only with DEBUG, for a push
# service a developer runs on their own machine.
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
BASE64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


@dataclass(frozen=True)
class VapidKeys:
    public_key: str  # base64url uncompressed P-256 point: the browser's applicationServerKey
    private_key: str  # base64url of the raw 32-byte private value, as py_vapid reads it


def make_vapid_keys() -> VapidKeys:
    """A new VAPID key pair for VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY."""
    key = ec.generate_private_key(ec.SECP256R1())
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private_value = key.private_numbers().private_value.to_bytes(32, "big")
    return VapidKeys(public_key=_b64url(point), private_key=_b64url(private_value))


def configured() -> bool:
    """Whether this server can send pushes: both VAPID keys are set."""
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def send_push(user: AbstractBaseUser, payload: dict, *, ttl: int = DEFAULT_TTL) -> int:
    """Send `payload` (JSON: title, body, url, tag, optional actions) to each of the
    user's devices; returns how many accepted it. Raises DeliveryFailed when none
    accepted and at least one failed other than by being gone."""
    subscriptions = list(PushSubscription.objects.filter(user=user).order_by("pk"))
    if not subscriptions:
        return 0
    if not configured():
        # No key, nothing can be signed; not a failure worth retrying.
        logger.warning("push to %s skipped: VAPID keys are not set", user)
        return 0
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if len(data.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"push payload of {len(data.encode())} bytes: too long")

    accepted, failures = 0, []
    with requests.Session() as session:
        for subscription in subscriptions:
            status, reason = _send_one(subscription, data, ttl=ttl, session=session)
            if status is not None and status < 300:
                accepted += 1
            elif status in GONE:
                PushSubscription.objects.filter(pk=subscription.pk).delete()
            else:
                failures.append(f"{_host(subscription.endpoint)}: {reason}")
    if failures:
        logger.warning("push to %s: %s", user, "; ".join(failures))
        if not accepted:
            raise DeliveryFailed("; ".join(failures))
    return accepted


def _send_one(subscription, data: str, *, ttl: int, session) -> tuple[int | None, str]:
    """The push service's status (None without an answer) and why it failed."""
    try:
        response = webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # A new dict each time: webpush writes "aud" and "exp" into it.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            content_encoding="aes128gcm",
            ttl=ttl,
            timeout=TIMEOUT_SECONDS,
            requests_session=session,
        )
    except WebPushException as error:
        if error.response is None:
            return None, error.message
        return error.status_code, f"{error.status_code} {error.response.reason}"
    except requests.Timeout:
        return None, f"no answer in {TIMEOUT_SECONDS} s"
    except requests.RequestException as error:
        return None, f"no connection ({type(error).__name__})"
    return response.status_code, response.reason


@transaction.atomic
def save_subscription(
    user: AbstractBaseUser, *, endpoint: str, p256dh: str, auth: str, device: str = ""
) -> PushSubscription:
    """Save the browser's subscription for `user`, or update it: an endpoint is one
    browser profile, so one saved for someone else (who signed out there) moves to
    this user. Endpoints are https; http and loopback hosts only with DEBUG."""
    endpoint = _valid_endpoint(endpoint)
    p256dh = _valid_key(p256dh, name="p256dh", check=_is_p256_point)
    auth = _valid_key(auth, name="auth", check=lambda raw: len(raw) == 16)
    others = PushSubscription.objects.filter(user=user).exclude(endpoint=endpoint)
    if others.count() >= MAX_DEVICES:
        raise ServiceError(
            _("notifications are on for %(count)d devices already: turn one off first")
            % {"count": MAX_DEVICES}
        )
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": device[:200]},
    )
    return subscription


def remove_subscription(subscription: PushSubscription) -> None:
    """That device gets no more pushes (until turned on again there)."""
    subscription.delete()


def _valid_endpoint(endpoint) -> str:
    endpoint = endpoint.strip() if isinstance(endpoint, str) else ""
    if not endpoint:
        raise ServiceError(_("the browser sent no address to send notifications to"))
    max_length = PushSubscription._meta.get_field("endpoint").max_length
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        parts = None
    host = (parts.hostname or "").lower() if parts else ""
    if len(endpoint) > max_length or not host or parts.username or parts.password:
        raise ServiceError(_("the browser's address for notifications is not a valid one"))
    loopback = host in LOOPBACK
    if loopback and settings.DEBUG and parts.scheme in ("http", "https"):
        return endpoint
    if parts.scheme != "https":
        raise ServiceError(_("the browser's address for notifications must be https"))
    # A push service has a name; an address by number or on this machine could make
    # the server post into its own network.
    if loopback or _is_ip_address(host) or "." not in host:
        raise ServiceError(_("the browser's address for notifications is not a push service"))
    return endpoint


def _valid_key(value, *, name: str, check) -> str:
    value = value.strip() if isinstance(value, str) else ""
    unpadded = value.rstrip("=")
    raw = None
    if BASE64URL.match(value) and len(value) <= 200:
        try:
            raw = base64.urlsafe_b64decode(unpadded + "=" * (-len(unpadded) % 4))
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or not check(raw):
        raise ServiceError(
            _("the browser's %(name)s key for notifications is not a valid one") % {"name": name}
        )
    return unpadded


def _is_p256_point(raw: bytes) -> bool:
    if len(raw) != 65 or raw[0] != 4:
        return False
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        return False
    return True


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _host(endpoint: str) -> str:
    # The whole endpoint is a capability: logs and errors name only its host.
    return urlsplit(endpoint).hostname or "?"


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
