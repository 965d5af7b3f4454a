"""Passwords as production keeps them (issue 13, item 2): hashed with Argon2, the
older hashes still verified and hashed again at sign-in, at least 12 characters, and
a reset link that lasts an hour.

The tests' own settings hash with MD5, for speed (tests/conftest.py): what production
does is read in a fresh interpreter, as a server reads it at start."""

import json
import subprocess
import sys

from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password

from tests.conftest import PASSWORD

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def production(code: str) -> dict:
    """What `code` prints as JSON, run against medtrack.settings in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", f"import django, json; django.setup(); {code}"],
        cwd=django_settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "medtrack.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_production_hashes_new_passwords_with_argon2_and_still_verifies_older_hashes():
    found = production(
        "from django.conf import settings; "
        "from django.contrib.auth.hashers import make_password, check_password; "
        f"h = make_password({PASSWORD!r}); "
        f"old = make_password({PASSWORD!r}, hasher='pbkdf2_sha256'); "
        "print(json.dumps({'hashers': settings.PASSWORD_HASHERS, 'hash': h, "
        f"'checks': check_password({PASSWORD!r}, h), "
        f"'old_checks': check_password({PASSWORD!r}, old)}}))"
    )
    assert found["hashers"][0] == ARGON2
    assert PBKDF2 in found["hashers"]
    assert found["hash"].startswith("argon2$argon2id$")
    assert found["checks"] and found["old_checks"]


def test_production_refuses_a_password_shorter_than_12_characters():
    found = production(
        "from django.contrib.auth.password_validation import validate_password; "
        "from django.core.exceptions import ValidationError; "
        "result = {}\n"
        "for p in ['elevenchars', 'twelve chars']:\n"
        "    try: validate_password(p); result[p] = []\n"
        "    except ValidationError as e: result[p] = e.messages\n"
        "print(json.dumps(result))"
    )
    assert found["elevenchars"] == [
        "This password is too short. It must contain at least 12 characters."
    ]
    assert found["twelve chars"] == []


def test_a_reset_link_lasts_an_hour():
    assert (
        production(
            "from django.conf import settings; print(json.dumps(settings.PASSWORD_RESET_TIMEOUT))"
        )
        == 3600
    )


def test_an_older_hash_is_hashed_again_with_argon2_when_its_password_is_checked(outsider, settings):
    """Signing in checks the password (ModelBackend: `user.check_password`); a hash
    from a hasher that is not the first is then replaced."""
    settings.PASSWORD_HASHERS = [ARGON2, PBKDF2]
    outsider.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    outsider.save()
    assert outsider.check_password(PASSWORD)
    outsider.refresh_from_db()
    assert outsider.password.startswith("argon2$")
    assert outsider.check_password(PASSWORD)
