"""Where each regimen stands at an instant, in data and in words (DESIGN §5)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Dose, Patient, Regimen
from ..models.regimens import format_mg
from ..rules.schedule import Slot, SlotStatus, slot_status
from .facts import active_regimens

STATUS_LABELS = {
    SlotStatus.UPCOMING: gettext_lazy("Upcoming"),
    SlotStatus.DUE: gettext_lazy("Due"),
    SlotStatus.LATE: gettext_lazy("Late"),
    SlotStatus.TAKEN: gettext_lazy("Taken"),
    SlotStatus.SKIPPED: gettext_lazy("Skipped"),
    SlotStatus.MISSED: gettext_lazy("Missed"),
    SlotStatus.PAUSED: gettext_lazy("Paused"),
}


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
        """The first slot from `slot` on with nothing recorded, that a skip would apply
        to: today's while it is pending, else the next one. A paused slot has
        nothing to skip."""
        for slot, dose in ((self.slot, self.dose), (self.next_slot, self.next_dose)):
            if slot is not None and dose is None and not slot.paused:
                return slot
        return None

    @property
    def words(self) -> str:
        return describe(self)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status] if self.status else _("Ended")


def _slots_of(regimen: Regimen, at: datetime) -> tuple[Slot | None, ...]:
    """The slot open at `at` (else the next one), the one before it and the one after
    it; once the regimen has ended, (None, its last slot, None)."""
    schedule = regimen.schedule()
    slot = schedule.open_slot(at) or schedule.next_slot(at)
    if slot is not None:
        return slot, schedule.previous_slot(slot), schedule.next_slot(slot.opens_at)
    earlier = schedule.slots(schedule.start_date, (at + timedelta(days=1)).date())
    return None, (earlier[-1] if earlier else None), None


def regimen_statuses(regimens: list[Regimen], *, at: datetime) -> list[RegimenStatus]:
    """Where each regimen stands at `at`, with one query for all their records.
    Prefetch `schedule_versions` and `pauses` (history.active_regimens does)."""
    slots = {regimen.pk: _slots_of(regimen, at) for regimen in regimens}
    wanted = Q(pk__in=[])
    for regimen in regimens:
        for slot in slots[regimen.pk]:
            if slot is not None:
                wanted |= Q(regimen=regimen, slot_date=slot.date)
    doses = {
        (dose.regimen_id, dose.slot_date): dose
        for dose in Dose.objects.filter(entered_at__lt=at)
        .filter(Q(voided_at__isnull=True) | Q(voided_at__gte=at))
        .filter(wanted)
    }

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


def patient_status(patient: Patient, *, at: datetime) -> list[RegimenStatus]:
    return regimen_statuses(list(active_regimens(patient)), at=at)


def _time(slot: Slot, instant: datetime) -> str:
    return formats.time_format(slot.local(instant), "H:i")


def _day_and_time(slot: Slot, instant: datetime) -> str:
    return formats.date_format(slot.local(instant), "l j F, H:i")


def describe(state: RegimenStatus) -> str:
    """Today's slot in plain words, as the check-in page and `slot_status` say it."""
    slot, status, dose = state.slot, state.status, state.dose
    medicine = _("%(name)s %(dose)s mg") % {
        "name": state.regimen.medication.short_name,
        "dose": format_mg(state.regimen.dose_mg),
    }
    if slot is None:
        return _("%(medicine)s: this regimen has ended.") % {"medicine": medicine}
    values = {
        "medicine": medicine,
        "time": _time(slot, slot.scheduled_at),
        "on_time_until": _time(slot, slot.on_time_until),
        "closes": _time(slot, slot.closes_at),
        "when": _day_and_time(slot, slot.scheduled_at),
        "opens": _day_and_time(slot, slot.opens_at),
    }
    match status:
        case SlotStatus.DUE:
            return (
                _("%(medicine)s is due now: take it by %(on_time_until)s to be on time.") % values
            )
        case SlotStatus.LATE:
            return (
                _("%(medicine)s is late: take it now. Today's window closes at %(closes)s.")
                % values
            )
        case SlotStatus.TAKEN:
            return _("%(medicine)s taken at %(taken)s in the %(place)s, given by %(by)s.") % {
                **values,
                "taken": _time(slot, dose.taken_at),
                "place": dose.site.label,
                "by": dose.get_administered_by_display(),
            }
        case SlotStatus.SKIPPED:
            return _("%(medicine)s skipped: %(reason)s") % {**values, "reason": dose.reason}
        case SlotStatus.PAUSED:
            return _("%(medicine)s: treatment is paused for the dose of %(when)s.") % values
    if state.previous_status == SlotStatus.MISSED:
        return (
            _(
                "It is almost time for your next dose: skip the missed one, take the next at "
                "%(time)s, never a double dose."
            )
            % values
        )
    return _("Next dose of %(medicine)s: %(when)s (you can take it from %(opens)s).") % values
