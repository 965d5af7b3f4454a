"""The check-in's reminders: refill, syringes to discard or use soon, the sharps
container, the next blood test when near, things to tell the doctor. Read with the
page, so that nothing moves once it is shown."""

from dataclasses import dataclass, field
from datetime import date, datetime

from ...models import DoctorTopic, Patient, Regimen
from ...reading import supplies as stock
from ...reading.health import blood_tests
from ...rules.health import remind_of_test
from ...text.health import low_neutrophils_advice


@dataclass(frozen=True)
class Reminders:
    supplies: list = field(default_factory=list)  # only those with something to say
    sharps: object | None = None  # the container when nearly full
    next_test: date | None = None
    test_overdue: bool = False
    topics: list[DoctorTopic] = field(default_factory=list)
    low_count: str = ""  # the advice on a low neutrophil count, to whoever reads it

    @property
    def any(self) -> bool:
        return bool(
            self.supplies or self.sharps or self.next_test or self.topics or self.low_count
        )


def reminders(
    patient: Patient, regimens: list[Regimen], *, at: datetime, today: date, own: bool = True
) -> Reminders:
    """`own`: read by the patient ("you"), else by someone who cares for them (by name)."""
    tests = blood_tests(patient, today=today, regimens=regimens)
    next_test, low = tests.next_due, tests.last_count if tests.low else None
    container = stock.current_sharps(patient)
    sharps = stock.sharps_state(container) if container else None
    return Reminders(
        supplies=[
            s
            for s in (stock.supply(patient, r, at=at, today=today) for r in regimens)
            if s.tracked and (s.refill or s.unusable or s.warm_soon)
        ],
        sharps=sharps if sharps and sharps.nearly_full else None,
        next_test=next_test if remind_of_test(next_test, today=today) else None,
        test_overdue=tests.overdue,
        topics=list(patient.doctor_topics.filter(until__isnull=True)),
        low_count=low_neutrophils_advice(
            low.neutrophils, taken_on=low.taken_on, name=None if own else str(patient)
        )
        if low
        else "",
    )
