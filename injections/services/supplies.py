"""Syringe stock, the room-temperature clock, discards and the sharps container
(DESIGN §2). The rules are in rules/supplies.py; this reads and writes the record."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Medication, Patient, Regimen, SharpsContainer, Syringe, SyringeBox
from ..rules import supplies as rules
from ..rules.schedule import nominal_interval
from ..rules.sites import Violation
from .errors import ServiceError
from .locking import lock_patient

DEFAULT_SHARPS_CAPACITY = 30


def plain(syringe: Syringe) -> rules.Syringe:
    return rules.Syringe(
        id=syringe.pk,
        expires_on=syringe.box.expires_on,
        out_of_fridge_at=syringe.out_of_fridge_at,
        lot=syringe.box.lot,
    )


def _limit(medication: Medication) -> timedelta:
    return timedelta(hours=medication.room_temperature_limit_hours)


def available_syringes(patient: Patient, medication: Medication | None = None):
    syringes = Syringe.objects.filter(
        patient=patient, dose__isnull=True, discarded_at__isnull=True
    ).select_related("box__medication")
    if medication is not None:
        syringes = syringes.filter(box__medication=medication)
    return syringes.order_by("box__expires_on", "pk")


@transaction.atomic
def add_box(
    *,
    patient: Patient,
    medication: Medication,
    lot: str,
    expires_on: date,
    added_by: AbstractBaseUser,
    count: int | None = None,
    now: datetime | None = None,
) -> SyringeBox:
    """A box of syringes, each one tracked (7 by default for anakinra)."""
    now = now or timezone.now()
    count = medication.syringes_per_box if count is None else count
    if not lot.strip():
        raise ServiceError(_("type the lot number printed on the box"))
    if not 1 <= count <= 100:
        raise ServiceError(_("a box holds from 1 to 100 syringes"))
    box = SyringeBox.objects.create(
        patient=patient, medication=medication, lot=lot.strip(), expires_on=expires_on,
        count=count, added_at=now, added_by=added_by,
    )  # fmt: skip
    Syringe.objects.bulk_create(Syringe(box=box, patient=patient) for _n in range(count))
    return box


@transaction.atomic
def take_out_of_fridge(*, syringes, at: datetime | None = None) -> int:
    """Start the room-temperature clock of these syringes (once: a syringe put back
    in the fridge keeps the time it already spent out). Returns how many started."""
    at = at or timezone.now()
    ids = [s.pk for s in syringes]
    return Syringe.objects.filter(
        pk__in=ids, out_of_fridge_at__isnull=True, dose__isnull=True, discarded_at__isnull=True
    ).update(out_of_fridge_at=at)


@transaction.atomic
def discard(
    *, syringe: Syringe, reason: str, note: str = "", at: datetime | None = None
) -> Syringe:
    """Put a syringe in the sharps container unused, saying why (DESIGN §2)."""
    if reason not in Syringe.Discard.values:
        raise ServiceError(_("say why the syringe is discarded"))
    if reason == Syringe.Discard.OTHER and not note.strip():
        raise ServiceError(_("say in a few words why the syringe is discarded"))
    lock_patient(syringe.patient)  # in turn with record_dose, which may be using it
    syringe = Syringe.objects.select_for_update().get(pk=syringe.pk)
    if not syringe.available:
        raise ServiceError(_("this syringe is already used or discarded"))
    syringe.discarded_at = at or timezone.now()
    syringe.discard_reason = reason
    syringe.discard_note = note.strip()
    syringe.save(update_fields=["discarded_at", "discard_reason", "discard_note"])
    return syringe


SYRINGE_EXPIRED = "syringe_expired"
SYRINGE_TOO_WARM = "syringe_too_warm"
NO_USABLE_SYRINGE = "no_usable_syringe"


def syringe_for_dose(
    patient: Patient, medication: Medication, *, at: datetime, today: date,
    syringe_id: int | None = None,
) -> tuple[Syringe | None, Violation | None]:  # fmt: skip
    """The syringe a dose uses (the one picked, or first-to-expire) and what is wrong
    with it, if anything: expired, too long at room temperature, or no usable one
    left. (None, None) when the patient keeps no stock of it in medtrack."""
    stock = list(available_syringes(patient, medication))
    limit = _limit(medication)
    # Checked before "no stock": a picked syringe that is not on hand is refused,
    # even when the patient has none left.
    if syringe_id is not None:
        chosen = next((s for s in stock if s.pk == syringe_id), None)
        if chosen is None:
            raise ServiceError(_("that syringe is not one of yours, or is already used"))
        state = rules.usability(plain(chosen), at=at, today=today, limit=limit)
        return chosen, _problem(state, medication)
    if not stock:
        return None, None
    pick = rules.first_to_expire([plain(s) for s in stock], at=at, today=today, limit=limit)
    if pick is None:
        return None, Violation(
            NO_USABLE_SYRINGE,
            _("none of your syringes can be used: past their expiry date or too long at "
              "room temperature. Discard them and start a new box."),
        )  # fmt: skip
    return next(s for s in stock if s.pk == pick.id), None


def _problem(state: rules.Usability, medication: Medication) -> Violation | None:
    if state == rules.Usability.EXPIRED:
        return Violation(
            SYRINGE_EXPIRED, _("this syringe is past its expiry date: discard it and use another")
        )
    if state == rules.Usability.TOO_WARM:
        return Violation(
            SYRINGE_TOO_WARM,
            _("this syringe was more than %(hours)d hours at room temperature: discard it "
              "and use another") % {"hours": medication.room_temperature_limit_hours},
        )  # fmt: skip
    return None


def use_syringe(syringe: Syringe, *, dose, at: datetime) -> None:
    syringe.dose = dose
    syringe.used_at = at
    syringe.save(update_fields=["dose", "used_at"])


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
    limit = _limit(medication)
    stock = list(available_syringes(patient, medication))
    states = [(s, rules.usability(plain(s), at=at, today=today, limit=limit)) for s in stock]
    usable = [s for s, state in states if state in (rules.Usability.USABLE,
                                                   rules.Usability.WARM_SOON)]  # fmt: skip
    interval = nominal_interval(regimen.current_version().rrule).days
    days = rules.days_of_supply(
        len(usable), dose_mg=regimen.dose_mg, strength_mg=medication.strength_mg,
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
        unusable=[(s, state) for s, state in states if state in (rules.Usability.EXPIRED,
                                                                 rules.Usability.TOO_WARM)],
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


@transaction.atomic
def replace_sharps(
    *, patient: Patient, capacity: int = DEFAULT_SHARPS_CAPACITY, at: datetime | None = None
) -> SharpsContainer:
    """A new, empty container; the full one is kept, marked replaced."""
    at = at or timezone.now()
    if capacity < 1:
        raise ServiceError(_("a container holds at least one syringe"))
    SharpsContainer.objects.filter(patient=patient, replaced_at__isnull=True).update(replaced_at=at)
    return SharpsContainer.objects.create(patient=patient, capacity=capacity, started_at=at)


@transaction.atomic
def set_refill_threshold(*, patient: Patient, days: int) -> Patient:
    """Warn when the syringes on hand last fewer than `days` days (3 by default)."""
    if not 0 <= days <= 60:
        raise ServiceError(_("choose from 0 to 60 days"))
    patient.refill_threshold_days = days
    patient.save(update_fields=["refill_threshold_days"])
    return patient
