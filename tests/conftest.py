"""The cast, and the clock.

The cast: alice the patient (`patient`, her user `patient.user`), bob another patient
(`other_patient`), carol her caregiver (`caregiver`), dr-dee a clinician of her clinic
(`clinician`) and eve, an outsider (`outsider`). Each has a test client of their own,
signed in, named after them: `alice`, `bob`, `carol`, `dee` and `eve`. Before she
cares for anyone, carol is `invitee`: an account with an address and no link yet.

The clock: a module (or a test) that sets `pytest.mark.clock(INSTANT)` runs frozen at
INSTANT, from before the cast is created; its tests move the `clock` fixture (a
time_machine traveller) along their story. With `autouse=False` in the marker only
the tests that ask for `clock` are frozen, from the moment they ask. A test that asks
for `clock` without a marker is frozen at DEFAULT_NOW.
"""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management.commands import flush
from django.test import Client, override_settings
from django.utils import translation

from injections.management.base import LOCALE_VARIABLES
from injections.models import CareLink, Clinic, ClinicStaff, Enrollment, append_only
from injections.services.patients import create_patient

# Fixtures of the services tests talk to: a push service on loopback (`vapid`, `service`).
pytest_plugins = ["tests.pushservice"]

PASSWORD = "correct horse battery staple"
START = date(2026, 11, 1)
# 08:00 in London (GMT) on the day the cast's treatment starts: alice's first dose.
DEFAULT_NOW = datetime.combine(START, time(8, 0), tzinfo=UTC)


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


def signed_in(user) -> Client:
    """A test client of its own (its own cookies), signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(scope="session", autouse=True)
def plain_http():
    """Tests talk plain HTTP, which production redirects to HTTPS: no redirect here.
    For the whole session, since the live server reads it once, when it starts (a
    test may still turn it on with the `settings` fixture, for the test client)."""
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session", autouse=True)
def flush_append_only_tables():
    """pytest-django empties the database after a transactional or live-server test
    with `flush`, which the append-only triggers refuse (DELETE on SQLite, TRUNCATE on
    PostgreSQL). Here only, for the tests' own database, flush drops them first and
    makes them again after: the site's database keeps them, and its flush fails."""
    real_sql_flush = flush.sql_flush

    def sql_flush(style, connection, **options):
        statements = real_sql_flush(style, connection, **options)
        tables = set(connection.introspection.table_names())
        if not statements or not tables.issuperset(append_only.TABLES):
            return statements
        return [
            *append_only.drop_statements(connection.vendor),
            *statements,
            *append_only.create_statements(connection.vendor),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Tests serve static files from the finders (only production runs collectstatic
    and its hashed manifest) and hash passwords fast."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The cast's clients stay signed in while a test moves the clock on by days or
    # years; the tests of sessions put the real limits back (`real_session_limits`).
    settings.MEDTRACK_STAFF_IDLE_MINUTES = settings.MEDTRACK_SESSION_HOURS = 10**7
    settings.MEDTRACK_IDLE_HOURS = settings.MEDTRACK_KEPT_IDLE_DAYS = 10**7
    settings.MEDTRACK_KEPT_SESSION_DAYS = 10**7


@pytest.fixture(autouse=True)
def _in_english_to_start():
    """Each test starts in the site's language: a request in Spanish leaves it active in
    its thread (Django's LocaleMiddleware activates, never deactivates), and a test
    after it must not read words in it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _terminal_without_a_language(monkeypatch):
    """Commands speak the terminal's language (injections.management.base): a test
    reads the same words whatever the locale of the machine that runs it."""
    for variable in ("LANGUAGE", *LOCALE_VARIABLES):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def real_session_limits(settings):
    """The limits of a session as medtrack ships them (README, Configuration)."""
    settings.MEDTRACK_STAFF_IDLE_MINUTES = 30
    settings.MEDTRACK_IDLE_HOURS = 12
    settings.MEDTRACK_KEPT_IDLE_DAYS = 14
    settings.MEDTRACK_SESSION_HOURS = 24
    settings.MEDTRACK_KEPT_SESSION_DAYS = 30


# --- The clock ----------------------------------------------------------------------


def _clock_marker(request):
    return request.node.get_closest_marker("clock")


@pytest.fixture
def clock(request):
    """Time frozen at the instant of the `clock` marker (DEFAULT_NOW without one)."""
    marker = _clock_marker(request)
    instant = marker.args[0] if marker and marker.args else DEFAULT_NOW
    with time_machine.travel(instant, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _frozen_from_the_start(request):
    """Where the `clock` marker says so (it does unless `autouse=False`), the clock
    starts before every other fixture of the test: before the cast is created."""
    marker = _clock_marker(request)
    if marker is not None and marker.kwargs.get("autouse", True):
        request.getfixturevalue("clock")


# --- The cast -----------------------------------------------------------------------


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
def invitee(db):
    """Carol before she cares for anyone: an account with an address, linked to nobody."""
    return get_user_model().objects.create_user("carol", "carol@example.com", PASSWORD)


@pytest.fixture
def caregiver(patient, invitee):
    """Carol, alice's caregiver."""
    CareLink.objects.create(patient=patient, caregiver=invitee)
    return invitee


@pytest.fixture
def clinic(patient):
    clinic = Clinic.objects.create(name="Rheumatology")
    Enrollment.objects.create(patient=patient, clinic=clinic)
    return clinic


@pytest.fixture
def clinician(clinic):
    """Dr Dee, on the staff of alice's clinic, and no patient herself."""
    user = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=clinic, user=user)
    return user


@pytest.fixture
def outsider(db):
    """Eve can sign in but is not a patient, nor anyone's caregiver or clinician."""
    return get_user_model().objects.create_user("eve", password=PASSWORD)


# --- Their clients: each person's own, signed in ---------------------------------------


@pytest.fixture
def alice(patient):
    """A test client signed in as alice, the patient."""
    return signed_in(patient.user)


@pytest.fixture
def bob(other_patient):
    """A test client signed in as bob, the other patient."""
    return signed_in(other_patient.user)


@pytest.fixture
def carol(caregiver):
    """A test client signed in as carol, alice's caregiver."""
    return signed_in(caregiver)


@pytest.fixture
def dee(clinician):
    """A test client signed in as dr-dee, a clinician of alice's clinic."""
    return signed_in(clinician)


@pytest.fixture
def eve(outsider):
    """A test client signed in as eve, the outsider."""
    return signed_in(outsider)
