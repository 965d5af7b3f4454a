"""Backups of the SQLite database and their restore (issue 13, item 6).

A plain copy of a live SQLite file is no backup: in WAL mode the latest commits sit
in the -wal file, and a copy taken during a write mixes pages from before and after
it. SQLite's online backup API copies the database as one consistent snapshot,
readers and writers carrying on meanwhile, and its restore writes every page back
under the database's own lock, so a process that still has the file open sees the
old database or the restored one, never a mix. On PostgreSQL, pg_dump and
pg_restore do this job (README.md, "Backups").
"""

import os
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Dose
from .errors import ServiceError

# How long a restore waits for the database's write lock (the app's own timeout).
LOCK_TIMEOUT_S = 20


class BackupError(ServiceError):
    """A backup or restore that cannot be done; `str()` says why and what to do."""


@dataclass(frozen=True)
class DatabaseSummary:
    """What a database file holds, and what `PRAGMA integrity_check` said of it
    (`problems` empty when it answered "ok")."""

    path: Path
    size_bytes: int
    tables: int
    doses: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Restored:
    database: DatabaseSummary
    # The database as it was before the restore (None when there was none).
    before: DatabaseSummary | None
    # Migrations of this code not applied in the restored database, and applied
    # migrations this code does not know (a backup from a newer medtrack).
    unapplied: tuple[str, ...]
    unknown: tuple[str, ...]


def live_database(alias: str = DEFAULT_DB_ALIAS) -> Path:
    """The SQLite file the app uses; refused for any other database."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        name = connection.settings_dict.get("NAME") or "medtrack"
        raise BackupError(
            _(
                "This server's database is PostgreSQL: back it up with pg_dump "
                "(pg_dump -Fc -d %(name)s -f medtrack.dump) and restore it with pg_restore "
                "(pg_restore --clean --if-exists -d %(name)s medtrack.dump). "
                "README.md, “Backups”, says more."
            )
            % {"name": name}
        )
    if connection.vendor != "sqlite":
        raise BackupError(
            _("backup and restore work on SQLite only; use your database's own tools")
        )
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("the database is in memory: there is no file to back up"))
    return Path(name)


def back_up(*, source: Path, target: Path, force: bool = False) -> DatabaseSummary:
    """Copy the database at `source` to `target` with the online backup API, then check
    the copy; a copy that fails its integrity check is deleted and refused.

    The copy is written under a temporary name in the target's folder and renamed
    only once checked, so a half-written backup never has the final name. It is a
    single file (rollback journal, no -wal beside it), readable by its owner only.
    """
    if target.exists() and target.resolve() == source.resolve():
        raise BackupError(_("a backup cannot replace the database it is a copy of"))
    if target.exists() and not force:
        raise BackupError(
            _("%(path)s already exists: choose another name, or add --force to replace it")
            % {"path": target}
        )
    if source.is_file() and not _applied_migrations(source, mode="rw"):
        # Most likely DATABASE_URL names the wrong file (SQLite makes an empty one).
        raise BackupError(
            _("the database at %(path)s has no medtrack tables: is DATABASE_URL right?")
            % {"path": source}
        )
    return _copy(source, target, require_intact=True)


def check_backup(path: Path) -> DatabaseSummary:
    """The backup at `path`, refused unless it is an intact medtrack database."""
    if not path.is_file():
        raise BackupError(_("there is no file at %(path)s") % {"path": path})
    summary = summarise(path)
    if not summary.intact:
        raise BackupError(
            _("%(path)s is damaged or not a database (integrity check: %(problems)s)")
            % {"path": path, "problems": "; ".join(summary.problems)}
        )
    if not _applied_migrations(path):
        raise BackupError(
            _("%(path)s is a SQLite database, but not a medtrack one") % {"path": path}
        )
    return summary


def restore(*, backup: DatabaseSummary, database: Path, now: datetime | None = None) -> Restored:
    """Replace `database` with `backup` (checked by `check_backup`), keeping the
    database as it was beside it, as `<name>.before-restore-<UTC time>`.

    The pages go back through the backup API, in one write transaction on the live
    database, which stays in WAL mode.
    """
    now = now or timezone.now()
    if database.exists() and database.resolve() == backup.path.resolve():
        raise BackupError(_("that is the database itself, not a backup of it"))
    before = None
    if database.exists() and database.stat().st_size:
        stamp = f"{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        kept = database.with_name(f"{database.name}.before-restore-{stamp}")
        n = 1
        while kept.exists():  # two restores in one second
            n += 1
            kept = database.with_name(f"{database.name}.before-restore-{stamp}-{n}")
        try:
            # Kept even when it fails its integrity check: it may be all there is.
            before = _copy(database, kept, require_intact=False)
        except BackupError as error:
            raise BackupError(
                _(
                    "%(error)s. Nothing was restored: move the damaged database aside "
                    "(%(path)s, with its -wal and -shm files) and restore again"
                )
                % {"error": error, "path": database}
            ) from error
    with (
        closing(_open(backup.path, mode="ro")) as source,
        closing(sqlite3.connect(database, timeout=LOCK_TIMEOUT_S)) as target,
    ):
        try:
            source.backup(target)  # all pages in one step: one transaction
        except sqlite3.Error as error:
            raise BackupError(
                _("the restore failed (%(error)s); the database is as it was") % {"error": error}
            ) from error
        target.execute("PRAGMA journal_mode=WAL")
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    restored = summarise(database, mode="rw")
    if not restored.intact:
        raise BackupError(
            _("the restored database failed its integrity check (%(problems)s)")
            % {"problems": "; ".join(restored.problems)}
        )
    unapplied, unknown = _migration_gaps(database)
    return Restored(database=restored, before=before, unapplied=unapplied, unknown=unknown)


def summarise(path: Path, *, mode: str = "ro") -> DatabaseSummary:
    """Tables, dose records and the integrity check of the database file at `path`
    (opened read-only, or `rw` for a live WAL database, whose -shm a read-only
    connection would leave behind)."""
    tables = doses = size = 0
    try:
        with closing(_open(path, mode=mode)) as db:
            answer = [row[0] for row in db.execute("PRAGMA integrity_check")]
            # The database's own size: a live one's latest pages may be in its -wal.
            size = (
                db.execute("PRAGMA page_count").fetchone()[0]
                * db.execute("PRAGMA page_size").fetchone()[0]
            )
            names = {
                row[0]
                for row in db.execute(
                    "SELECT name FROM sqlite_schema "
                    "WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            tables = len(names)
            if Dose._meta.db_table in names:
                doses = db.execute(f'SELECT count(*) FROM "{Dose._meta.db_table}"').fetchone()[0]
    except sqlite3.Error as error:  # not a database at all, or too damaged to read
        answer = [str(error)]
        size = path.stat().st_size
    problems = () if answer == ["ok"] else tuple(answer)
    return DatabaseSummary(
        path=path, size_bytes=size, tables=tables, doses=doses, problems=problems
    )


def _copy(source: Path, target: Path, *, require_intact: bool) -> DatabaseSummary:
    """The online backup of `source` into `target`, by way of a temporary file that
    takes the final name once checked; with `require_intact`, a copy that fails its
    integrity check is deleted and refused instead (an older backup of that name
    stays as it was)."""
    if not source.is_file():
        raise BackupError(_("there is no database at %(path)s") % {"path": source})
    if not target.parent.is_dir():
        raise BackupError(_("there is no folder %(path)s") % {"path": target.parent})
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    partial = Path(name)
    try:
        with (
            closing(_open(source, mode="rw")) as live,
            closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        _sync(partial)
        summary = summarise(partial)
        if require_intact and not summary.intact:
            raise BackupError(
                _("the copy failed its integrity check, so it was deleted: %(problems)s")
                % {"problems": "; ".join(summary.problems)}
            )
        os.replace(partial, target)
        _sync(target.parent)
    except sqlite3.Error as error:
        raise BackupError(_cannot_read(source, error)) from error
    finally:
        partial.unlink(missing_ok=True)
    return replace(summary, path=target)


def _cannot_read(path: Path, error: sqlite3.Error) -> str:
    return _("%(path)s cannot be read as a database (%(error)s)") % {
        "path": path,
        "error": error,
    }


def _open(path: Path, *, mode: str) -> sqlite3.Connection:
    """A connection to an existing file (never creating one), `ro` or `rw`."""
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?mode={mode}", uri=True, timeout=LOCK_TIMEOUT_S
    )


def _sync(path: Path) -> None:
    """On disk before it is renamed (a file) or after (its folder)."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _applied_migrations(path: Path, *, mode: str = "ro") -> set[tuple[str, str]]:
    """The migrations recorded in the database at `path`: medtrack's own among them,
    or nothing."""
    try:
        with closing(_open(path, mode=mode)) as db:
            rows = set(db.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):  # not a Django database
            return set()
        raise BackupError(_cannot_read(path, error)) from error
    except sqlite3.Error as error:
        raise BackupError(_cannot_read(path, error)) from error
    return rows if any(app == "injections" for app, _name in rows) else set()


def _migration_gaps(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """This code's migrations the database at `path` lacks, and the migrations of
    installed apps it has that this code does not know."""
    applied = _applied_migrations(path, mode="rw")
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    replaced = set()
    for key, squashed in loader.replacements.items():
        replaced |= set(squashed.replaces)
        if set(squashed.replaces) <= applied:
            applied.add(key)
    installed = {config.label for config in apps.get_app_configs()}
    return (
        tuple(f"{app}.{name}" for app, name in sorted(known - applied)),
        tuple(
            f"{app}.{name}" for app, name in sorted(applied - known - replaced) if app in installed
        ),
    )
