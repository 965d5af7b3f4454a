"""A patient's regimens, and the time zone their days are counted in."""

from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, Subquery

from ..models import Patient, Regimen, ScheduleVersion


def active_regimens(patient: Patient, *, on: date | None = None):
    regimens = patient.regimens.select_related("medication").prefetch_related(
        "schedule_versions", "pauses"
    )
    if on is not None:
        regimens = regimens.filter(start_date__lte=on).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )
    return regimens.order_by("start_date", "pk")


def zone_of(regimens: list[Regimen]) -> ZoneInfo:
    """The zone a patient's days are counted in: that of their first regimen's current
    schedule, else the server's TIME_ZONE."""
    if not regimens:
        return ZoneInfo(settings.TIME_ZONE)
    return ZoneInfo(regimens[0].current_version().time_zone)


def patient_zone(patient: Patient) -> ZoneInfo:
    """`zone_of` the patient's regimens, in one query: the current version of a
    schedule is always the one entered last (`Regimen.effective_versions`)."""
    first = Regimen.objects.filter(patient=patient).order_by("start_date", "pk").values("pk")[:1]
    name = (
        ScheduleVersion.objects.filter(regimen=Subquery(first))
        .order_by("-created_at", "-pk")
        .values_list("time_zone", flat=True)
        .first()
    )
    return ZoneInfo(name or settings.TIME_ZONE)
