"""Where each regimen stands at an instant (DESIGN §5); `text.status` says it in words."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from ..models import Dose, Patient, Regimen
from ..rules.schedule import Slot, SlotStatus, may_withdraw_skip, outcome_at, slot_status
from ..text import status as status_text
from .facts import live_doses
from .regimens import active_regimens


@dataclass(frozen=True)
class RegimenStatus:
    regimen: Regimen
    slot: Slot | None  # the slot open at `at`, else the next one; None once the regimen ended
    status: SlotStatus | None
    previous_slot: Slot | None
    previous_status: SlotStatus | None
    dose: Dose | None  # what was recorded for `slot`, if anything
    at: datetime
    next_slot: Slot | None = None  # the slot after `slot`
    next_dose: Dose | None = None

    @property
    def skippable(self) -> Slot | None:
        """The slot a skip from the check-in applies to: only the open one, while
        nothing is recorded for it (DESIGN §5). A paused slot has nothing to skip."""
        slot = self.slot
        if slot is None or self.dose is not None or slot.paused or not slot.is_open(self.at):
            return None
        return slot

    @property
    def explainable(self) -> Slot | None:
        """The slot before, when it closed with nothing recorded (missed): the check-in
        offers to say why, recorded as a skip explained after the fact (DESIGN §5)."""
        if self.previous_status == SlotStatus.MISSED:
            return self.previous_slot
        return None

    @property
    def dose_mg(self):
        """The dose of `slot`: as recorded, else as prescribed for its day (a change
        of dose applies from the next unopened slot)."""
        if self.dose is not None and self.dose.dose_mg is not None:
            return self.dose.dose_mg
        if self.slot is not None:
            return self.regimen.dose_on(self.slot.date)
        return self.regimen.dose_mg

    @property
    def withdrawable(self) -> Dose | None:
        """A skip planned in advance for this slot, which can still be withdrawn so
        that the dose is taken after all."""
        dose = self.dose
        if dose is None or dose.status != "skipped":
            return None
        if not may_withdraw_skip(self.slot, entered_at=dose.entered_at, at=self.at):
            return None
        return dose

    @property
    def next_dose_slot(self) -> Slot | None:
        """Once today's slot is recorded, the next one to tell of."""
        if self.slot is not None and self.dose is not None:
            return self.next_slot
        return None

    @property
    def status_label(self) -> str:
        return status_text.status_label(self.status)


def _slots_of(regimen: Regimen, at: datetime) -> tuple[Slot | None, ...]:
    """The slot open at `at` (else the next one), the one before it and the one after
    it; once the regimen has ended, (None, its last slot, None)."""
    schedule = regimen.schedule()
    slot = schedule.open_slot(at) or schedule.next_slot(at)
    if slot is not None:
        return slot, schedule.previous_slot(slot), schedule.next_slot(slot.opens_at)
    earlier = schedule.slots(schedule.start_date, (at + timedelta(days=1)).date())
    return None, (earlier[-1] if earlier else None), None


def regimen_statuses(
    regimens: list[Regimen], *, at: datetime, known_at: datetime | None = None
) -> list[RegimenStatus]:
    """Where each regimen stands at `at`, with one query for all their records: by the
    log as it stands now (a record counts from when it happened, `outcome_at`), or as
    it stood at `known_at` (DESIGN §8). Prefetch `schedule_versions` and `pauses`
    (regimens.active_regimens does)."""
    slots = {regimen.pk: _slots_of(regimen, at) for regimen in regimens}
    wanted = Q(pk__in=[])
    for regimen in regimens:
        for slot in slots[regimen.pk]:
            if slot is not None:
                wanted |= Q(regimen=regimen, slot_date=slot.date)
    known = {
        (dose.regimen_id, dose.slot_date): dose for dose in live_doses(at=known_at).filter(wanted)
    }
    doses = {}
    for regimen in regimens:
        for slot in slots[regimen.pk]:
            dose = slot and known.get((regimen.pk, slot.date))
            if dose and (known_at is not None or outcome_at(
                dose.status, slot=slot, taken_at=dose.taken_at, entered_at=dose.entered_at, at=at
            )):  # fmt: skip
                doses[(regimen.pk, slot.date)] = dose

    def status_of(regimen: Regimen, slot: Slot | None) -> SlotStatus | None:
        if slot is None:
            return None
        dose = doses.get((regimen.pk, slot.date))
        return slot_status(slot, at=at, outcome=dose.status if dose else None)

    states = []
    for regimen in regimens:
        slot, previous, following = slots[regimen.pk]
        states.append(
            RegimenStatus(
                regimen=regimen,
                slot=slot,
                status=status_of(regimen, slot),
                previous_slot=previous,
                previous_status=status_of(regimen, previous),
                dose=doses.get((regimen.pk, slot.date)) if slot else None,
                at=at,
                next_slot=following,
                next_dose=doses.get((regimen.pk, following.date)) if following else None,
            )
        )
    return states


def patient_status(
    patient: Patient, *, at: datetime, known_at: datetime | None = None
) -> list[RegimenStatus]:
    return regimen_statuses(list(active_regimens(patient)), at=at, known_at=known_at)
