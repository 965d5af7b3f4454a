from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from ..rules.days import SENSIBLE_YEARS, check_sensible_day
from ..rules.invalid import Invalid
from ..text.flags import Problem
from ..text.invalid import explain


class ServiceError(Exception):
    """A request the rules refuse; `str()` is a message fit to show the user."""

    @classmethod
    def from_invalid(cls, error: Invalid) -> "ServiceError":
        return cls(explain(error))


class DoseRefused(ServiceError):
    """The dose breaks site, window or syringe rules; it may still be recorded with a
    reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))

    @property
    def codes(self) -> list[str]:
        return [str(problem.code) for problem in self.problems]


class SlotAlreadyRecorded(ServiceError):
    """The slot has its outcome; `taken` when it is a taken dose, beside which a second
    injection given by mistake can still be recorded as an extra dose."""

    def __init__(self, slot_date, *, taken: bool = False):
        self.slot_date = slot_date
        self.taken = taken
        super().__init__(
            _("a dose or a skip is already recorded for the slot of %(date)s: never a double dose")
            % {"date": formats.date_format(slot_date, _("l j F Y"))}
        )


class NotPermitted(ServiceError):
    """The user sees the record but may not change it: only its author, the patient
    and their clinic's staff correct or void a record (DESIGN §7)."""


class DeliveryFailed(Exception):
    """A reminder could not be handed to its channel (the mail server or a push
    service refused or did not answer); the sender retries it later, unless it is
    `permanent` (no device left to send to)."""

    def __init__(self, reason: str, *, permanent: bool = False):
        self.permanent = permanent
        super().__init__(reason)


def refuse_unless_sensible(day: date, *, today: date, years: int = SENSIBLE_YEARS) -> None:
    """A ServiceError for a day more than `years` from `today` (rules.days): a mistyped
    year, whoever sent it (a page, a command, an import)."""
    try:
        check_sensible_day(day, today=today, years=years)
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None
