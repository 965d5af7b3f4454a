from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ...models import Patient
from ...services.demo import (
    CAREGIVER,
    CLINICIAN,
    PATIENT,
    another_apps_log,
    demo_exists,
    seed_demo,
)
from ...services.errors import ServiceError
from ..arguments import to_json
from ..base import MedtrackCommand

DEFAULT_PASSWORD = "medtrack-demo"
SAMPLE_NAME = "demo-from-another-app.csv"


class Command(MedtrackCommand):
    help = "Create a demo clinic, patient, caregiver and clinician with a few weeks of history."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)
        parser.add_argument("--force", action="store_true", help="run even when DEBUG is off")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--sample",
            default=SAMPLE_NAME,
            metavar="FILE",
            help="where to write a CSV 'from another app' for the demo patient to import "
            "(default: demo-from-another-app.csv in the current folder)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "DEBUG is off, so this may be a real server: demo accounts with a known "
                    "password do not belong there. Use --force if you mean it."
                )
            )
        created = not demo_exists()
        if created:
            try:
                seed_demo(password=options["password"])
            except ServiceError as error:  # a weak --password: nothing is created
                raise CommandError(str(error)) from None
        # Written each time: its rows are the demo's days without a record, until imported.
        sample = Path(options["sample"])
        sample.write_text(
            another_apps_log(Patient.objects.get(user__username=PATIENT)), encoding="utf-8"
        )
        users = [PATIENT, CAREGIVER, CLINICIAN]
        if options["json"]:
            self.stdout.write(to_json({"created": created, "users": users, "sample": str(sample)}))
            return
        if created:
            self.stdout.write(self.style.SUCCESS(_("Demo data created.")))
            password = options["password"]
        else:
            self.stdout.write(_("The demo data is already there; nothing was changed."))
            password = _("the password chosen when it was created")
        self.stdout.write(
            _("Sign in at %(url)s/ as %(users)s with the password: %(password)s")
            % {"url": settings.SITE_URL, "users": ", ".join(users), "password": password}
        )
        self.stdout.write(
            _(
                "To try the import, sign in as %(patient)s, open History, choose “Bring in a "
                "record from another app” and upload %(sample)s."
            )
            % {"patient": PATIENT, "sample": sample}
        )
