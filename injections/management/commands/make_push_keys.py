from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from ...services.push import make_vapid_keys
from ..arguments import to_json
from ..base import MedtrackCommand


class Command(MedtrackCommand):
    help = (
        "Print a new VAPID key pair for Web Push, as the environment lines "
        "VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--subject",
            default=settings.VAPID_SUBJECT,
            help="who runs this server, for push services to contact: a mailto: or "
            "https: address (default: the current VAPID_SUBJECT)",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        subject = options["subject"].strip()
        if not subject.startswith(("mailto:", "https://")):
            raise CommandError(_("--subject must be a mailto: or https:// address"))
        keys = make_vapid_keys()
        variables = {
            "VAPID_PUBLIC_KEY": keys.public_key,
            "VAPID_PRIVATE_KEY": keys.private_key,
            "VAPID_SUBJECT": subject,
        }
        if options["json"]:
            self.stdout.write(to_json(variables))
            return
        for name, value in variables.items():
            self.stdout.write(f"{name}={value}")
