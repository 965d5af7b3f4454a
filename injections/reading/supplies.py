"""Syringes on hand, days of supply and the sharps container, as the rules of
rules/supplies.py see them (DESIGN §2)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q

from ..models import Medication, Patient, Regimen, SharpsContainer, Syringe, SyringeBox
from ..rules import supplies as rules
from ..rules.schedule import nominal_interval


def plain(syringe: Syringe) -> rules.Syringe:
    return rules.Syringe(
        id=syringe.pk,
        expires_on=syringe.box.expires_on,
        out_of_fridge_at=syringe.out_of_fridge_at,
        lot=syringe.box.lot,
    )


def limit_of(medication: Medication) -> timedelta:
    return timedelta(hours=medication.room_temperature_limit_hours)


def available_syringes(patient: Patient, medication: Medication | None = None):
    syringes = Syringe.objects.filter(
        patient=patient, dose__isnull=True, discarded_at__isnull=True
    ).select_related("box__medication")
    if medication is not None:
        syringes = syringes.filter(box__medication=medication)
    return syringes.order_by("box__expires_on", "pk")


@dataclass(frozen=True)
class Supply:
    tracked: bool  # False while the patient has never added a box of it
    medication: Medication
    usable: int
    days: int
    refill: bool
    next_syringe: Syringe | None
    warm_soon: list[Syringe]
    unusable: list[tuple[Syringe, rules.Usability]]
    plan: rules.SyringePlan | None = None  # the syringes a dose takes

    @property
    def unusable_by_lot(self) -> list[tuple[str, rules.Usability, int]]:
        """The unusable syringes counted by lot and reason, in their order."""
        counts: dict[tuple[str, rules.Usability], int] = {}
        for syringe, state in self.unusable:
            key = (syringe.box.lot, state)
            counts[key] = counts.get(key, 0) + 1
        return [(lot, state, count) for (lot, state), count in counts.items()]


def supply(patient: Patient, regimen: Regimen, *, at: datetime, today: date) -> Supply:
    """Syringes on hand for a regimen's medication, days of supply and warnings."""
    medication = regimen.medication
    limit = limit_of(medication)
    stock = list(available_syringes(patient, medication))
    states = [(s, rules.usability(plain(s), at=at, today=today, limit=limit)) for s in stock]
    usable = [s for s, state in states if rules.is_usable(state)]
    interval = nominal_interval(regimen.current_version().rrule).days
    days = rules.days_of_supply(
        len(usable), dose_mg=regimen.dose_on(today), strength_mg=medication.strength_mg,
        interval_days=interval,
    )  # fmt: skip
    pick = rules.first_to_expire([plain(s) for s in usable], at=at, today=today, limit=limit)
    # Someone who keeps no stock in medtrack is never told to order more.
    tracked = (
        bool(stock) or SyringeBox.objects.filter(patient=patient, medication=medication).exists()
    )
    return Supply(
        tracked=tracked,
        medication=medication,
        usable=len(usable),
        days=days,
        refill=tracked and rules.needs_refill(days, threshold=patient.refill_threshold_days),
        next_syringe=next((s for s in usable if pick and s.pk == pick.id), None),
        warm_soon=[s for s, state in states if state == rules.Usability.WARM_SOON],
        unusable=[(s, state) for s, state in states if not rules.is_usable(state)],
        plan=rules.syringe_plan(regimen.dose_on(today), medication.strength_mg),
    )  # fmt: skip


def current_sharps(patient: Patient) -> SharpsContainer | None:
    return (
        SharpsContainer.objects.filter(patient=patient, replaced_at__isnull=True)
        .order_by("-started_at")
        .first()
    )


def sharps_state(container: SharpsContainer) -> rules.SharpsState:
    """Every syringe used or discarded while the container was in use fills it: since
    it was started, and before it was replaced."""
    used_in = Q(used_at__gte=container.started_at)
    discarded_in = Q(discarded_at__gte=container.started_at)
    if container.replaced_at is not None:
        used_in &= Q(used_at__lt=container.replaced_at)
        discarded_in &= Q(discarded_at__lt=container.replaced_at)
    used = Syringe.objects.filter(patient=container.patient).filter(used_in | discarded_in).count()
    return rules.SharpsState(capacity=container.capacity, used=used)
