"""Syringe stock, the room-temperature clock, discards and the sharps container
(DESIGN §2). The rules are in rules/supplies.py, the read side in reading/supplies.py."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Medication, Patient, SharpsContainer, Syringe, SyringeBox
from ..reading.regimens import patient_zone
from ..reading.supplies import available_syringes, limit_of, plain
from ..rules import supplies as rules
from ..rules.flags import Flag, Violation
from ..text.flags import Problem, syringe_problem
from . import audit
from .errors import ServiceError, refuse_unless_sensible
from .locking import lock_patient


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
    refuse_unless_sensible(expires_on, today=timezone.localdate(now, patient_zone(patient)))
    box = SyringeBox.objects.create(
        patient=patient, medication=medication, lot=lot.strip(), expires_on=expires_on,
        count=count, added_at=now, added_by=added_by,
    )  # fmt: skip
    Syringe.objects.bulk_create(Syringe(box=box, patient=patient) for _n in range(count))
    audit.record(audit.Action.CREATED, actor=added_by, patient=patient, obj=box, at=now)
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
    audit.record(audit.Action.VOIDED, patient=syringe.patient, obj=syringe, detail="discarded",
                 at=syringe.discarded_at)  # fmt: skip
    return syringe


def syringes_for_dose(
    patient: Patient, medication: Medication, *, at: datetime, today: date, count: int = 1,
    syringe_id: int | None = None,
) -> tuple[list[Syringe], Problem | None]:  # fmt: skip
    """The `count` syringes a dose uses (the one picked first, then first-to-expire;
    DESIGN §2: a dose above the syringe's strength uses several) and what is wrong
    with them, if anything: expired, too long at room temperature, none usable left,
    or fewer usable than the dose needs. ([], None) when the patient keeps no stock
    of it in medtrack."""
    stock = list(available_syringes(patient, medication))
    limit = limit_of(medication)
    picked, problem = [], None
    # Checked before "no stock": a picked syringe that is not on hand is refused,
    # even when the patient has none left.
    if syringe_id is not None:
        chosen = next((s for s in stock if s.pk == syringe_id), None)
        if chosen is None:
            raise ServiceError(_("that syringe is not one of yours, or is already used"))
        flag = rules.refusal(rules.usability(plain(chosen), at=at, today=today, limit=limit))
        picked, problem = [chosen], _problem(flag, medication)
    elif not stock:
        return [], None
    rest = [plain(s) for s in stock if s not in picked]
    ids = [s.id for s in rules.next_to_use(rest, count=count - len(picked), at=at, today=today,
                                           limit=limit)]  # fmt: skip
    picked += sorted((s for s in stock if s.pk in ids), key=lambda s: ids.index(s.pk))
    if problem is None and not picked:
        problem = _problem(Flag.NO_USABLE_SYRINGE, medication)
    elif problem is None and len(picked) < count:
        problem = _problem(Flag.TOO_FEW_SYRINGES, medication, needed=count, usable=len(picked))
    return picked, problem


def _problem(flag: Flag | None, medication: Medication, **counts) -> Problem | None:
    if flag is None:
        return None
    return syringe_problem(
        Violation(flag), limit_hours=medication.room_temperature_limit_hours, **counts
    )


def use_syringes(syringes: list[Syringe], *, dose, at: datetime) -> None:
    for syringe in syringes:
        syringe.dose = dose
        syringe.used_at = at
        syringe.save(update_fields=["dose", "used_at"])


@transaction.atomic
def replace_sharps(
    *, patient: Patient, capacity: int = rules.DEFAULT_SHARPS_CAPACITY, at: datetime | None = None
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
