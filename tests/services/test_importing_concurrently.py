"""A large import beside other people's writes (issue 12, item 3): while a
100,000-row file is imported for one patient, another patient's dose is logged
without waiting more than 2 s, and the import still succeeds in full.

Two processes share one database, as on a server: on SQLite a WAL file (a copy of
the test database), where any write takes the one database-wide lock; on
PostgreSQL the run's own database. The clock is the real one: the file's doses end
two days before today, and bob's dose is due now.
"""

import csv
import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings

from injections.exports.csvlog import FIELDS
from tests.conftest import make_patient
from tests.reminders.test_processes import database_url

ROWS = 100_000
# Spots 2.5 cm apart or more, on both thighs in turn: a rotation the rules accept.
POINTS = [(3, 3), (9, 3), (3, 9), (9, 9), (3, 15), (9, 15), (6, 6), (6, 12.5)]

# bob logs his dose once alice's import is writing, and says how long it took.
LOGGER = """
import json, sys, time
import django
django.setup()
from django.utils import timezone
from injections.models import ImportBatch, Patient
from injections.rules.geometry import Site
from injections.services.doses import record_dose

deadline = time.monotonic() + 120
while not ImportBatch.objects.filter(written__gt=0, state="writing").exists():
    if time.monotonic() > deadline:
        sys.exit("the import never started writing")
    time.sleep(0.02)
regimen = Patient.objects.get(user__username="bob").regimens.get()
started = time.perf_counter()
record_dose(regimen=regimen, taken_at=timezone.now(), site=Site("thigh", "left", 30, 40),
            administered_by="self", entered_by=regimen.patient.user)
elapsed = time.perf_counter() - started
batch = ImportBatch.objects.get()
print(json.dumps({"seconds": elapsed, "state": batch.state, "written": batch.written}))
"""


def long_history(path, first: date) -> None:
    """ROWS daily doses from `first`, at 08:05 UTC."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(FIELDS)
        for i in range(ROWS):
            day = first + timedelta(days=i)
            x, y = POINTS[(i // 2) % len(POINTS)]
            taken_at = datetime(day.year, day.month, day.day, 8, 5, tzinfo=UTC)
            writer.writerow([
                taken_at.isoformat(), day, "anakinra", "100", "thigh", ("left", "right")[i % 2],
                x, y, "self", "taken", "", "",
            ])  # fmt: skip


def counts(url: str) -> dict[str, int]:
    """Each patient's doses that are records, read as the app would."""
    script = (
        "import django, json; django.setup();"
        "from injections.models import Dose;"
        "from django.db.models import Count;"
        "print(json.dumps(dict(Dose.objects.values_list('patient__user__username')"
        ".annotate(n=Count('pk')).values_list('patient__user__username', 'n'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment(url),
        capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(out.stdout)


def environment(url: str) -> dict:
    return os.environ | {"DATABASE_URL": url, "DJANGO_SECRET_KEY": "import-test-key"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_patient_logs_a_dose_within_2_s_while_100000_rows_import(tmp_path):
    today = datetime.now(UTC).date()
    first = today - timedelta(days=ROWS + 1)
    make_patient("alice", time_zone="UTC", start_date=first)
    due = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=1)
    make_patient("bob", time_zone="UTC", start_date=due.date() - timedelta(days=1),
                 time_of_day=due.time())  # fmt: skip
    path = tmp_path / "from-another-app.csv"
    long_history(path, first)
    url = database_url(tmp_path)
    env = environment(url)

    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_doses", "--patient", "alice", str(path)],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    logger = subprocess.Popen(
        [sys.executable, "-c", LOGGER], cwd=settings.BASE_DIR, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    started = time.monotonic()
    logged, logger_err = logger.communicate(timeout=180)
    imported, importer_err = importer.communicate(timeout=180)
    assert logger.returncode == 0, logger_err.decode()
    assert importer.returncode == 0, importer_err.decode()

    bob = json.loads(logged)
    # Logged while the import was still writing, and at once.
    assert bob["state"] == "writing" and 0 < bob["written"] < ROWS
    assert bob["seconds"] < 2, f"bob waited {bob['seconds']:.2f} s for the lock"
    assert imported.decode() == f"Imported {ROWS} records for alice\n"
    assert counts(url) == {"alice": ROWS, "bob": 1}
    print(f"bob waited {bob['seconds']:.3f} s; the import took {time.monotonic() - started:.1f} s")
