"""make_push_keys prints a VAPID key pair that browsers and pywebpush accept."""

import base64
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import CommandError, call_command
from py_vapid import Vapid

CLAIMS = {"aud": "https://push.example.net", "sub": "mailto:ops@medtrack.example"}


def run(*args) -> str:
    out = StringIO()
    call_command("make_push_keys", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def lines(output: str) -> dict:
    return dict(line.split("=", 1) for line in output.splitlines())


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_it_prints_the_three_environment_lines():
    variables = lines(run("--subject", "mailto:ops@medtrack.example"))
    assert list(variables) == ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"]
    assert variables["VAPID_SUBJECT"] == "mailto:ops@medtrack.example"


def test_the_subject_defaults_to_the_settings(settings):
    settings.VAPID_SUBJECT = "mailto:push@medtrack.example"
    assert lines(run())["VAPID_SUBJECT"] == "mailto:push@medtrack.example"


def test_the_public_key_is_what_a_browser_takes_as_application_server_key():
    point = unb64url(lines(run())["VAPID_PUBLIC_KEY"])
    assert len(point) == 65 and point[0] == 4  # an uncompressed P-256 point
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)


def test_the_printed_keys_sign_and_verify():
    variables = lines(run())
    signer = Vapid.from_string(private_key=variables["VAPID_PRIVATE_KEY"])  # as pywebpush reads it
    header = signer.sign(dict(CLAIMS))["Authorization"]
    assert f"k={variables['VAPID_PUBLIC_KEY']}" in header
    assert Vapid.verify(header)
    forged = header.replace(variables["VAPID_PUBLIC_KEY"], lines(run())["VAPID_PUBLIC_KEY"])
    assert not Vapid.verify(forged)


def test_each_run_makes_a_new_pair():
    assert lines(run())["VAPID_PRIVATE_KEY"] != lines(run())["VAPID_PRIVATE_KEY"]


def test_json_prints_an_object_of_the_same_variables():
    variables = json.loads(run("--json", "--subject", "https://medtrack.example/contact"))
    assert set(variables) == {"VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"}
    assert variables["VAPID_SUBJECT"] == "https://medtrack.example/contact"
    assert len(unb64url(variables["VAPID_PRIVATE_KEY"])) == 32


def test_a_subject_push_services_cannot_write_to_is_refused():
    with pytest.raises(CommandError, match="mailto"):
        run("--subject", "ops@medtrack.example")
