"""The clinic's adherence review: one row per patient (DESIGN §6), read in a fixed
number of queries however many patients the clinic has.

Every figure comes from the same computation as the `adherence` command
(reading.adherence.regimen_adherence): slots from the regimen's schedule, outcomes
from the dose log, counted by rules.adherence.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Exists, Max, OuterRef, Q

from ..models import (
    Clinic,
    DoctorTopic,
    Dose,
    LabResult,
    Patient,
    Regimen,
    SideEffect,
    SiteReaction,
)
from ..rules.adherence import Adherence, Outcome, missed_in_a_row, slot_outcomes
from ..rules.flags import Kind, kinds_of
from ..rules.health import ALLERGY, URGENT_SIDE_EFFECTS
from ..text.health import allergy_flag, biologic_flag, low_count_flag, overdue_test_flag
from .adherence import regimen_adherence
from .health import CheckedMedicine, biologics_of, low_counts_of, next_tests_of
from .regimens import zone_of

PERIODS = (30, 90)


@dataclass
class PatientRow:
    patient: Patient
    tz: ZoneInfo | None = None  # the zone the patient's dates and times are shown in
    by_period: dict[int, Adherence] = field(default_factory=dict)
    missed_in_a_row: int = 0
    last_dose_at: datetime | None = None
    site_overrides: int = 0  # records that broke a site rule (DESIGN §4)
    outside_window: int = 0  # ... taken outside their window (DESIGN §5)
    too_soon: int = 0  # ... taken too soon after another dose (DESIGN §5)
    syringe_overrides: int = 0  # ... from an expired or too-warm syringe (DESIGN §2)
    extra_doses: int = 0  # second injections given by mistake (DESIGN §5)
    unhealed_reactions: int = 0
    urgent_side_effects: int = 0  # not yet acknowledged by staff
    allergy_signs: int = 0  # ... of them signs of allergy: the next dose waits for a doctor
    doctor_topics: int = 0  # ticked by the patient, still open
    # Not recommended with anakinra (DESIGN §2): TNF blockers and other biologics.
    biologics: list[CheckedMedicine] = field(default_factory=list)
    low_count: LabResult | None = None  # the latest neutrophil count, when under 1.5
    next_test_due: date | None = None  # the next neutrophil test, None when all are done
    test_overdue: bool = False  # due before the patient's today

    def pct(self, days: int):
        return self.by_period[days].adherence_pct

    def on_time_pct(self, days: int):
        return self.by_period[days].on_time_pct

    @property
    def adherence_30(self):
        return self.pct(30)

    @property
    def adherence_90(self):
        return self.pct(90)

    @property
    def on_time_30(self):
        return self.on_time_pct(30)

    @property
    def on_time_90(self):
        return self.on_time_pct(90)

    @property
    def adherent(self) -> bool | None:
        return self.by_period[30].adherent

    @property
    def flagged(self) -> bool:
        return bool(self.site_overrides or self.outside_window or self.too_soon
                    or self.syringe_overrides
                    or self.extra_doses or self.unhealed_reactions or self.urgent_side_effects
                    or self.doctor_topics
                    or self.biologics or self.low_count or self.test_overdue)  # fmt: skip

    @property
    def biologic_flags(self) -> list[str]:
        return [biologic_flag(item.medicine.name, item.match) for item in self.biologics]

    @property
    def other_urgent_side_effects(self) -> int:
        """The urgent side effects not seen yet that are not signs of allergy, which
        have a flag of their own."""
        return self.urgent_side_effects - self.allergy_signs

    @property
    def allergy_flag(self) -> str:
        return allergy_flag(self.allergy_signs) if self.allergy_signs else ""

    @property
    def low_count_flag(self) -> str:
        if self.low_count is None:
            return ""
        return low_count_flag(self.low_count.neutrophils, taken_on=self.low_count.taken_on)

    @property
    def overdue_test_flag(self) -> str:
        return overdue_test_flag(self.next_test_due) if self.test_overdue else ""


def clinic_patients(clinic: Clinic):
    # By name, so that rows with the same figures keep one order from page to page.
    return (
        Patient.objects.filter(enrollments__clinic=clinic, enrollments__left_at__isnull=True)
        .select_related("user")
        .order_by("user__username")
    )


def review(patients, *, at: datetime) -> list[PatientRow]:
    """A row per patient over the last 30 and 90 days up to `at`, in a fixed number
    of queries. A patient's figures add up all their regimens."""
    patients = list(patients)
    longest = max(PERIODS)
    regimens = list(
        Regimen.objects.filter(patient__in=patients)
        .select_related("medication")
        .prefetch_related("schedule_versions", "pauses")
    )
    by_patient = defaultdict(list)
    for regimen in regimens:
        by_patient[regimen.patient_id].append(regimen)
    earliest = (at - timedelta(days=longest + 1)).date()
    doses = Dose.objects.filter(
        patient__in=patients, entered_at__lt=at, slot_date__gte=earliest
    ).filter(Q(voided_at__isnull=True) | Q(voided_at__gte=at))
    records = defaultdict(list)
    for regimen_id, slot_date, status, taken_at in doses.values_list(
        "regimen_id", "slot_date", "status", "taken_at"
    ):
        records[regimen_id].append((slot_date, Outcome(status, taken_at)))
    rows = {patient.pk: PatientRow(patient) for patient in patients}
    # The few records flagged for review, read apart: most doses have none.
    for patient_id, flags in doses.exclude(flags=[]).values_list("patient_id", "flags"):
        row = rows[patient_id]
        kinds = kinds_of(flags)
        row.site_overrides += Kind.SITE in kinds
        row.outside_window += Kind.WINDOW in kinds
        row.too_soon += Kind.GAP in kinds
        row.syringe_overrides += Kind.SYRINGE in kinds
        row.extra_doses += Kind.EXTRA in kinds
    # An extra dose is flagged above, but never a slot's outcome (DESIGN §5).
    outcomes = defaultdict(dict, {regimen_id: slot_outcomes(recorded)
                                  for regimen_id, recorded in records.items()})  # fmt: skip
    last_doses = (
        Dose.objects.filter(
            patient__in=patients, status=Dose.Status.TAKEN, voided_at__isnull=True, taken_at__lt=at
        )  # fmt: skip
        .order_by()
        .values("patient_id")
        .annotate(last=Max("taken_at"))
        .values_list("patient_id", "last")
    )
    for patient_id, last in last_doses:
        rows[patient_id].last_dose_at = last
    unhealed = (
        Dose.objects.filter(patient__in=patients)
        .filter(Exists(SiteReaction.objects.filter(dose=OuterRef("pk"), resolved_at__isnull=True)))
        .values_list("patient_id", flat=True)
    )
    for patient_id in unhealed:
        rows[patient_id].unhealed_reactions += 1
    urgent = SideEffect.objects.filter(
        patient__in=patients, kind__in=list(URGENT_SIDE_EFFECTS), acknowledged_at__isnull=True
    ).values_list("patient_id", "kind")
    for patient_id, kind in urgent:
        rows[patient_id].urgent_side_effects += 1
        rows[patient_id].allergy_signs += kind == ALLERGY
    topics = DoctorTopic.objects.filter(patient__in=patients, until__isnull=True).values_list(
        "patient_id", flat=True
    )
    for patient_id in topics:
        rows[patient_id].doctor_topics += 1
    for patient_id, biologics in biologics_of(patients, at=at).items():
        rows[patient_id].biologics = biologics
    for patient_id, result in low_counts_of(patients, at=at).items():
        rows[patient_id].low_count = result
    # Which day is "today" is each patient's own (below); the due day does not depend on it.
    next_tests = next_tests_of(patients, today=at.date())

    for patient in patients:
        row = rows[patient.pk]
        row.tz = zone_of(by_patient[patient.pk])
        today = at.astimezone(row.tz).date()
        row.next_test_due = next_tests.get(patient.pk)
        row.test_overdue = bool(row.next_test_due and row.next_test_due < today)
        # Each regimen's slots of the longest period, made once for every figure.
        slots = {
            regimen.pk: regimen.schedule().slots(today - timedelta(days=longest - 1), today)
            for regimen in by_patient[patient.pk]
        }
        for days in PERIODS:
            start = today - timedelta(days=days - 1)
            row.by_period[days] = sum(
                (regimen_adherence(regimen, start=start, end=today, at=at,
                                   outcomes=outcomes[regimen.pk], slots=slots[regimen.pk])
                 for regimen in by_patient[patient.pk]),
                Adherence(),
            )  # fmt: skip
        row.missed_in_a_row = max(
            (missed_in_a_row(slots[regimen.pk], at=at, outcomes=outcomes[regimen.pk])
             for regimen in by_patient[patient.pk]),
            default=0,
        )  # fmt: skip
    return [rows[patient.pk] for patient in patients]
