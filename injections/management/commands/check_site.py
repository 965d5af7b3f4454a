import math

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ...reading.sites import site_violations
from ...rules.geometry import Site, parse_cm
from ..arguments import add_patient_arguments, instant, patient_named, to_json


class Command(BaseCommand):
    help = "Print the site rules (DESIGN §4) that an injection at a point would break."

    def add_arguments(self, parser):
        add_patient_arguments(parser, who_injects=True)
        parser.add_argument("--region", required=True)
        parser.add_argument("--side", default="")
        parser.add_argument("--x", required=True, help="cm from the region's left edge")
        parser.add_argument("--y", required=True, help="cm from the region's top edge")

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        try:
            site = Site(
                options["region"], options["side"], parse_cm(options["x"]), parse_cm(options["y"])
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        violations = site_violations(
            patient, site, at=instant(options["at"]), administered_by=options["by"]
        )
        if options["json"]:
            self.stdout.write(
                to_json(
                    [
                        {
                            "code": str(v.code),
                            "message": v.message,
                            # Rounded down, as in the message: a refused distance
                            # never reads as the limit itself.
                            "distance_cm": None
                            if v.distance_mm is None
                            else math.floor(v.distance_mm) / 10,
                            "closest_at": v.closest.at.isoformat() if v.closest else None,
                        }
                        for v in violations
                    ]
                )
            )
        elif violations:
            for violation in violations:
                self.stdout.write(f"{violation.code}: {violation.message}")
        else:
            self.stdout.write(_("%(site)s: fine, no rule broken") % {"site": site.describe()})
