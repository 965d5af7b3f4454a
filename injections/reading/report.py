"""What the visit report tells of a period (issue 12, item 1): the doses and how
they were taken, where they went, what the skin and the body said, the other
medicines and blood tests, what the rules flagged, and what the clinic changed.

Every read is of the log as it stands at `at` (corrections applied, voided
records left out), bounded by the period's local days in the patient's zone. The
number of queries does not grow with the length of the period.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.db.models import Q

from ..models import (
    Dose,
    LabResult,
    Patient,
    Regimen,
    ScheduleVersion,
    SideEffect,
    SiteReaction,
    TreatmentPause,
    Visit,
)
from ..rules.adherence import Adherence, Outcome
from ..rules.schedule import Slot
from .adherence import recorded_outcomes, regimen_adherence
from .facts import past_injections
from .health import CheckedMedicine, checked_medicines
from .scores import WeekProgress, progress_between


@dataclass(frozen=True)
class RegimenDays:
    """A regimen's slots in the period with what was recorded for each."""

    regimen: Regimen
    counts: Adherence
    slots: list[Slot]
    outcomes: dict[date, Outcome]


@dataclass(frozen=True)
class Reaction:
    reaction: SiteReaction
    healed_after: timedelta | None  # None: not healed yet


@dataclass(frozen=True)
class VisitReport:
    patient: Patient
    first: date
    last: date
    at: datetime
    tz: tzinfo
    last_visit: Visit | None
    regimens: list[RegimenDays]
    injections: list  # rules.sites.PastInjection, the period's, oldest first
    unhealed: list  # the injections whose reaction has not healed, whenever given
    reactions: list[Reaction]
    side_effects: list[SideEffect]
    medicines: list[CheckedMedicine]
    lab_results: list[LabResult]
    flagged: list[Dose]
    schedule_changes: list[ScheduleVersion]
    pauses: list[TreatmentPause]
    weeks: list[WeekProgress]

    @property
    def counts(self) -> Adherence:
        """Every regimen's counts together, as the clinic's review adds them."""
        return sum((item.counts for item in self.regimens), Adherence())

    @property
    def scored(self) -> bool:
        return any(row.scores.days for row in self.weeks)


def last_visit(patient: Patient, *, before: date | None = None) -> Visit | None:
    """The patient's latest visit not withdrawn, on or before `before` if given."""
    visits = Visit.objects.filter(patient=patient, withdrawn_at__isnull=True)
    if before is not None:
        visits = visits.filter(day__lte=before)
    return visits.select_related("clinic", "recorded_by").order_by("-day", "-pk").first()


def _instant(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz)


def visit_report(
    patient: Patient,
    *,
    first: date,
    last: date,
    at: datetime,
    tz: tzinfo,
    regimens: list[Regimen],
    visit: Visit | None,
) -> VisitReport:
    """The report of local days `first` to `last` (rules.report checked them).
    `regimens`: the patient's (`reading.regimens.active_regimens`); `visit`: their
    last visit on or before `last` (`last_visit`), which the caller has read to
    choose the period."""
    begins, ends = _instant(first, tz), min(_instant(last + timedelta(days=1), tz), at)
    in_period = [
        r for r in regimens if r.start_date <= last and (r.end_date is None or r.end_date >= first)
    ]
    outcomes = recorded_outcomes(in_period, at=at, start=first, end=last)
    days = []
    for regimen in in_period:
        slots = regimen.schedule().slots(first, last)
        found = outcomes[regimen.pk]
        counts = regimen_adherence(regimen, start=first, end=last, at=at, outcomes=found)
        days.append(RegimenDays(regimen, counts, slots, found))
    given = past_injections(patient, at=at)
    reactions = (
        SiteReaction.objects.filter(dose__patient=patient, dose__voided_at__isnull=True)
        .filter(recorded_at__lt=ends)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=begins))
        .select_related("dose")
        .order_by("recorded_at", "pk")
    )
    return VisitReport(
        patient=patient,
        first=first,
        last=last,
        at=at,
        tz=tz,
        last_visit=visit,
        regimens=days,
        injections=[item for item in given if begins <= item.at < ends],
        unhealed=[item for item in given if item.reaction_unresolved],
        reactions=[
            Reaction(r, None if r.resolved_at is None else r.resolved_at - r.recorded_at)
            for r in reactions
        ],
        # The side effects felt during the period, however late they were written down:
        # begun in it, or before it and still open then (not yet seen by the clinic).
        side_effects=list(
            patient.side_effects.filter(
                Q(started_on__range=(first, last))
                | Q(started_on__lt=first, acknowledged_at__isnull=True)
                | Q(started_on__lt=first, acknowledged_at__gte=begins)
            )
            .select_related("acknowledged_by", "doctor_said_yes_by")
            .order_by("started_on", "pk")
        ),
        medicines=checked_medicines(patient, regimens=regimens),
        lab_results=list(
            LabResult.objects.filter(patient=patient, taken_on__range=(first, last)).order_by(
                "taken_on", "pk"
            )
        ),
        flagged=list(
            Dose.objects.filter(patient=patient, voided_at__isnull=True)
            .filter(slot_date__range=(first, last))
            .exclude(flags=[])
            .select_related("entered_by", "regimen__medication")
            .order_by("slot_date", "pk")
        ),
        # What the clinic changed: prescriptions set during the period or taking effect
        # in it, and pauses overlapping it.
        schedule_changes=list(
            ScheduleVersion.objects.filter(regimen__patient=patient)
            .filter(Q(created_at__range=(begins, ends)) | Q(valid_from__range=(first, last)))
            .select_related("regimen__medication", "created_by")
            .order_by("valid_from", "created_at", "pk")
        ),
        pauses=list(
            TreatmentPause.objects.filter(regimen__patient=patient, first_day__lte=last)
            .filter(Q(last_day__isnull=True) | Q(last_day__gte=first))
            .select_related("regimen__medication", "created_by")
            .order_by("first_day", "pk")
        ),
        weeks=progress_between(
            patient,
            first=first,
            last=last,
            at=at,
            today=at.astimezone(tz).date(),
            regimens=regimens,
        ),
    )
