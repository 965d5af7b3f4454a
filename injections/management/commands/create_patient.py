from datetime import time
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ...models.regimens import format_mg
from ...services.errors import ServiceError
from ...services.patients import create_patient
from ..arguments import day, to_json
from ..base import MedtrackCommand


def time_of_day(text: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a time of day: use HH:MM, like 08:00") % {"value": text}
        ) from None


def milligrams(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CommandError(
            _("“%(value)s” is not a dose in mg, like 100") % {"value": text}
        ) from None


class Command(MedtrackCommand):
    help = "Create a patient with one regimen (DESIGN §8)."

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USER")
        parser.add_argument("--password", help="without it the account cannot sign in yet")
        parser.add_argument("--email", default="")
        parser.add_argument("--medication", default="anakinra")
        parser.add_argument("--dose-mg", type=milligrams, default=None)
        parser.add_argument("--rrule", default="FREQ=DAILY")
        parser.add_argument("--time", type=time_of_day, default=time(8, 0))
        parser.add_argument("--tz", default=None, help="IANA zone (default: TIME_ZONE)")
        parser.add_argument("--start", type=day, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        tz = options["tz"] or settings.TIME_ZONE
        try:
            patient = create_patient(
                username=options["username"],
                password=options["password"],
                email=options["email"],
                medication=options["medication"],
                dose_mg=options["dose_mg"],
                rrule=options["rrule"],
                time_of_day=options["time"],
                time_zone=tz,
                start_date=options["start"] or timezone.localdate(),
            )
        except ServiceError as error:
            raise CommandError(str(error)) from None
        regimen = patient.regimens.get()
        version = regimen.current_version()
        summary = {
            "patient": patient.user.username,
            "medication": regimen.medication.short_name,
            "dose_mg": format_mg(regimen.dose_mg),
            "rrule": version.rrule,
            "time": version.time_of_day.strftime("%H:%M"),
            "tz": version.time_zone,
            "start": regimen.start_date.isoformat(),
        }
        if options["json"]:
            self.stdout.write(to_json(summary))
        else:
            self.stdout.write(
                _(
                    "Created %(patient)s: %(medication)s %(dose_mg)s mg, %(rrule)s at %(time)s "
                    "%(tz)s, from %(start)s"
                )
                % summary
            )
