"""The cast: a patient, another patient, the patient's caregiver, a clinician of
the patient's clinic and an outsider. Time is whatever each test freezes."""

from datetime import date, time

import pytest
from django.contrib.auth import get_user_model

from injections.models import CareLink, Clinic, ClinicStaff, Enrollment
from injections.services.patients import create_patient

PASSWORD = "correct horse battery staple"
START = date(2026, 11, 1)


def make_patient(username: str, **options):
    defaults = dict(
        password=PASSWORD,
        medication="anakinra",
        rrule="FREQ=DAILY",
        time_of_day=time(8, 0),
        time_zone="Europe/London",
        start_date=START,
    )
    return create_patient(username=username, **(defaults | options))


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tests serve static files from the finders (only production runs collectstatic
    and its hashed manifest) and hash passwords fast."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def patient(db):
    return make_patient("alice")


@pytest.fixture
def regimen(patient):
    return patient.regimens.get()


@pytest.fixture
def other_patient(db):
    return make_patient("bob")


@pytest.fixture
def caregiver(patient):
    user = get_user_model().objects.create_user("carol", password=PASSWORD)
    CareLink.objects.create(patient=patient, caregiver=user)
    return user


@pytest.fixture
def clinic(patient):
    clinic = Clinic.objects.create(name="Rheumatology")
    Enrollment.objects.create(patient=patient, clinic=clinic)
    return clinic


@pytest.fixture
def clinician(clinic):
    user = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=clinic, user=user)
    return user


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("eve", password=PASSWORD)
