"""The health log as known at an instant (DESIGN §2): the patient's other medicines,
each checked against the table of rules.medicines, and their neutrophil counts.

The `*_of(patients)` functions read many patients in a fixed number of queries,
for the clinic's review: which patients take a biologic (or another medicine not
recommended with anakinra), whose last neutrophil count is low, whose blood test
is overdue.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q

from ..models import LabResult, OtherMedicine, Patient, Regimen, SideEffect
from ..rules.health import ALLERGY, neutrophils_low, next_test_due
from ..rules.medicines import Advice, Match, check_medicine
from .regimens import active_regimens


@dataclass(frozen=True)
class CheckedMedicine:
    medicine: OtherMedicine
    match: Match | None

    @property
    def biologic(self) -> bool:
        return bool(self.match and self.match.biologic)

    @property
    def not_recommended(self) -> bool:
        """Not recommended with anakinra, or a second course of what they inject."""
        return bool(self.match) and self.match.advice in (
            Advice.NOT_RECOMMENDED,
            Advice.ALREADY_INJECTED,
        )


def allergy_holds(patient: Patient) -> list[SideEffect]:
    """The signs of allergy that hold the patient's next dose until a doctor has been
    asked (rules.health.holds_next_dose), the latest first. One query."""
    signs = SideEffect.objects.filter(patient=patient, kind=ALLERGY).order_by("-started_on", "-pk")
    return [sign for sign in signs if sign.holds_next_dose]


def injected(regimens) -> frozenset[str]:
    """The generic names of what the patient injects with medtrack."""
    return frozenset(regimen.medication.short_name for regimen in regimens)


def _listed(at: datetime | None) -> Q:
    if at is None:
        return Q(removed_at__isnull=True)
    return Q(added_at__lte=at) & (Q(removed_at__isnull=True) | Q(removed_at__gt=at))


def checked_medicines(
    patient: Patient, *, regimens=None, at: datetime | None = None
) -> list[CheckedMedicine]:
    """The patient's list of other medicines and supplements, first added first."""
    names = injected(active_regimens(patient) if regimens is None else regimens)
    medicines = OtherMedicine.objects.filter(_listed(at), patient=patient)
    medicines = medicines.order_by("added_at", "pk")
    return [CheckedMedicine(m, check_medicine(m.name, injected=names)) for m in medicines]


def medicines_of(patients, *, at: datetime | None = None) -> dict[int, list[CheckedMedicine]]:
    """Every listed medicine of these patients, by patient id, checked (two queries)."""
    ids = [p.pk for p in patients]
    names = defaultdict(set)
    regimens = Regimen.objects.filter(patient_id__in=ids)
    for patient_id, short_name in regimens.values_list("patient_id", "medication__short_name"):
        names[patient_id].add(short_name)
    found = defaultdict(list)
    medicines = OtherMedicine.objects.filter(_listed(at), patient_id__in=ids)
    for medicine in medicines.order_by("patient_id", "added_at", "pk"):
        match = check_medicine(medicine.name, injected=frozenset(names[medicine.patient_id]))
        found[medicine.patient_id].append(CheckedMedicine(medicine, match))
    return dict(found)


def biologics_of(patients, *, at: datetime | None = None) -> dict[int, list[CheckedMedicine]]:
    """The patients who take a TNF blocker or another biologic beside anakinra (the
    clinic's flag), with those medicines; patients with none are left out."""
    return {
        patient_id: biologics
        for patient_id, listed in medicines_of(patients, at=at).items()
        if (biologics := [item for item in listed if item.biologic])
    }


def _known(at: datetime | None) -> Q:
    return Q() if at is None else Q(recorded_at__lte=at)


def last_count(patient: Patient, *, at: datetime | None = None) -> LabResult | None:
    """The latest result with a neutrophil count (by the day the blood was taken)."""
    return (
        patient.lab_results.filter(_known(at), neutrophils__isnull=False)
        .order_by("-taken_on", "-pk")
        .first()
    )


def low_counts_of(patients, *, at: datetime | None = None) -> dict[int, LabResult]:
    """The patients whose latest neutrophil count is low, with that result (one query)."""
    results = LabResult.objects.filter(
        _known(at), patient_id__in=[p.pk for p in patients], neutrophils__isnull=False
    ).order_by("patient_id", "-taken_on", "-pk")
    latest = {}
    for result in results:
        latest.setdefault(result.patient_id, result)
    return {pid: r for pid, r in latest.items() if neutrophils_low(r.neutrophils)}


@dataclass(frozen=True)
class BloodTests:
    results: list[LabResult]  # the latest first
    last_count: LabResult | None  # the latest with a count
    next_due: date | None  # None: no regimen, or the first year's tests are done
    overdue: bool

    @property
    def low(self) -> bool:
        return bool(self.last_count) and neutrophils_low(self.last_count.neutrophils)


def blood_tests(patient: Patient, *, today: date, regimens=None) -> BloodTests:
    """The patient's neutrophil results and the next test due (DESIGN §2)."""
    regimens = list(active_regimens(patient) if regimens is None else regimens)
    results = list(patient.lab_results.order_by("-taken_on", "-pk"))
    start = min((r.start_date for r in regimens), default=None)
    due = next_test_due(start, [r.taken_on for r in results], today=today) if start else None
    counted = next((r for r in results if r.neutrophils is not None), None)
    return BloodTests(results, counted, due, bool(due and due < today))


def next_tests_of(patients, *, today: date) -> dict[int, date]:
    """The next neutrophil test of each patient who has one to come (two queries); the
    review shows it as overdue when it is before `today`."""
    ids = [p.pk for p in patients]
    starts = {}
    regimens = Regimen.objects.filter(patient_id__in=ids)
    for patient_id, start in regimens.values_list("patient_id", "start_date"):
        starts[patient_id] = min(start, starts.get(patient_id, start))
    taken = defaultdict(list)
    for patient_id, day in LabResult.objects.filter(patient_id__in=ids).values_list(
        "patient_id", "taken_on"
    ):
        taken[patient_id].append(day)
    due = {pid: next_test_due(start, taken[pid], today=today) for pid, start in starts.items()}
    return {pid: day for pid, day in due.items() if day is not None}
