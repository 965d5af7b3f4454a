"""Twenty taps on "log dose" at once, at gunicorn with four workers in production
settings (issue 13): exactly one dose, every other answer "already recorded".

Unlike the rest of the suite this runs the app for real, in its own database (a
SQLite file, or a new PostgreSQL database when the suite runs on PostgreSQL),
migrated and filled through the command line, with each worker its own process. It
serves and signs in as `make bench` does (benchmarks.serve).
"""

import csv
import io
import os
import secrets
import subprocess
import sys
import threading
from datetime import UTC, datetime

import dj_database_url
import pytest
from django.db import connection

from benchmarks.serve import PROJECT, Browser, forms, gunicorn, production_environment, text

TAPS = 20
WORKERS = 4
PASSWORD = "twenty taps at once, one dose"


@pytest.fixture
def database_url(tmp_path):
    """A database of its own: the test database is another process's to see only on
    PostgreSQL, and on SQLite it lives in memory."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}"
        return
    import psycopg

    base = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"medtrack_live_{secrets.token_hex(4)}"
    admin = dict(host=base["HOST"], port=base["PORT"] or 5432, user=base["USER"],
                 password=base["PASSWORD"], dbname=base["NAME"], autocommit=True)  # fmt: skip
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    user = f"{base['USER']}:{base['PASSWORD']}" if base["PASSWORD"] else base["USER"]
    yield f"postgres://{user}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    with psycopg.connect(**admin) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production(database_url, tmp_path):
    """The environment of a production deploy on plain HTTP, with production's URLs,
    and a patient due now."""
    env = os.environ | production_environment(
        database_url=database_url, static_root=tmp_path / "static"
    )
    del env["DJANGO_ROOT_URLCONF"]  # the app's own URLs, not the benchmark's

    def manage(*args) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT, env=env,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    now = datetime.now(UTC)
    manage("create_patient", "tapper", "--password", PASSWORD, "--tz", "UTC",
           "--time", now.strftime("%H:%M"), "--start", now.date().isoformat())  # fmt: skip
    return env, manage


@pytest.fixture
def server(production, tmp_path):
    env, _manage = production
    with gunicorn(env, workers=WORKERS, log=tmp_path / "gunicorn.log",
                  ready="/accounts/login/") as served:  # fmt: skip
        yield served.port


def field_value(page: str, name: str) -> str:
    """The value of the page's first input named `name`, in whichever form."""
    return next(inputs[name] for _attrs, inputs in forms(page) if name in inputs)


@pytest.mark.django_db
def test_twenty_simultaneous_taps_at_gunicorn_record_one_dose(server, production):
    _env, manage = production
    browser = Browser(server)
    browser.sign_in("tapper", PASSWORD)
    status, _headers, body = browser.get("/")
    assert status == 200
    checkin = text(body)
    tap = {
        "csrfmiddlewaretoken": field_value(checkin, "csrfmiddlewaretoken"),
        "regimen": field_value(checkin, "regimen"),
        "by": "self",
        "place": "thigh:left",
        "x": "6",
        "y": "10",
    }

    start = threading.Barrier(TAPS)
    answers = []

    def press():
        start.wait()
        answers.append(browser.post("/doses/", tap))

    taps = [threading.Thread(target=press) for _ in range(TAPS)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join(timeout=120)

    statuses = sorted(status for status, _headers, _body in answers)
    assert statuses == [200] * (TAPS - 1) + [302]
    refusals = [text(body) for status, _headers, body in answers if status == 200]
    assert all("already recorded for the slot of" in page for page in refusals)
    rows = list(csv.DictReader(io.StringIO(manage("export_doses", "--patient", "tapper"))))
    assert [row["status"] for row in rows] == ["taken"]
