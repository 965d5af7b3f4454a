"""Production settings (issue 13, item 3): HTTPS, HSTS, the proxy's header, trusted
origins and ADMINS from the environment; `check --deploy` silent with nothing
silenced; error reports by email to ADMINS without health data; logs as JSON lines.

Settings are read in a fresh interpreter (`manage.py` or `-c`), as a server would
read them at start, from an environment with no DJANGO_ variable but those given.
"""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import path

from medtrack.logs import JsonLines
from medtrack.urls import urlpatterns as site_urlpatterns

SECRET = "production-" + "k3y" * 20  # long and varied enough for check --deploy
PRODUCTION = {
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "medtrack.example.org",
    "DJANGO_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://medtrack.example.org",
    "DJANGO_ADMINS": "Ops Team <ops@example.org>, oncall@example.org",
    "DJANGO_SERVER_EMAIL": "medtrack errors <errors@example.org>",
    "EMAIL_HOST": "smtp.example.org",
}


def environment(**variables) -> dict:
    kept = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_", "PYTEST"))
    }
    return kept | variables


def run(args: list[str], **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=django_settings.BASE_DIR,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_read(**variables) -> dict:
    """The settings that matter here, as a fresh interpreter reads them."""
    names = [
        "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS", "ADMINS",
        "SERVER_EMAIL", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SILENCED_SYSTEM_CHECKS",
    ]  # fmt: skip
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    done = run(["-c", code], DJANGO_SETTINGS_MODULE="medtrack.settings", **variables)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- check --deploy ------------------------------------------------------------------


def test_check_deploy_is_silent_with_production_settings_and_nothing_silenced():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert settings_read(**PRODUCTION)["SILENCED_SYSTEM_CHECKS"] == []


def test_check_deploy_fails_on_a_warning_such_as_hsts_turned_off():
    done = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION | {"DJANGO_HSTS_SECONDS": "0"},
    )
    assert done.returncode != 0
    assert "security.W004" in done.stderr


# --- What the environment sets ----------------------------------------------------------


def test_production_defaults_are_https_only_with_a_year_of_hsts():
    read = settings_read(DJANGO_SECRET_KEY=SECRET)
    assert read["DEBUG"] is False
    assert read["SECURE_SSL_REDIRECT"] is True
    assert read["SECURE_HSTS_SECONDS"] == 31_536_000
    assert read["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and read["SECURE_HSTS_PRELOAD"]
    assert read["SESSION_COOKIE_SECURE"] and read["CSRF_COOKIE_SECURE"]
    assert read["SECURE_PROXY_SSL_HEADER"] is None
    assert read["CSRF_TRUSTED_ORIGINS"] == [] and read["ADMINS"] == []


def test_the_proxy_s_header_trusted_origins_admins_and_hsts_come_from_the_environment():
    read = settings_read(**PRODUCTION | {"DJANGO_HSTS_SECONDS": "600"})
    assert read["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert read["CSRF_TRUSTED_ORIGINS"] == ["https://medtrack.example.org"]
    assert read["ADMINS"] == ["Ops Team <ops@example.org>", "oncall@example.org"]
    assert read["SERVER_EMAIL"] == "medtrack errors <errors@example.org>"
    assert read["SECURE_HSTS_SECONDS"] == 600


@pytest.mark.parametrize("switch", [{"DJANGO_DEBUG": "1"}, {"DJANGO_SECURE_COOKIES": "0"}])
def test_debug_or_plain_http_turns_off_the_redirect_and_hsts(switch):
    read = settings_read(**switch)
    assert read["SECURE_SSL_REDIRECT"] is False
    assert read["SECURE_HSTS_SECONDS"] == 0
    assert read["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    "variable, value",
    [("DJANGO_ADMINS", "ops team"), ("DJANGO_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO")],
)
def test_a_malformed_variable_stops_the_start_naming_it(variable, value):
    done = run(["manage.py", "check"], **{variable: value})
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in done.stderr


# --- The headers -----------------------------------------------------------------------


def test_hsts_is_sent_over_https_only(client, db):
    secure = client.get("/accounts/login/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/accounts/login/")


def test_plain_http_is_redirected_unless_the_proxy_says_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True  # production's default; tests turn it off
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/accounts/login/"
    behind_proxy = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert behind_proxy.status_code == 200


# --- Error reports and logs -----------------------------------------------------------------


def broken(request):
    note = request.POST.get("notes", "")  # a local variable the report must not show
    raise RuntimeError(f"could not save {note!r}")


def refused(request):
    raise PermissionDenied


urlpatterns = [path("broken/", broken), path("refused/", refused), *site_urlpatterns]


@pytest.fixture
def mail(db, settings, mailoutbox):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.ADMINS = ["Ops Team <ops@example.org>"]
    return mailoutbox


@pytest.fixture
def alice_unraised(patient):
    client = Client(raise_request_exception=False)
    client.force_login(patient.user)
    return client


@pytest.mark.urls(__name__)
def test_a_server_error_is_mailed_to_admins_without_what_was_posted(alice_unraised, mail):
    response = alice_unraised.post("/broken/", {"notes": "itchy rash, left thigh"})
    assert response.status_code == 500
    [report] = mail
    assert report.to == ["Ops Team <ops@example.org>"]
    assert report.subject.startswith("[medtrack] ERROR")
    assert "/broken/" in report.body and "RuntimeError" in report.body
    assert "notes = '********************'" in report.body
    body_without_exception = report.body.replace("could not save 'itchy rash, left thigh'", "")
    assert "itchy rash" not in body_without_exception


@pytest.mark.urls(__name__)
def test_a_refusal_is_logged_but_not_mailed(alice_unraised, mail, caplog):
    assert alice_unraised.get("/refused/").status_code == 403
    assert mail == []
    assert [record.levelname for record in caplog.records] == ["WARNING"]


@pytest.mark.urls(__name__)
def test_a_server_error_is_one_json_line_with_path_status_and_user_but_no_data(
    alice_unraised, patient, mail, caplog
):
    alice_unraised.post("/broken/?first=2026-11-01", {"notes": "itchy rash"})
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    line = JsonLines().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "django.request"
    assert entry["time"].endswith("+00:00")
    assert (entry["method"], entry["path"], entry["status"]) == ("POST", "/broken/", 500)
    assert entry["user"] == patient.user.pk
    assert entry["exception"] == "builtins.RuntimeError"
    assert any("in broken" in frame for frame in entry["stack"])
    assert "itchy" not in line and "first=" not in line


def test_a_mail_server_that_fails_never_turns_a_logged_error_into_a_raised_one(
    db, settings, caplog
):
    settings.ADMINS = ["ops@example.org"]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 5},  # nothing listens
        }
    }
    logging.getLogger("injections.services.reminders").error("reminder %s could not be sent", 3)
    assert {r.getMessage() for r in caplog.records} == {
        "reminder 3 could not be sent",
        "error report not mailed to ADMINS: ConnectionRefusedError",
    }


def test_a_log_line_without_a_request_has_the_four_fields_only():
    record = logging.LogRecord("injections.services.reminders", logging.WARNING, __file__, 1,
                               "reminder %s failed", (12,), None)  # fmt: skip
    entry = json.loads(JsonLines().format(record))
    assert set(entry) == {"time", "level", "logger", "message"}
    assert entry["message"] == "reminder 12 failed"


def test_the_site_s_loggers_write_through_the_json_formatter_once():
    root = logging.getLogger()
    [stderr] = [h for h in root.handlers if isinstance(h.formatter, JsonLines)]
    assert stderr.stream is sys.stderr  # whatever sys.stderr is when a line is written
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate
