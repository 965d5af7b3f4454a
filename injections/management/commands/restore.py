"""`manage.py restore PATH [--force] [--json]`: replace the SQLite database with a
backup made by `manage.py backup`, keeping the database as it was beside it (issue
13, item 6). The work is done by services.backups."""

import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ...services.backups import BackupError, check_backup, live_database, restore
from ..arguments import to_json
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = (
        "Replace the SQLite database with the backup at PATH, after checking it (PRAGMA "
        "integrity_check, medtrack's tables); the database as it was is kept as "
        "<database>.before-restore-<time>. On PostgreSQL, use pg_restore."
    )
    # The model checks open the database (SQLite makes a file where there is none);
    # a restore may be what repairs it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="a backup made by manage.py backup")
        parser.add_argument("--force", action="store_true", help="replace without asking")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            database = live_database()
            backup = check_backup(Path(options["path"]))
            if not options["force"]:
                self.confirm(database, backup)
            restored = restore(backup=backup, database=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(to_json(self.as_data(restored, backup.path)))
        else:
            self.report(restored, backup.path)
        if restored.unknown:
            self.stderr.write(
                _(
                    "The backup is from a newer medtrack: this code does not know its "
                    "migrations %(names)s. Run the version that made it, or a later one."
                )
                % {"names": ", ".join(restored.unknown)}
            )

    def confirm(self, database, backup) -> None:
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "restore replaces the database %(database)s: add --force, or run it in "
                    "a terminal to be asked"
                )
                % {"database": database}
            )
        saved = datetime.fromtimestamp(backup.path.stat().st_mtime, UTC)
        answer = input(
            _(
                "This replaces the database %(database)s with the backup %(backup)s "
                "(%(doses)d dose records, %(size)s, saved %(saved)s). The database as it is "
                "now is kept beside it. Type “yes” to go on: "
            )
            % {
                "database": database,
                "backup": backup.path,
                "doses": backup.doses,
                "size": filesizeformat(backup.size_bytes),
                "saved": timezone.localtime(saved).isoformat(timespec="minutes"),
            }  # fmt: skip
        )
        if answer.strip().lower() != _("yes"):
            raise CommandError(_("Nothing was restored."))

    def report(self, restored, backup: Path) -> None:
        if restored.before is not None:
            self.stdout.write(
                _("Kept the database as it was in %(path)s.") % {"path": restored.before.path}
            )
            if not restored.before.intact:
                self.stdout.write(
                    _("(It failed its integrity check: %(problems)s.)")
                    % {"problems": "; ".join(restored.before.problems)}
                )
        database = restored.database
        self.stdout.write(
            _(
                "Restored %(database)s from %(backup)s: %(tables)d tables, %(doses)d dose "
                "records, %(size)s. Integrity check: ok."
            )
            % {
                "database": database.path,
                "backup": backup,
                "tables": database.tables,
                "doses": database.doses,
                "size": filesizeformat(database.size_bytes),
            }  # fmt: skip
        )
        if restored.unapplied:
            self.stdout.write(
                _(
                    "The backup is from an older medtrack: run “python manage.py migrate” "
                    "before starting medtrack (%(count)d migrations to apply)."
                )
                % {"count": len(restored.unapplied)}
            )

    def as_data(self, restored, backup: Path) -> dict:
        database = restored.database
        return {
            "database": str(database.path),
            "backup": str(backup),
            "before": str(restored.before.path) if restored.before else None,
            "before_integrity_check": (
                None if restored.before is None else "; ".join(restored.before.problems) or "ok"
            ),
            "bytes": database.size_bytes,
            "tables": database.tables,
            "doses": database.doses,
            "integrity_check": "ok",
            "unapplied_migrations": list(restored.unapplied),
            "unknown_migrations": list(restored.unknown),
        }
