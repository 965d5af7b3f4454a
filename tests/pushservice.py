"""A push service on loopback for the Web Push tests, and a browser's side of a
subscription: it receives what a real push service would; the test decrypts it as
the browser would."""

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from injections.models import PushSubscription
from injections.services import push

SUBJECT = "mailto:reminders@medtrack.example"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Browser:
    """One browser's side of a subscription: the keys it keeps to decrypt."""

    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.private_key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def subscribe(self, user, endpoint: str) -> PushSubscription:
        return push.save_subscription(
            user, endpoint=endpoint, p256dh=self.p256dh, auth=self.auth, device="Firefox on Linux"
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Received:
    path: str
    headers: Message  # case-insensitive, as HTTP headers are
    body: bytes


class PushService:
    """A push service on 127.0.0.1: answers a path with the status set for it (201
    when none is) and keeps each request it receives."""

    def __init__(self):
        self.answers: dict[str, int] = {}
        self.received: list[Received] = []
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                service.received.append(Received(self.path, self.headers, body))
                self.send_response(service.answers.get(self.path, 201))
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"

    def endpoint(self, path: str) -> str:
        return self.origin + path


@pytest.fixture
def vapid(settings):
    """Keys made by make_push_keys, in the settings; loopback endpoints allowed."""
    out = StringIO()
    call_command("make_push_keys", "--json", "--subject", SUBJECT, stdout=out)
    keys = json.loads(out.getvalue())
    settings.VAPID_PUBLIC_KEY = keys["VAPID_PUBLIC_KEY"]
    settings.VAPID_PRIVATE_KEY = keys["VAPID_PRIVATE_KEY"]
    settings.VAPID_SUBJECT = keys["VAPID_SUBJECT"]
    settings.DEBUG = True  # the only way an http://127.0.0.1 endpoint is accepted
    return keys


@pytest.fixture
def service():
    service = PushService()
    # A short poll, so that shutting it down after each test takes no half second.
    thread = threading.Thread(
        target=service.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield service
    service.server.shutdown()
    service.server.server_close()
    thread.join()
