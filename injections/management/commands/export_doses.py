"""`manage.py export_doses --patient USER [--format csv|fhir] [--include-voided]`: the
patient's dose log on standard output (DESIGN §7, §8). The work is done by
csvlog.write_log and fhir.write_bundle."""

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ...exports.csvlog import write_log
from ...exports.fhir import write_bundle
from ...services import audit
from ..arguments import patient_named
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = (
        "Write a patient's dose log (every record not voided) to standard output, as CSV "
        "or as a FHIR R4 Bundle of MedicationAdministration resources."
    )

    def add_arguments(self, parser):
        parser.add_argument("--patient", required=True, metavar="USER")
        parser.add_argument("--format", choices=["csv", "fhir"], default="csv")
        parser.add_argument(
            "--include-voided",
            action="store_true",
            help="FHIR only: voided records too, with status entered-in-error",
        )

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        if options["include_voided"] and options["format"] != "fhir":
            # A CSV row has no way to say it was voided: it would read as a real dose.
            raise CommandError(
                _("--include-voided is for --format fhir: the CSV format has no voided records")
            )
        # A copy of the record leaves medtrack: audited, from the command line.
        audit.record(
            audit.Action.EXPORTED, patient=patient, detail=f"export_doses {options['format']}"
        )
        if options["format"] == "fhir":
            write_bundle(
                patient, self.stdout, now=timezone.now(), include_voided=options["include_voided"]
            )
            return
        write_log(patient, self.stdout)
