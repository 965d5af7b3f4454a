import csv

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ...models import Patient
from ...reading.adherence import FIELDS, adherence_rows
from ..arguments import day, instant, patient_named, to_json
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = "Adherence per patient and regimen over local dates FROM to TO, inclusive (DESIGN §6)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, metavar="DATE")
        parser.add_argument("--to", dest="end", required=True, metavar="DATE")
        parser.add_argument("--patient", metavar="USER", help="one patient (default: all)")
        parser.add_argument("--at", help="ISO 8601 instant the figures are as of (default: now)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--json", action="store_true", help="same as --format json")

    def handle(self, *args, **options):
        start, end = day(options["start"]), day(options["end"])
        if end < start:
            raise CommandError(_("--to is before --from"))
        if options["patient"]:
            patients = [patient_named(options["patient"])]
        else:
            patients = Patient.objects.all()
        rows = [
            row.as_dict()
            for row in adherence_rows(patients, start=start, end=end, at=instant(options["at"]))
        ]
        if options["json"] or options["format"] == "json":
            self.stdout.write(to_json(rows))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
