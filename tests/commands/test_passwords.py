"""The commands that set a password (`create_patient --password`, `seed_demo
--password`) refuse a weak one with the validators' own words, and create nothing
(issue 13, item 2: `create_patient --password 1` was accepted)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from injections.models import Clinic, Patient
from injections.services.demo import CAREGIVER, CLINICIAN, PATIENT
from tests.conftest import PASSWORD

User = get_user_model()


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "password, message",
    [
        ("1", "This password is too short. It must contain at least 12 characters."),
        ("elevenchars", "at least 12 characters"),
        ("123456789012", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
        ("frank-the-patient", "The password is too similar to the username."),
    ],
)
def test_create_patient_refuses_a_weak_password_and_creates_nobody(db, password, message):
    with pytest.raises(CommandError, match=message):
        run("create_patient", "frank-the-patient", "--password", password)
    assert not User.objects.filter(username="frank-the-patient").exists()
    assert not Patient.objects.exists()


def test_create_patient_names_every_reason_a_password_is_refused(db):
    with pytest.raises(CommandError) as refused:
        run("create_patient", "frank", "--password", "1")
    assert "too short" in str(refused.value)
    assert "entirely numeric" in str(refused.value)


def test_create_patient_takes_a_strong_password(db):
    run("create_patient", "frank", "--password", PASSWORD)
    assert User.objects.get(username="frank").check_password(PASSWORD)


def test_create_patient_without_a_password_makes_an_account_that_cannot_sign_in_yet(db):
    run("create_patient", "frank")
    assert not User.objects.get(username="frank").has_usable_password()


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """seed_demo writes its file "from another app" in the current folder: a new one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@override_settings(DEBUG=True)
@pytest.mark.parametrize("password", ["1", "demo-pass-1", "123456789012"])
def test_seed_demo_refuses_a_weak_password_and_creates_nothing(db, in_tmp, password):
    with pytest.raises(CommandError, match="This password"):
        run("seed_demo", "--password", password)
    assert not User.objects.exists()
    assert not Clinic.objects.exists()
    assert not (in_tmp / "demo-from-another-app.csv").exists()


@override_settings(DEBUG=True)
def test_seed_demo_default_password_passes_every_validator(db, in_tmp):
    run("seed_demo")
    for username in (PATIENT, CAREGIVER, CLINICIAN):
        assert User.objects.get(username=username).check_password("medtrack-demo")


def test_createsuperuser_without_a_prompt_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "admin")
    with pytest.raises(CommandError, match="too short. It must contain at least 12"):
        run("createsuperuser", "--noinput", "--username", "admin", "--email", "a@example.org")
    assert not User.objects.exists()


def test_createsuperuser_without_a_prompt_compares_the_password_with_the_address(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "site-admin@example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "site-admin@example.org")
    with pytest.raises(CommandError, match="too similar to the email address"):
        run("createsuperuser", "--noinput", "--username", "root")
    assert not User.objects.exists()


def test_createsuperuser_without_a_prompt_takes_a_strong_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    run("createsuperuser", "--noinput", "--username", "admin", "--email", "a@example.org")
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(PASSWORD)
