"""Twenty taps on "log dose" at once, at gunicorn with four workers in production
settings (issue 13): exactly one dose, every other answer "already recorded".

Unlike the rest of the suite this runs the app for real, in its own database (a
SQLite file, or a new PostgreSQL database when the suite runs on PostgreSQL),
migrated and filled through the command line, with each worker its own process.
"""

import csv
import http.client
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]
TAPS = 20
WORKERS = 4
PASSWORD = "twenty taps at once, one dose"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
    """The environment of a production deploy on plain HTTP, and a patient due now."""
    env = os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_LOG_LEVEL": "ERROR",
        "TIME_ZONE": "UTC",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

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
def server(production):
    env, _manage = production
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "medtrack.wsgi", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                Browser(port).get("/accounts/login/")
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not answer within a minute"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


class Browser:
    """Just enough of a browser: one connection per request, cookies kept."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = SimpleCookie()

    def request(self, method: str, path: str, fields: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": f"http://127.0.0.1:{self.port}"}  # fmt: skip
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        page = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        conn.close()
        return response.status, page

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, fields)


def field_value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no field {name}"
    return re.search(r'value="([^"]*)"', tag.group(0)).group(1)


@pytest.mark.django_db
def test_twenty_simultaneous_taps_at_gunicorn_record_one_dose(server, production):
    _env, manage = production
    browser = Browser(server)
    _status, page = browser.get("/accounts/login/")
    status, _page = browser.post("/accounts/login/", {
        "csrfmiddlewaretoken": field_value(page, "csrfmiddlewaretoken"),
        "username": "tapper", "password": PASSWORD,
    })  # fmt: skip
    assert status == 302, "signing in failed"
    status, checkin = browser.get("/")
    assert status == 200
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

    statuses = sorted(status for status, _page in answers)
    assert statuses == [200] * (TAPS - 1) + [302]
    refusals = [page for status, page in answers if status == 200]
    assert all("already recorded for the slot of" in page for page in refusals)
    rows = list(csv.DictReader(io.StringIO(manage("export_doses", "--patient", "tapper"))))
    assert [row["status"] for row in rows] == ["taken"]
