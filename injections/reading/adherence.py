"""Adherence of patients over a period of local dates (DESIGN §6)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q

from ..models import Dose, Patient, Regimen
from ..rules.adherence import Adherence, Outcome, adherence, slot_outcomes
from .regimens import zone_of

# The clinic review's sparkline: about three months, as the "Is it working?" chart.
RECENT_WEEKS = 12

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


def recorded_outcomes(
    regimens: list[Regimen], *, at: datetime, start: date, end: date
) -> dict[int, dict[date, Outcome]]:
    """What was recorded before `at` for the regimens' slots from `start` to `end`, by
    regimen id, in one query. Extra doses are no slot's outcome (rules.adherence)."""
    found: dict[int, dict[date, Outcome]] = {regimen.pk: {} for regimen in regimens}
    rows = (
        Dose.objects.filter(regimen__in=regimens, entered_at__lt=at, slot_date__range=(start, end))
        .filter(Q(voided_at__isnull=True) | Q(voided_at__gte=at))
        .values_list("regimen_id", "slot_date", "status", "taken_at")
    )
    records = defaultdict(list)
    for regimen_id, slot_date, status, taken_at in rows:
        records[regimen_id].append((slot_date, Outcome(status, taken_at)))
    for regimen_id, recorded in records.items():
        found[regimen_id] = slot_outcomes(recorded)
    return found


def regimen_adherence(
    regimen: Regimen,
    *,
    start: date,
    end: date,
    at: datetime,
    outcomes: dict[date, Outcome],
    slots: list | None = None,
) -> Adherence:
    """The one adherence computation (DESIGN §6): the regimen's slots in [start, end],
    counted by rules.adherence against what was recorded. The `adherence` command,
    the clinic review and its CSV all come here. `slots`, the regimen's slots of a
    longer period already made, spares making those of [start, end] again."""
    if slots is None:
        slots = regimen.schedule().slots(start, end)
    else:
        slots = [slot for slot in slots if start <= slot.date <= end]
    return adherence(slots, at=at, outcomes=outcomes)


def adherence_rows(
    patients: Iterable[Patient], *, start: date, end: date, at: datetime
) -> list[AdherenceRow]:
    """One row per patient and regimen that overlaps [start, end]."""
    regimens = list(
        Regimen.objects.filter(patient__in=patients, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("patient__user", "medication")
        .prefetch_related("schedule_versions", "pauses")
        .order_by("patient__user__username", "medication__short_name", "pk")
    )
    outcomes = recorded_outcomes(regimens, at=at, start=start, end=end)
    return [
        AdherenceRow(
            patient=regimen.patient.user.get_username(),
            medication=regimen.medication.short_name,
            counts=regimen_adherence(
                regimen, start=start, end=end, at=at, outcomes=outcomes[regimen.pk]
            ),
        )
        for regimen in regimens
    ]


@dataclass(frozen=True)
class WeekCounts:
    """A patient's seven days from `first` to `last`, every regimen added up."""

    first: date
    last: date
    counts: Adherence


def recent_weeks(
    patients: Iterable[Patient], *, at: datetime, weeks: int = RECENT_WEEKS
) -> dict[int, list[WeekCounts]]:
    """Each patient's last `weeks` weeks up to `at`, oldest first, by patient id: weeks
    of seven days that end on the patient's today (in the zone their days are counted
    in), so the latest is a whole week, not the few days since a Monday
    (docs/decisions.md, "The review's last 12 weeks"). Counted by the one adherence
    computation, in four queries however many patients."""
    patients = list(patients)
    regimens = list(
        Regimen.objects.filter(patient__in=patients)
        .prefetch_related("schedule_versions", "pauses")
        .order_by("start_date", "pk")
    )
    by_patient: dict[int, list[Regimen]] = defaultdict(list)
    for regimen in regimens:
        by_patient[regimen.patient_id].append(regimen)
    todays = {
        patient.pk: at.astimezone(zone_of(by_patient[patient.pk])).date() for patient in patients
    }
    if not todays:
        return {}
    span = timedelta(weeks=weeks) - timedelta(days=1)
    outcomes = recorded_outcomes(
        regimens, at=at, start=min(todays.values()) - span, end=max(todays.values())
    )
    found = {}
    for patient in patients:
        today = todays[patient.pk]
        found[patient.pk] = []
        # Each regimen's slots of the whole span, made once for its weeks.
        slots = {r.pk: r.schedule().slots(today - span, today) for r in by_patient[patient.pk]}
        for back in range(weeks - 1, -1, -1):
            last = today - timedelta(weeks=back)
            first = last - timedelta(days=6)
            counts = sum(
                (regimen_adherence(regimen, start=first, end=last, at=at,
                                   outcomes=outcomes[regimen.pk], slots=slots[regimen.pk])
                 for regimen in by_patient[patient.pk]),
                Adherence(),
            )  # fmt: skip
            found[patient.pk].append(WeekCounts(first, last, counts))
    return found
