"""Where a dose stands, in words (DESIGN §5): the status badges and the sentence the
check-in and `slot_status` say."""

from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.regimens import format_mg
from ..rules.schedule import Slot, SlotStatus
from .places import place

STATUS_LABELS = {
    SlotStatus.UPCOMING: gettext_lazy("Upcoming"),
    SlotStatus.DUE: gettext_lazy("Due"),
    SlotStatus.LATE: gettext_lazy("Late"),
    SlotStatus.TAKEN: gettext_lazy("Taken"),
    SlotStatus.SKIPPED: gettext_lazy("Skipped"),
    SlotStatus.MISSED: gettext_lazy("Missed"),
    SlotStatus.PAUSED: gettext_lazy("Paused"),
}


def status_label(status: SlotStatus | None) -> str:
    return str(STATUS_LABELS[status]) if status else _("Ended")


def _time(slot: Slot, instant: datetime) -> str:
    return formats.time_format(slot.local(instant), "H:i")


def _day_and_time(slot: Slot, instant: datetime) -> str:
    return formats.date_format(slot.local(instant), "l j F, H:i")


def describe(state) -> str:
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
                "place": place(dose.site),
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
