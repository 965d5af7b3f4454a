"""The skin around the sites: how a site looks after a dose, reactions healing,
and the areas a patient keeps away from (DESIGN §4 `avoid_zone`,
`unresolved_reaction`)."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import AvoidZone, Dose, Patient, SiteCheck, SiteReaction
from ..reading.regimens import patient_zone
from ..rules.geometry import Site, is_inside
from ..rules.schedule import INJECTIONS
from ..rules.sites import MIN_AVOID_RADIUS_MM
from . import audit
from .errors import ServiceError, refuse_unless_sensible


@transaction.atomic
def record_site_check(
    *,
    dose: Dose,
    kinds: list[str],
    recorded_by: AbstractBaseUser,
    severity: str = SiteReaction.Severity.MILD,
    now: datetime | None = None,
) -> SiteCheck:
    """Answer "how does the site look?": no kinds means it looks fine; each kind
    (redness, swelling, ...) becomes a reaction that keeps the area out of use until
    it is marked healed."""
    now = now or timezone.now()
    if dose.status not in INJECTIONS or dose.is_voided:  # an extra dose is a needle too
        raise ServiceError(_("only the site of a dose that was given can be checked"))
    if severity not in SiteReaction.Severity.values:
        raise ServiceError(_("say how bad it is: mild, moderate or severe"))
    unknown = set(kinds) - set(SiteReaction.Kind.values)
    if unknown:
        raise ServiceError(_("unknown reaction: %(kinds)s") % {"kinds": ", ".join(sorted(unknown))})
    try:
        with transaction.atomic():
            check = SiteCheck.objects.create(
                dose=dose, fine=not kinds, recorded_at=now, recorded_by=recorded_by
            )
    except IntegrityError:
        raise ServiceError(_("this site's look is already recorded")) from None
    SiteReaction.objects.bulk_create(
        SiteReaction(
            dose=dose, kind=kind, severity=severity, recorded_at=now, recorded_by=recorded_by
        )  # fmt: skip
        for kind in dict.fromkeys(kinds)
    )
    audit.record(audit.Action.CREATED, actor=recorded_by, patient=dose.patient, obj=check, at=now)
    return check


@transaction.atomic
def mark_healed(*, dose: Dose, resolved_by: AbstractBaseUser, now: datetime | None = None) -> int:
    """Mark every unhealed reaction at a dose's site healed; returns how many."""
    healed = SiteReaction.objects.filter(dose=dose, resolved_at__isnull=True).update(
        resolved_at=now or timezone.now(), resolved_by=resolved_by
    )
    if healed:
        audit.record(audit.Action.CORRECTED, actor=resolved_by, patient=dose.patient, obj=dose,
                     detail="site_healed")  # fmt: skip
    return healed


@transaction.atomic
def add_avoid_zone(
    *,
    patient: Patient,
    centre: Site,
    radius_mm: int,
    kind: str,
    created_by: AbstractBaseUser,
    ends_on: date | None = None,
    now: datetime | None = None,
) -> AvoidZone:
    now = now or timezone.now()
    if radius_mm < MIN_AVOID_RADIUS_MM:
        raise ServiceError(_("an area to avoid is at least 0.5 cm across from its centre"))
    if not is_inside(centre):
        raise ServiceError(_("put the centre of the area inside the region"))
    if kind not in AvoidZone.Kind.values:
        raise ServiceError(_("choose what the area is: vein, scar, tattoo, bruise or other"))
    # The patient's today, in their regimen's zone (DESIGN §5), not the server's.
    today = timezone.localdate(now, patient_zone(patient))
    if ends_on is not None and ends_on < today:
        raise ServiceError(_("the end date has passed: leave it empty or pick a later day"))
    if ends_on is not None:
        refuse_unless_sensible(ends_on, today=today)
    zone = AvoidZone.objects.create(
        patient=patient,
        region=centre.region,
        side=centre.side,
        x_mm=centre.x_mm,
        y_mm=centre.y_mm,
        radius_mm=radius_mm,
        kind=kind,
        ends_on=ends_on,
        created_by=created_by,
        created_at=now,
    )
    audit.record(audit.Action.CREATED, actor=created_by, patient=patient, obj=zone, at=now)
    return zone


@transaction.atomic
def remove_avoid_zone(*, zone: AvoidZone, now: datetime | None = None) -> AvoidZone:
    """Stop avoiding an area; the zone is kept, marked removed, so that past checks
    can still be explained."""
    if zone.removed_at is None:
        zone.removed_at = now or timezone.now()
        zone.save(update_fields=["removed_at"])
        audit.record(audit.Action.VOIDED, patient=zone.patient, obj=zone, detail="removed",
                     at=zone.removed_at)  # fmt: skip
    return zone
