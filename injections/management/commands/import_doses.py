"""`manage.py import_doses --patient USER FILE`: a dose log from CSV, all or nothing
(DESIGN §7, §8). The work is done by services.importing.import_doses; the file is
read a line at a time, never whole."""

import sys
from contextlib import contextmanager

from django.core.files import File
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...exports.csvlog import read_log, text_lines
from ...services.errors import ServiceError
from ...services.importing import import_doses
from ..arguments import patient_named, to_json
from ..base import MedtrackCommand

BAR_WIDTH = 30


class Command(MedtrackCommand):
    help = "Import a patient's dose log from a CSV file (DESIGN §7); FILE - reads stdin."

    def add_arguments(self, parser):
        parser.add_argument("--patient", required=True, metavar="USER")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        progress = self.draw_progress if self.stderr.isatty() else None
        try:
            with opened(options["file"]) as data:
                count = import_doses(
                    patient=patient,
                    rows=read_log(text_lines(data)),
                    entered_by=patient.user,
                    progress=progress,
                )
        except ServiceError as error:
            raise CommandError(str(error)) from None
        finally:
            if progress:
                self.stderr.write("", style_func=str)  # end the bar's line
        if options["json"]:
            self.stdout.write(to_json({"imported": count}))
        else:
            self.stdout.write(
                ngettext(
                    "Imported %(count)d record for %(user)s",
                    "Imported %(count)d records for %(user)s",
                    count,
                )
                % {"count": count, "user": patient.user.get_username()}
            )

    def draw_progress(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        # style_func=str: on a terminal the stderr wrapper would colour it as an error.
        self.stderr.write(f"\r[{bar}] {done}/{total}", style_func=str, ending="")
        self.stderr.flush()


@contextmanager
def opened(path: str):
    """The file's lines as bytes, whatever their line endings (Django's File splits
    them as the upload of the web import does); "-" is standard input."""
    if path == "-":
        yield File(sys.stdin.buffer)
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise CommandError(
            _("cannot read %(file)s: %(error)s") % {"file": path, "error": error.strerror}
        ) from None
    with handle:
        yield File(handle)
