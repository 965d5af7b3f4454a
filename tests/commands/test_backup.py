"""`backup` and `restore` (issue 13, item 6): a backup taken while doses are being
logged restores every dose acknowledged before it began; a backup never replaces a
file unless forced, and never keeps a damaged copy; a restore takes only an intact
medtrack database, asks first, and keeps the database it replaces; on PostgreSQL
both point to pg_dump and pg_restore.

The databases are SQLite files in WAL mode, as in production, whatever database
this run uses: copies of an empty medtrack database (this run's schema). The
commands in this process are pointed at them through the connection's settings;
the writes under load come from other processes, as on a server.
"""

import io
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections

from injections.services.backups import BackupError, back_up, summarise

# For this run's schema: the test databases exist only where a test asks for one.
pytestmark = pytest.mark.django_db

# Logs a dose a day, one after the other, printing each dose's id once it is
# committed, until the file named by argv[1] appears.
WRITER = """
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
import django
django.setup()
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.patients import create_patient

DAYS = 2000
POINTS = [(30, 30), (90, 30), (30, 90), (90, 90), (30, 150), (90, 150), (60, 60), (60, 125)]
stop = Path(sys.argv[1])
first = datetime.now(UTC).date() - timedelta(days=DAYS + 1)
patient = create_patient(username="writer", time_zone="UTC", start_date=first)
regimen = patient.regimens.get()
for i in range(DAYS):
    if stop.exists():
        break
    day = first + timedelta(days=i)
    x, y = POINTS[(i // 2) % len(POINTS)]
    dose = record_dose(
        regimen=regimen, taken_at=datetime.combine(day, time(8, 5), tzinfo=UTC),
        site=Site("thigh", ("left", "right")[i % 2], x, y), administered_by="self",
        entered_by=patient.user,
    )
    print(dose.pk, flush=True)
"""


BACKUPS = 10


@pytest.fixture(scope="module")
def empty_medtrack(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """A SQLite file with medtrack's tables and nothing in them."""
    path = tmp_path_factory.mktemp("schema") / "medtrack.sqlite3"
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            connection.ensure_connection()
            with closing(sqlite3.connect(path)) as copy:
                connection.connection.backup(copy)
    else:
        run("manage.py", "migrate", "--no-input", url=f"sqlite:///{path}", check=True)
    return path


@pytest.fixture
def database(empty_medtrack, tmp_path) -> Path:
    """A medtrack database in WAL mode, as the app runs it."""
    path = tmp_path / "db.sqlite3"
    shutil.copyfile(empty_medtrack, path)
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=WAL")
    return path


@pytest.fixture
def live(database, monkeypatch) -> Path:
    """`database` as the database of the commands run in this process."""
    return commands_use(database, monkeypatch)


def commands_use(path: Path, monkeypatch) -> Path:
    """The commands of this process work on the SQLite file at `path` (whatever
    database this run uses: they open the file themselves, never the connection)."""
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "vendor", "sqlite")
    monkeypatch.setitem(connection.settings_dict, "NAME", str(path))
    return path


def run(*args, url: str, check: bool = False) -> subprocess.CompletedProcess:
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SECRET_KEY": "backup-test-key",
        "DJANGO_SETTINGS_MODULE": "medtrack.settings",
    }
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True,
        text=True, timeout=120, check=check,
    )  # fmt: skip


def acknowledged(out: Path) -> list[int]:
    """The dose ids the writer has printed, whole lines only."""
    text = out.read_text()
    return [int(line) for line in text[: text.rfind("\n") + 1].split()]


def wait_for(out: Path, count: int, writer: subprocess.Popen) -> list[int]:
    deadline = time.monotonic() + 60
    while len(ids := acknowledged(out)) < count:
        assert writer.poll() is None, writer.stderr.read()
        assert time.monotonic() < deadline, "the writer logs no doses"
        time.sleep(0.05)
    return ids


