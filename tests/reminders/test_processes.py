"""`send_reminders` as separate processes against one database, on SQLite (WAL, one
file) and on PostgreSQL, whichever this run uses (issue 11): two at the same instant
send every reminder exactly once; `--loop` keeps sending until it is stopped."""

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from injections.models import Reminder
from injections.rules import reminders as rules
from injections.services.reminders import save_choice
from tests.conftest import make_patient

PATIENTS = 8
# Each process waits for the same wall-clock gate after Django has started, so that
# both begin sending at once.
DRIVER = """
import sys, time, django
django.setup()
from django.core.management import call_command
time.sleep(max(0.0, float(sys.argv[1]) - time.time()))
call_command("send_reminders")
"""


def due_now(username: str):
    """A patient whose daily dose was due a minute ago by the real clock (the command
    sends what is due now)."""
    scheduled = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    patient = make_patient(
        username, email=f"{username}@example.com", time_zone="UTC",
        start_date=scheduled.date() - timedelta(days=1), time_of_day=scheduled.time(),
    )  # fmt: skip
    # Only the dose: from 09:00 its blood test would be due too, by the clock of the run.
    save_choice(patient.user, rules.Choice(kinds=frozenset({rules.DOSE})))
    return patient


def database_url(tmp_path: Path) -> str:
    """A URL the processes open the test's database by: for SQLite, a file copy of the
    in-memory test database (its data is committed: a transactional test)."""
    if connection.vendor == "sqlite":
        target = tmp_path / "two-senders.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
            # WAL now, as production runs it: two processes switching it at once on
            # first connecting would find the file locked.
            copy.execute("PRAGMA journal_mode=WAL")
        return f"sqlite:///{target}"
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def sent_rows(url: str) -> list[tuple]:
    query = "SELECT patient_id, kind, status FROM injections_reminder"
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute(query).fetchall()
    return list(Reminder.objects.values_list("patient_id", "kind", "status"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_senders_at_the_same_instant_send_each_reminder_once(inbox, tmp_path):
    for n in range(PATIENTS):
        due_now(f"p{n}")
    url = database_url(tmp_path)
    env = sender_env(url, inbox)
    gate = time.time() + 4  # both have started Django by then
    senders = [
        subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(gate)],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for _n in range(2)
    ]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    for sender, (_out, err) in zip(senders, outputs, strict=True):
        assert sender.returncode == 0, err.decode()

    # One dose reminder per patient, none twice, none lost.
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        f"p{n}@example.com" for n in range(PATIENTS)
    )
    rows = sent_rows(url)
    assert len(rows) == PATIENTS and {status for _p, _k, status in rows} == {"sent"}
    # Each says truly what it sent (in practice they share the work).
    counts = [int(re.match(r"Sent (\d+);", out.decode())[1]) for out, _err in outputs]
    assert sum(counts) == PATIENTS


def sender_env(url: str, inbox) -> dict:
    return os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "send-reminders-test-key",
        "DJANGO_DEBUG": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(inbox.port),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_loop_sends_when_due_and_stops_on_sigterm(inbox, tmp_path):
    # The loop sends the dose due a minute ago once, whatever the number of rounds.
    due_now("looper")
    url = database_url(tmp_path)
    log = tmp_path / "loop.log"
    with log.open("w") as out:
        loop = subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders", "--loop", "--every", "1"],
            cwd=settings.BASE_DIR, env=sender_env(url, inbox) | {"PYTHONUNBUFFERED": "1"},
            stdout=out, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            # Three rounds: the one that sends and two that find it sent.
            deadline = time.monotonic() + 120
            while log.read_text().count("Sent ") < 3 and time.monotonic() < deadline:
                assert loop.poll() is None, loop.stderr.read().decode()
                time.sleep(0.1)
        finally:
            loop.send_signal(signal.SIGTERM)
            _out, err = loop.communicate(timeout=30)
    assert loop.returncode == 0, err.decode()
    assert log.read_text().count("Sent ") >= 3
    assert [m["To"] for m in inbox.messages] == ["looper@example.com"]
