"""Adherence of patients over a period of local dates (DESIGN §6)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from ..models import Patient, Regimen
from ..rules.adherence import Adherence, adherence
from .facts import outcomes

FIELDS = [
    "patient",
    "medication",
    "scheduled",
    "taken",
    "on_time",
    "skipped",
    "missed",
    "adherence_pct",
    "on_time_pct",
]


@dataclass(frozen=True)
class AdherenceRow:
    patient: str
    medication: str
    counts: Adherence

    def as_dict(self) -> dict:
        c = self.counts
        pct = lambda value: None if value is None else float(value)  # noqa: E731
        return {
            "patient": self.patient,
            "medication": self.medication,
            "scheduled": c.scheduled,
            "taken": c.taken,
            "on_time": c.on_time,
            "skipped": c.skipped,
            "missed": c.missed,
            "adherence_pct": pct(c.adherence_pct),
            "on_time_pct": pct(c.on_time_pct),
        }


def regimen_adherence(regimen: Regimen, *, start: date, end: date, at: datetime) -> Adherence:
    slots = regimen.schedule().slots(start, end)
    return adherence(slots, at=at, outcomes=outcomes(regimen, at=at, start=start, end=end))


def adherence_rows(
    patients: Iterable[Patient], *, start: date, end: date, at: datetime
) -> list[AdherenceRow]:
    """One row per patient and regimen that overlaps [start, end]."""
    regimens = (
        Regimen.objects.filter(patient__in=patients, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("patient__user", "medication")
        .prefetch_related("schedule_versions", "pauses")
        .order_by("patient__user__username", "medication__short_name", "pk")
    )
    return [
        AdherenceRow(
            patient=regimen.patient.user.get_username(),
            medication=regimen.medication.short_name,
            counts=regimen_adherence(regimen, start=start, end=end, at=at),
        )
        for regimen in regimens
    ]
