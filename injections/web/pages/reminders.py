"""The check-in's reminders: refill, syringes to discard or use soon, the sharps
container, the next blood test when near, things to tell the doctor. Read with the
page, so that nothing moves once it is shown."""

from dataclasses import dataclass, field
from datetime import date, datetime

from ...models import DoctorTopic, Patient, Regimen
from ...reading import supplies as stock
from ...rules.health import next_test_due, remind_of_test


@dataclass(frozen=True)
class Reminders:
    supplies: list = field(default_factory=list)  # only those with something to say
    sharps: object | None = None  # the container when nearly full
    next_test: date | None = None
    test_overdue: bool = False
    topics: list[DoctorTopic] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.supplies or self.sharps or self.next_test or self.topics)


def reminders(patient: Patient, regimens: list[Regimen], *, at: datetime, today: date) -> Reminders:
    start = min((r.start_date for r in regimens), default=None)
    taken = list(patient.lab_results.values_list("taken_on", flat=True))
    next_test = next_test_due(start, taken, today=today) if start else None
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
        test_overdue=bool(next_test and next_test < today),
        topics=list(patient.doctor_topics.filter(until__isnull=True)),
    )
