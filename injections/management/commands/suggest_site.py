from django.utils.translation import gettext as _

from ...reading.sites import site_context
from ...rules.geometry import format_cm
from ...text.places import place
from ..arguments import add_patient_arguments, patient_named, to_json, when
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = "Print the suggested injection sites (DESIGN §4)."

    def add_arguments(self, parser):
        add_patient_arguments(parser, who_injects=True)

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        suggestions = site_context(patient, **when(options)).suggestions(options["by"])
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
            self.stdout.write(_("No site passes every rule: ask your nurse or doctor."))
        for s in suggestions:
            self.stdout.write(
                _("%(place)s at x %(x)s cm, y %(y)s cm (%(reason)s)")
                % {
                    "place": place(s.site),
                    "x": format_cm(s.site.x_mm),
                    "y": format_cm(s.site.y_mm),
                    "reason": s.reason,
                }
            )
