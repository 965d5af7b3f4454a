"""`manage.py export_doses --patient USER [--format csv|fhir]`: the patient's dose
log on standard output (DESIGN §7, §8). The work is done by csvlog.write_log."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...exports.csvlog import write_log
from ..arguments import patient_named


class Command(BaseCommand):
    help = "Write a patient's dose log (every record not voided) to standard output."

    def add_arguments(self, parser):
        parser.add_argument("--patient", required=True, metavar="USER")
        parser.add_argument("--format", choices=["csv", "fhir"], default="csv")

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        if options["format"] == "fhir":
            raise CommandError(_("the FHIR export is not available yet; use --format csv"))
        write_log(patient, self.stdout)
