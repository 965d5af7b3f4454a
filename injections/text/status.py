"""Where a dose stands, in words (DESIGN §5): the status badges and the sentence the
check-in and `slot_status` say."""

from datetime import datetime

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models.doses import AdministeredBy
from ..models.regimens import format_mg
from ..rules.adherence import ON_TIME, TAKEN_LATE
from ..rules.geometry import Administrator
from ..rules.schedule import SkipKind, Slot, SlotStatus, skip_kind
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
# A dose taken after its on-time window (DESIGN §6), told apart from one on time.
TAKEN_LATE_LABEL = gettext_lazy("Taken late")
# A calendar of past days tells a taken dose on time from one taken late
# (rules.adherence.slot_mark); "Late" above is a dose still to take, past its window.
MARK_LABELS = STATUS_LABELS | {
    ON_TIME: gettext_lazy("Taken on time"),
    TAKEN_LATE: TAKEN_LATE_LABEL,
    SlotStatus.LATE: gettext_lazy("Due, late"),
}


# After a sign of allergy (rules.health.holds_next_dose): no "due now".
HELD_LABEL = gettext_lazy("On hold")


def held(state) -> str:
    """A dose waiting for a doctor's word, in place of "due now" or "next dose"."""
    medicine = _("%(name)s %(dose)s mg") % {
        "name": state.regimen.medication.short_name,
        "dose": format_mg(state.dose_mg),
    }
    return _("%(medicine)s: on hold until a doctor has been asked.") % {"medicine": medicine}


# A skip planned in advance, before its dose's window opens (DESIGN §5).
PLANNED_LABEL = gettext_lazy("Skip planned")


def status_label(status: SlotStatus | None) -> str:
    return str(STATUS_LABELS[status]) if status else _("Ended")


def _time(slot: Slot, instant: datetime) -> str:
    return formats.time_format(slot.local(instant), "H:i")


def _day_and_time(slot: Slot, instant: datetime) -> str:
    return formats.date_format(slot.local(instant), _("l j F, H:i"))


def _day_of(slot: Slot, instant: datetime, at: datetime) -> str:
    """ "" for the day of `at`, else "tomorrow", "yesterday" or "on Thursday 3 December":
    a time is never told without its day when the day is not today (issue 10)."""
    day, today = slot.local(instant).date(), slot.local(at).date()
    if day == today:
        return ""
    if (day - today).days == 1:
        return _("tomorrow")
    if (today - day).days == 1:
        return _("yesterday")
    return _("on %(day)s") % {"day": formats.date_format(day, _("l j F"))}


def _moment(slot: Slot, instant: datetime, at: datetime) -> str:
    """ "08:00" today, else "tomorrow at 08:00", "on Thursday 3 December at 08:00"."""
    time, day = _time(slot, instant), _day_of(slot, instant, at)
    return _("%(day)s at %(time)s") % {"day": day, "time": time} if day else time


def _skipped(state, values: dict) -> str:
    """A skip in words: one planned in advance says so and names its day, before the
    dose and on its day."""
    slot, dose, at = state.slot, state.dose, state.at
    values = {**values, "reason": dose.reason_words()}
    if skip_kind(slot, entered_at=dose.entered_at) != SkipKind.PLANNED:
        return _("%(medicine)s skipped: %(reason)s") % values
    values["day"] = _day_of(slot, slot.scheduled_at, at) or _("today")
    if at < slot.opens_at:
        return _("%(medicine)s: the dose %(day)s is planned to be skipped: %(reason)s") % values
    return _("%(medicine)s: the dose %(day)s was planned to be skipped: %(reason)s") % values


def giver(administered_by: str, *, name: str | None = None, gave_it: bool = False) -> str:
    """Who gave a dose, for its reader: "you" for the patient themselves (`name` None),
    the patient by name for anyone else; a caregiver or a clinician as the record
    names them (AdministeredBy), or "you" to the one who gave it (`gave_it`: they
    entered it, and they are not the patient, who may log a dose someone else gave)."""
    if administered_by == Administrator.SELF:
        return _("you") if name is None else name
    if gave_it and name is not None:
        return _("you")
    return str(AdministeredBy(administered_by).label)


