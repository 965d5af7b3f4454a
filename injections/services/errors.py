from django.utils.translation import gettext as _

from ..rules.sites import Violation


class ServiceError(Exception):
    """A request the rules refuse; `str()` is a message fit to show the user."""


class DoseRefused(ServiceError):
    """The dose breaks site or window rules; it may still be recorded with a reason."""

    def __init__(self, problems: list[Violation]):
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))

    @property
    def codes(self) -> list[str]:
        return [str(problem.code) for problem in self.problems]


class SlotAlreadyRecorded(ServiceError):
    def __init__(self, slot_date):
        self.slot_date = slot_date
        super().__init__(
            _("a dose or a skip is already recorded for the slot of %(date)s: never a double dose")
            % {"date": slot_date.isoformat()}
        )
