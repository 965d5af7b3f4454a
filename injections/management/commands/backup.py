"""`manage.py backup PATH [--force] [--json]`: a consistent copy of the SQLite
database, taken while medtrack runs, checked before it gets its name (issue 13,
item 6). The work is done by services.backups."""

from pathlib import Path

from django.core.management.base import CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ...services.backups import BackupError, back_up, live_database
from ..arguments import to_json
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = (
        "Copy the SQLite database to PATH with SQLite's online backup (safe while "
        "medtrack writes), then check the copy with PRAGMA integrity_check. "
        "On PostgreSQL, use pg_dump."
    )
    # The model checks open the database, and SQLite would make an empty file where
    # DATABASE_URL names none: the backup would copy it, the restore keep it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="replace PATH if it exists")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            source = live_database()
            backup = back_up(source=source, target=Path(options["path"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(
                to_json(
                    {
                        "database": str(source),
                        "backup": str(backup.path),
                        "bytes": backup.size_bytes,
                        "tables": backup.tables,
                        "doses": backup.doses,
                        "integrity_check": "ok",
                    }
                )  # fmt: skip
            )
            return
        self.stdout.write(
            _(
                "Backed up %(database)s to %(backup)s: %(tables)d tables, %(doses)d dose "
                "records, %(size)s. Integrity check: ok."
            )
            % {
                "database": source,
                "backup": backup.path,
                "tables": backup.tables,
                "doses": backup.doses,
                "size": filesizeformat(backup.size_bytes),
            }  # fmt: skip
        )
