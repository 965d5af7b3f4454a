"""What the medtrack commands share: naming a patient, reading instants, printing JSON."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Patient
from ..rules.geometry import Administrator


def add_patient_arguments(parser, *, who_injects: bool = False) -> None:
    """--patient, --at and --json, shared by the commands that ask about one patient;
    --by too when the answer depends on who injects."""
    parser.add_argument("--patient", required=True, metavar="USER")
    if who_injects:
        parser.add_argument(
            "--by", default="self", choices=[a.value for a in Administrator], help="who injects"
        )
    parser.add_argument(
        "--at",
        help="ISO 8601 instant (default: now): what the rules say then about the log as "
        "it stands now (injections given before it count)",
    )
    parser.add_argument(
        "--as-recorded",
        action="store_true",
        help="replay the log as it stood at --at: only records entered before it, "
        "voids and corrections made since undone",
    )
    parser.add_argument("--json", action="store_true")


def patient_named(username: str) -> Patient:
    try:
        return Patient.objects.select_related("user").get(user__username=username)
    except Patient.DoesNotExist:
        raise CommandError(
            _("no patient with the username “%(name)s”") % {"name": username}
        ) from None


def instant(text: str | None) -> datetime:
    """`--at`: ISO 8601; without an offset it is read in the server's TIME_ZONE."""
    if text is None:
        return timezone.now()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not an ISO 8601 time such as 2026-11-21T08:00:00+00:00")
            % {"value": text}
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    return value


def when(options) -> dict:
    """--at and --as-recorded as the reading functions take them: the log as it stands
    now, or as it stood at --at."""
    at = instant(options["at"])
    return {"at": at, "known_at": at if options["as_recorded"] else None}


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("“%(value)s” is not a date: use YYYY-MM-DD") % {"value": text}
        ) from None


def to_json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)