def query(path: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def add_group(path: Path, name: str) -> None:
    """A row to tell two databases apart."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("INSERT INTO auth_group (name) VALUES (?)", [name])


def groups(path: Path) -> list[str]:
    return [name for (name,) in query(path, "SELECT name FROM auth_group ORDER BY name")]


def damage(path: Path) -> None:
    """Garbage over the first page of the dose table: the file still opens."""
    [(root,)] = query(path, "SELECT rootpage FROM sqlite_schema WHERE name = 'injections_dose'")
    [(page_size,)] = query(path, "PRAGMA page_size")
    with path.open("r+b") as file:
        file.seek((root - 1) * page_size)
        file.write(b"\xa5" * page_size)


def test_backups_during_writes_restore_every_dose_acknowledged_before_them(
    database, tmp_path, monkeypatch
):
    # The measure: plain copies lost acknowledged doses in 21 of 28.
    stop, out = tmp_path / "stop", tmp_path / "acknowledged.txt"
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SECRET_KEY": "backup-test-key",
        "DJANGO_SETTINGS_MODULE": "medtrack.settings",
    }  # fmt: skip
    folder = tmp_path / "backups"
    folder.mkdir()
    commands_use(database, monkeypatch)
    taken = []  # each backup, with the doses acknowledged when it began
    with out.open("w") as sink:
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(stop)], cwd=settings.BASE_DIR, env=env,
            stdout=sink, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            before = wait_for(out, 3, writer)
            for n in range(BACKUPS):
                backup = folder / f"medtrack-{n}.sqlite3"
                said = io.StringIO()
                call_command("backup", str(backup), stdout=said)
                assert "Integrity check: ok." in said.getvalue()
                taken.append((backup, before))
                # The writer goes on meanwhile, never held up.
                before = wait_for(out, len(before) + 2, writer)
        finally:
            stop.touch()
            _out, errors = writer.communicate(timeout=60)
    assert writer.returncode == 0, errors
    every = set(acknowledged(out))

    # Single files, readable by their owner only, nothing half-written beside them.
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.name for b, _ in taken)
    for backup, _acknowledged in taken:
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        assert query(backup, "PRAGMA journal_mode") == [("delete",)]

    # Each restored where there is no database yet, as on a new server.
    for n, (backup, acknowledged_before) in enumerate(taken):
        fresh = tmp_path / f"fresh-{n}" / "db.sqlite3"
        fresh.parent.mkdir()
        commands_use(fresh, monkeypatch)
        said = io.StringIO()
        call_command("restore", str(backup), "--force", stdout=said)
        assert "Integrity check: ok." in said.getvalue()
        assert "Kept" not in said.getvalue()  # there was no database to keep
        doses = {pk for (pk,) in query(fresh, "SELECT id FROM injections_dose")}
        assert set(acknowledged_before) <= doses <= every
        assert query(fresh, "PRAGMA integrity_check") == [("ok",)]
        assert query(fresh, "PRAGMA journal_mode") == [("wal",)]
    assert len(every) > len(taken[0][1]) + 2 * (BACKUPS - 1)


def test_a_backup_replaces_an_existing_file_only_with_force(live, tmp_path):
    backup = tmp_path / "medtrack.sqlite3"
    backup.write_bytes(b"last week's backup")
    with pytest.raises(CommandError, match="already exists.*--force"):
        call_command("backup", str(backup))
    assert backup.read_bytes() == b"last week's backup"

    add_group(live, "written before the backup")
    out = io.StringIO()
    call_command("backup", str(backup), "--force", stdout=out)
    assert groups(backup) == ["written before the backup"]
    assert "0 dose records" in out.getvalue() and "Integrity check: ok." in out.getvalue()


def test_a_copy_that_fails_its_integrity_check_is_deleted(database, tmp_path):
    backup = tmp_path / "backups" / "medtrack.sqlite3"
    backup.parent.mkdir()
    back_up(source=database, target=backup)
    good = backup.read_bytes()

    damage(database)
    with pytest.raises(BackupError, match="failed its integrity check, so it was deleted"):
        back_up(source=database, target=backup, force=True)
    # The earlier backup is as it was, and no half-made copy is left.
    assert backup.read_bytes() == good
    assert [p.name for p in backup.parent.iterdir()] == ["medtrack.sqlite3"]


def test_restore_replaces_the_database_and_keeps_it_beside(live, tmp_path):
    add_group(live, "in the backup")
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    add_group(live, "written after the backup")

    out = io.StringIO()
    call_command("restore", str(backup), "--force", stdout=out)
    assert groups(live) == ["in the backup"]
    assert query(live, "PRAGMA journal_mode") == [("wal",)]
    [kept] = tmp_path.glob("db.sqlite3.before-restore-*")
    assert groups(kept) == ["in the backup", "written after the backup"]
    assert f"Kept the database as it was in {kept}." in out.getvalue()
    assert "Integrity check: ok." in out.getvalue()


def test_restore_asks_first_and_without_a_terminal_wants_force(live, tmp_path, monkeypatch):
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    add_group(live, "today's doses")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    with pytest.raises(CommandError, match="add --force"):
        call_command("restore", str(backup))  # pytest's stdin is no terminal
    monkeypatch.setattr(sys, "stdin", Terminal("no\n"))
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(backup), stdout=io.StringIO())
    assert groups(live) == ["today's doses"]
    assert not list(tmp_path.glob("*.before-restore-*"))

    monkeypatch.setattr(sys, "stdin", Terminal("yes\n"))
    call_command("restore", str(backup), stdout=io.StringIO())
    assert groups(live) == []


def test_restore_refuses_anything_but_an_intact_medtrack_backup(live, tmp_path):
    add_group(live, "today's doses")
    noise = tmp_path / "noise.sqlite3"
    noise.write_bytes(os.urandom(8192))
    damaged = tmp_path / "damaged.sqlite3"
    back_up(source=live, target=damaged)
    damage(damaged)
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    refusals = {
        noise: "is damaged or not a database",
        damaged: "is damaged or not a database",
        other: "is a SQLite database, but not a medtrack one",
        tmp_path / "missing.sqlite3": "there is no file at",
    }
    for path, message in refusals.items():
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), "--force")
    assert groups(live) == ["today's doses"]
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_a_damaged_database_is_kept_as_it_was_and_replaced(live, tmp_path):
    backup = tmp_path / "backup.sqlite3"
    call_command("backup", str(backup))
    damage(live)

    out = io.StringIO()
    call_command("restore", str(backup), "--force", stdout=out)
    [kept] = tmp_path.glob("db.sqlite3.before-restore-*")
    assert "It failed its integrity check" in out.getvalue()
    assert not summarise(kept).intact
    assert query(live, "PRAGMA integrity_check") == [("ok",)]


def test_on_postgresql_both_commands_point_to_pg_dump_and_pg_restore(monkeypatch, tmp_path):
    # This run's own connection, said to be PostgreSQL (as it is on the PostgreSQL run).
    monkeypatch.setattr(connections[DEFAULT_DB_ALIAS], "vendor", "postgresql")
    with pytest.raises(CommandError, match="PostgreSQL: back it up with pg_dump") as error:
        call_command("backup", str(tmp_path / "backup.sqlite3"))
    assert "pg_dump -Fc" in str(error.value)
    assert "pg_restore --clean --if-exists" in str(error.value)
    with pytest.raises(CommandError, match="pg_restore --clean --if-exists"):
        call_command("restore", str(tmp_path / "backup.sqlite3"), "--force")
    assert list(tmp_path.iterdir()) == []


def test_restore_says_when_the_backup_is_from_another_version(live, tmp_path):
    older, newer = tmp_path / "older.sqlite3", tmp_path / "newer.sqlite3"
    call_command("backup", str(older))
    call_command("backup", str(newer))
    with closing(sqlite3.connect(older)) as db, db:
        db.execute(
            "DELETE FROM django_migrations WHERE id = "
            "(SELECT max(id) FROM django_migrations WHERE app = 'injections')"
        )
    with closing(sqlite3.connect(newer)) as db, db:
        db.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('injections', '9999_from_the_future', '2027-01-01')"
        )

    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(older), "--force", stdout=out, stderr=err)
    assert "run “python manage.py migrate”" in out.getvalue() and err.getvalue() == ""
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(newer), "--force", "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["unknown_migrations"] == ["injections.9999_from_the_future"]
    assert "from a newer medtrack" in err.getvalue()
