from django.core.management.base import BaseCommand

from ...rules.geometry import Administrator, format_cm
from ...sites import site_suggestions
from ..arguments import instant, patient_named, to_json


class Command(BaseCommand):
    help = "Print the suggested injection sites (DESIGN §4)."

    def add_arguments(self, parser):
        parser.add_argument("--patient", required=True, metavar="USER")
        parser.add_argument(
            "--by", default="self", choices=[a.value for a in Administrator], help="who injects"
        )
        parser.add_argument("--at", help="ISO 8601 instant (default: now)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        suggestions = site_suggestions(
            patient, at=instant(options["at"]), administered_by=options["by"]
        )
        if options["json"]:
            self.stdout.write(
                to_json(
                    [
                        {
                            "region": s.site.region,
                            "side": s.site.side,
                            "x_cm": s.site.x_mm / 10,
                            "y_cm": s.site.y_mm / 10,
                            "reason": s.reason,
                        }
                        for s in suggestions
                    ]
                )
            )
            return
        if not suggestions:
            self.stdout.write("No site passes every rule: ask your nurse or doctor.")
        for s in suggestions:
            self.stdout.write(
                f"{s.site.label} at x {format_cm(s.site.x_mm)} cm, "
                f"y {format_cm(s.site.y_mm)} cm ({s.reason})"
            )
