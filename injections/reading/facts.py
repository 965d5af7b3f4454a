"""Read the stored facts into the plain data the rules take (STYLE rule 1).

Each function answers "as known at `at`": only records entered before `at` count,
so `--at` on the command line replays what the app would have said then.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, Subquery

from ..models import AvoidZone, Dose, Patient, SiteCheck, SiteReaction
from ..rules.geometry import Site
from ..rules.sites import AvoidZone as Zone
from ..rules.sites import PastInjection


def live_doses(patient: Patient, *, at: datetime):
    """The patient's records entered before `at` and not voided by then."""
    return Dose.objects.filter(patient=patient, entered_at__lt=at).filter(
        Q(voided_at__isnull=True) | Q(voided_at__gte=at)
    )


@dataclass(frozen=True)
class LoggedInjection(PastInjection):
    """A past injection as stored, with what the check-in asks about it."""

    severe_reaction: bool = False  # an unhealed reaction there was marked severe
    reaction_since: datetime | None = None  # when its oldest unhealed reaction was noted


def past_injections(
    patient: Patient, *, at: datetime, known_at: datetime | None = None
) -> list[LoggedInjection]:
    """Every injection of every medication given before `at` (DESIGN §4), oldest first,
    as the log stood at `known_at` (default `at`). A dose logged now is checked
    against the log as it stands now: it may have been given before records entered
    since. One query, however long the history."""
    known_at = known_at or at
    unhealed = SiteReaction.objects.filter(dose=OuterRef("pk"), recorded_at__lt=known_at).filter(
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=known_at)
    )
    checked = SiteCheck.objects.filter(dose=OuterRef("pk"), recorded_at__lt=known_at)
    first_noted = unhealed.order_by("recorded_at").values("recorded_at")[:1]
    rows = (
        live_doses(patient, at=known_at)
        .filter(status=Dose.Status.TAKEN, taken_at__lt=at)
        .annotate(
            unhealed=Exists(unhealed),
            checked=Exists(checked),
            severe=Exists(unhealed.filter(severity=SiteReaction.Severity.SEVERE)),
            since=Subquery(first_noted),
        )
        .order_by("taken_at", "pk")
        .values_list(
            "pk",
            "region",
            "side",
            "x_mm",
            "y_mm",
            "taken_at",
            "unhealed",
            "checked",
            "severe",
            "since",
        )  # fmt: skip
    )
    return [
        LoggedInjection(Site(region, side, x, y), taken_at, unhealed, dose_id=pk,
                        site_checked=seen, severe_reaction=severe, reaction_since=since)
        for pk, region, side, x, y, taken_at, unhealed, seen, severe, since in rows
    ]  # fmt: skip


def active_avoid_zones(
    patient: Patient, *, at: datetime, tz: ZoneInfo, known_at: datetime | None = None
) -> list[Zone]:
    """The zones in force on `at`'s day in `tz`, as marked and removed by `known_at`
    (default `at`)."""
    known_at = known_at or at
    today = at.astimezone(tz).date()
    zones = (
        AvoidZone.objects.filter(patient=patient, created_at__lt=known_at)
        .filter(Q(removed_at__isnull=True) | Q(removed_at__gte=known_at))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    return [Zone(zone.site, zone.radius_mm, zone.kind) for zone in zones]
