import math

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ...reading.sites import site_context
from ...rules.geometry import Site, parse_cm
from ...rules.invalid import Invalid
from ...text.invalid import explain
from ...text.places import spot
from ..arguments import add_patient_arguments, patient_named, to_json, when
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = "Print the site rules (DESIGN §4) that an injection at a point would break."

    def add_arguments(self, parser):
        add_patient_arguments(parser, who_injects=True)
        parser.add_argument("--region", required=True)
        parser.add_argument("--side", default="")
        parser.add_argument(
            "--x",
            required=True,
            help="cm from the region's inner edge (abdomen: from the patient's left side)",
        )
        parser.add_argument("--y", required=True, help="cm down from the region's top edge")

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        try:
            site = Site(
                options["region"], options["side"], parse_cm(options["x"]), parse_cm(options["y"])
            )
        except Invalid as error:
            raise CommandError(explain(error)) from None
        context = site_context(patient, **when(options))
        problems = context.problems(site, options["by"])
        if options["json"]:
            self.stdout.write(
                to_json(
                    [
                        {
                            "code": str(p.code),
                            "message": p.message,
                            # Rounded down, as in the message: a refused distance
                            # never reads as the limit itself.
                            "distance_cm": None
                            if p.violation.distance_mm is None
                            else math.floor(p.violation.distance_mm) / 10,
                            "closest_at": p.violation.closest.at.isoformat()
                            if p.violation.closest
                            else None,
                        }
                        for p in problems
                    ]
                )
            )
        elif problems:
            for problem in problems:
                self.stdout.write(f"{problem.code}: {problem.message}")
        else:
            self.stdout.write(_("%(site)s: fine, no rule broken") % {"site": spot(site)})
