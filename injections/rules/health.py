"""The health log's rules (DESIGN §2): which side effects are urgent, when a site
reaction needs the doctor, the neutrophil test schedule, and when a neutrophil
count is low. Other medicines and vaccines are in rules.medicines.
"""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

COMMON_SIDE_EFFECTS = ("headache", "nausea", "diarrhoea", "sinusitis")
# Call the doctor at once (DESIGN §2).
URGENT_SIDE_EFFECTS = ("rash", "infection", "breathing", "red_swollen_skin", "allergy")
REACTION_DOCTOR_AFTER = timedelta(weeks=4)


def is_urgent(side_effect: str) -> bool:
    return side_effect in URGENT_SIDE_EFFECTS


def reaction_needs_doctor(severity: str, *, started_on: date, today: date, resolved: bool) -> bool:
    """A severe site reaction, or one lasting over four weeks: tell the doctor. Most
    last up to two to four weeks (DESIGN §2)."""
    if severity == "severe":
        return True
    return not resolved and today - started_on > REACTION_DOCTOR_AFTER


def neutrophil_tests(start: date) -> list[date]:
    """When the neutrophil count is due (DESIGN §2): before starting, monthly for
    three months, then every three months up to a year."""
    months = [0, 1, 2, 3, 6, 9, 12]
    return [start + relativedelta(months=m) for m in months]


# The check-in reminds of a blood test from this many days before it is due.
TEST_REMINDER_DAYS = 7


def remind_of_test(due: date | None, *, today: date) -> bool:
    """Whether the check-in reminds of the next blood test: a week before it is due,
    and every day after until a result is recorded."""
    return due is not None and due <= today + timedelta(days=TEST_REMINDER_DAYS)


def next_test_due(start: date, results: list[date], *, today: date) -> date | None:
    """The first scheduled test with no result on or after its window's start (a
    result up to 7 days early counts for it), or None when all are done."""
    remaining = sorted(results)
    for due in neutrophil_tests(start):
        taken = next((r for r in remaining if r >= due - timedelta(days=7)), None)
        if taken is None:
            return due
        remaining.remove(taken)
    return None


# Below this neutrophil count (×10⁹/L) the patient tells their doctor: anakinra
# can lower it, which raises the risk of infection (DESIGN §2, lab monitoring).
NEUTROPHILS_LOW_BELOW = Decimal("1.5")


def neutrophils_low(count: Decimal | None) -> bool:
    """Whether a neutrophil count is low enough to tell the doctor: under 1.5 ×10⁹/L.
    No count (a result with only a note) is not low."""
    return count is not None and Decimal(count) < NEUTROPHILS_LOW_BELOW
