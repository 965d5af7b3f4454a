"""The reminders due for a patient at an instant (issue 11), as rules.reminders says,
with what each message needs to say. `services.reminders` sends them."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from ..models import Patient, SyringeBox
from ..rules import reminders as rules
from ..rules.health import remind_of_test
from .health import allergy_holds, blood_tests
from .regimens import active_regimens, zone_of
from .status import RegimenStatus, regimen_statuses
from .supplies import Supply, current_sharps, sharps_state, supply


@dataclass(frozen=True)
class Due:
    kind: str
    slot: str  # what it is about, unique for its kind and patient
    zone: ZoneInfo
    state: RegimenStatus | None = None  # dose, late and missed
    supply: Supply | None = None  # refill and warm syringe
    syringe: object | None = None  # warm syringe
    test_due: date | None = None  # blood test


def due_reminders(patient: Patient, *, at: datetime) -> list[Due]:
    """Every reminder true of the patient at `at`, whoever it goes to."""
    regimens = list(active_regimens(patient))
    if not regimens:
        return []
    zone = zone_of(regimens)
    today = at.astimezone(zone).date()
    daytime = rules.daytime(at.astimezone(zone).time())
    held = bool(allergy_holds(patient))
    due = []
    for state in regimen_statuses(regimens, at=at):
        kind = rules.dose_reminder(state.slot, state.status, at=at, held=held)
        if kind:
            key, own_zone = f"{state.regimen.pk}:{state.slot.date}", ZoneInfo(state.slot.time_zone)
            due.append(Due(kind, key, own_zone, state=state))
        previous = state.previous_slot
        if rules.missed_reminder(previous, state.previous_status, at=at, held=held):
            key, own_zone = f"{state.regimen.pk}:{previous.date}", ZoneInfo(previous.time_zone)
            due.append(Due(rules.MISSED, key, own_zone, state=state))
    # Supplies and blood tests only of what the patient still takes.
    taking = list(active_regimens(patient, on=today))
    for regimen in taking:
        stock = supply(patient, regimen, at=at, today=today)
        if stock.refill and daytime:
            # Once per box added: after the next box, a low stock is news again.
            last = SyringeBox.objects.filter(patient=patient, medication=stock.medication)
            last = last.order_by("-pk").values_list("pk", flat=True).first()
            due.append(Due(rules.REFILL, f"{stock.medication.pk}:box{last}", zone, supply=stock))
        for syringe in stock.warm_soon:
            due.append(
                Due(rules.WARM_SYRINGE, f"syringe{syringe.pk}", zone, supply=stock, syringe=syringe)
            )
    container = current_sharps(patient)
    if container is not None and daytime and sharps_state(container).nearly_full:
        due.append(Due(rules.SHARPS, f"container{container.pk}", zone))
    next_test = blood_tests(patient, today=today, regimens=taking).next_due if taking else None
    if daytime and remind_of_test(next_test, today=today):
        due.append(Due(rules.BLOOD_TEST, next_test.isoformat(), zone, test_due=next_test))
    return due


def local_time(at: datetime, zone: ZoneInfo) -> time:
    return at.astimezone(zone).time()
