"""Read the stored facts into the plain data the rules take (STYLE rule 1).

Each function reads the log as it stands now (corrections applied, voided records
left out), or given `known_at`, as it stood then: only records entered before it,
with the voids and corrections made since undone (`--as-recorded`, DESIGN §8).
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, Subquery

from ..models import AvoidZone, Dose, DoseRevision, Patient, SiteCheck, SiteReaction
from ..rules.geometry import REGION_SIDES, Site
from ..rules.schedule import INJECTIONS
from ..rules.sites import AvoidZone as Zone
from ..rules.sites import PastInjection


def live_doses(
    patient: Patient | None = None, *, at: datetime | None = None, extras: bool = False
):
    """The slot outcomes (taken doses and skips) entered before `at` and not voided by
    then (the patient's, if named); every one not voided when `at` is None: the log as
    it stands now. With `extras`, the extra doses beside them too (DESIGN §5): they
    are injections, never a slot's outcome."""
    if at is None:
        doses = Dose.objects.filter(voided_at__isnull=True)
    else:
        doses = Dose.objects.filter(entered_at__lt=at).filter(
            Q(voided_at__isnull=True) | Q(voided_at__gte=at)
        )
    if not extras:
        doses = doses.exclude(status=Dose.Status.EXTRA)
    return doses if patient is None else doses.filter(patient=patient)


def known_by(known_at: datetime | None, *, made: str, undone: str) -> Q:
    """Records made before `known_at` and not undone by then; with None, every record
    not undone (the log as it stands now)."""
    if known_at is None:
        return Q(**{f"{undone}__isnull": True})
    return Q(**{f"{made}__lt": known_at}) & (
        Q(**{f"{undone}__isnull": True}) | Q(**{f"{undone}__gte": known_at})
    )


def as_they_stood(doses, *, known_at: datetime) -> dict[int, dict]:
    """For the records among `doses` (ids) corrected at or after `known_at`, their
    facts as they stood then: the snapshot of their last revision before it."""
    later = DoseRevision.objects.filter(
        dose__in=doses, action=DoseRevision.Action.CORRECTED, changed_at__gte=known_at
    ).values("dose")
    snapshots = {}
    for dose_id, data in (
        DoseRevision.objects.filter(dose__in=later, changed_at__lt=known_at)
        .order_by("dose", "version", "pk")
        .values_list("dose", "data")
    ):
        snapshots[dose_id] = data  # the last one before `known_at` wins
    return snapshots


def _instant(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True)
class LoggedInjection(PastInjection):
    """A past injection as stored, with what the check-in asks about it."""

    severe_reaction: bool = False  # an unhealed reaction there was marked severe
    reaction_since: datetime | None = None  # when its oldest unhealed reaction was noted


def past_injections(
    patient: Patient,
    *,
    at: datetime,
    known_at: datetime | None = None,
    since: datetime | None = None,
) -> list[LoggedInjection]:
    """Every injection of every medication given before `at` (DESIGN §4), oldest first,
    as the log stands now or as it stood at `known_at`. A dose logged now is checked
    against the log as it stands now: it may have been given before records entered
    since. One query, however long the history (three as it stood).

    With `since` (and the log as it stands now), only what the site rules can see
    from `at`: the injections since then, the latest one before it on each
    region-side (the previous injection, and when each region-side was last used)
    and every one whose reaction is still healing, so that ten years of history
    cost what a month does."""
    unhealed = SiteReaction.objects.filter(
        known_by(known_at, made="recorded_at", undone="resolved_at"), dose=OuterRef("pk")
    )
    checked = SiteCheck.objects.filter(dose=OuterRef("pk"))
    if known_at is not None:
        checked = checked.filter(recorded_at__lt=known_at)
    first_noted = unhealed.order_by("recorded_at").values("recorded_at")[:1]
    # Extra doses too: rotation counts every injection (DESIGN §5).
    doses = live_doses(patient, at=known_at, extras=True).filter(status__in=INJECTIONS)
    if known_at is None:  # else a correction made since may have moved its time
        doses = doses.filter(taken_at__lt=at)
    columns = ("pk", "status", "region", "side", "x_mm", "y_mm", "taken_at",
               "unhealed", "checked", "severe", "since")  # fmt: skip

    def rows_of(doses):
        return doses.annotate(
            unhealed=Exists(unhealed),
            checked=Exists(checked),
            severe=Exists(unhealed.filter(severity=SiteReaction.Severity.SEVERE)),
            since=Subquery(first_noted),
        ).values_list(*columns)

    if since is None or known_at is not None:
        rows = rows_of(doses).order_by("taken_at", "pk")
    else:
        recent = Q(pk__in=doses.filter(taken_at__gte=since).values("pk"))
        rows = rows_of(Dose.objects.filter(recent | _seen_before(doses, since=since)))
        rows = rows.order_by("taken_at", "pk")
    rows = list(rows)
    stood = {} if known_at is None else as_they_stood([row[0] for row in rows], known_at=known_at)
    found = []
    for pk, _status, region, side, x, y, taken_at, unhealed, looked, severe, noted in rows:
        if pk in stood:
            data = stood[pk]
            region, side, x, y = data["region"], data["side"], data["x_mm"], data["y_mm"]
            taken_at = _instant(data["taken_at"])
        if taken_at < at:
            found.append(
                LoggedInjection(Site(region, side, x, y), taken_at, unhealed, dose_id=pk,
                                site_checked=looked, severe_reaction=severe, reaction_since=noted)
            )  # fmt: skip
    if stood:
        found.sort(key=lambda injection: (injection.at, injection.dose_id))
    return found


def _seen_before(doses, *, since: datetime) -> Q:
    """The injections among `doses` before `since` that the site rules still see
    (past_injections): the latest on each region-side, each found through an index
    (dose_patient_site) from its end, and those whose reaction is still healing."""
    before = doses.filter(taken_at__lt=since).order_by("-taken_at", "-pk").values("pk")
    healing = SiteReaction.objects.filter(resolved_at__isnull=True).values("dose")
    latest = [Subquery(before.filter(region=r, side=side)[:1]) for r, side in REGION_SIDES]
    return Q(pk__in=latest) | Q(pk__in=before.filter(pk__in=healing))


def active_avoid_zones(
    patient: Patient, *, at: datetime, tz: ZoneInfo, known_at: datetime | None = None
) -> list[Zone]:
    """The zones in force on `at`'s day in `tz`, as marked and removed now, or by
    `known_at`."""
    today = at.astimezone(tz).date()
    zones = AvoidZone.objects.filter(
        known_by(known_at, made="created_at", undone="removed_at"), patient=patient
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    return [Zone(zone.site, zone.radius_mm, zone.kind) for zone in zones]