def describe(state, *, name: str | None = None, reader=None, reader_gives=None) -> str:
    """Today's slot in plain words, as the check-in page and `slot_status` say it: to
    the patient (`name` None), or to someone else about the patient by name; a dose
    the `reader` entered as given by them (`reader_gives`: a caregiver's or a
    clinician's), as given by "you"."""
    slot, status, dose = state.slot, state.status, state.dose
    medicine = _("%(name)s %(dose)s mg") % {
        "name": state.regimen.medication.short_name,
        "dose": format_mg(state.dose_mg),
    }
    if slot is None:
        return _("%(medicine)s: this regimen has ended.") % {"medicine": medicine}
    at = state.at
    values = {
        "medicine": medicine,
        "time": _moment(slot, slot.scheduled_at, at),
        "on_time_until": _moment(slot, slot.on_time_until, at),
        "closes": _moment(slot, slot.closes_at, at),
        "when": _day_and_time(slot, slot.scheduled_at),
        "opens": _day_and_time(slot, slot.opens_at),
    }
    match status:
        case SlotStatus.DUE:
            return (
                _("%(medicine)s is due now: take it by %(on_time_until)s to be on time.") % values
            )
        case SlotStatus.LATE:
            if _day_of(slot, slot.closes_at, at):
                return (
                    _("%(medicine)s is late: take it now. Its window closes %(closes)s.") % values
                )
            return (
                _("%(medicine)s is late: take it now. Today's window closes at %(closes)s.")
                % values
            )
        case SlotStatus.TAKEN:
            day = _day_of(slot, dose.taken_at, at)
            taken = {
                **values,
                "taken": _time(slot, dose.taken_at),
                "day": day,
                "place": place(dose.site),
                "by": giver(
                    dose.administered_by,
                    name=name,
                    gave_it=reader is not None
                    and dose.entered_by_id == reader.pk
                    and dose.administered_by == reader_gives,
                ),
            }
            if day:
                return (
                    _("%(medicine)s taken %(day)s at %(taken)s in the %(place)s, given by %(by)s.")
                    % taken
                )
            return _("%(medicine)s taken at %(taken)s in the %(place)s, given by %(by)s.") % taken
        case SlotStatus.SKIPPED:
            return _skipped(state, values)
        case SlotStatus.PAUSED:
            return _("%(medicine)s: treatment is paused for the dose of %(when)s.") % values
    if state.previous_status == SlotStatus.MISSED:
        return _missed_before(values, on_another_day=bool(_day_of(slot, slot.scheduled_at, at)),
                              name=name)  # fmt: skip
    if name is not None:
        return _("Next dose of %(medicine)s: %(when)s (%(name)s can have it from %(opens)s).") % (
            values | {"name": name}
        )
    return _("Next dose of %(medicine)s: %(when)s (you can take it from %(opens)s).") % values


def _missed_before(values: dict, *, on_another_day: bool, name: str | None) -> str:
    """The dose before was missed and it is almost time for the next (DESIGN §5): to the
    patient "your next dose", to anyone else the patient's by name."""
    if name is None and on_another_day:
        text = _(
            "It is almost time for your next dose: skip the missed one, take the next "
            "%(time)s, never a double dose."
        )
    elif name is None:
        text = _(
            "It is almost time for your next dose: skip the missed one, take the next at "
            "%(time)s, never a double dose."
        )
    elif on_another_day:
        text = _(
            "It is almost time for %(name)s's next dose: skip the missed one; the next is "
            "%(time)s, never a double dose."
        )
    else:
        text = _(
            "It is almost time for %(name)s's next dose: skip the missed one; the next is "
            "at %(time)s, never a double dose."
        )
    return text % (values | {"name": name})
