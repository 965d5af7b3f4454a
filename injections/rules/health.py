"""The health log's rules (DESIGN §2): which side effects are urgent, when a site
reaction needs the doctor, the neutrophil test schedule, and when a neutrophil
count is low. Other medicines and vaccines are in rules.medicines.
"""

from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

# Side effects as the leaflet classes them (DESIGN §2, issue 10 item 6).
# Signs of infection: with anakinra any of them means calling the doctor. `sinusitis`
# is the code of the records made when it was listed as common ("sinus or upper
# respiratory infection"): the same thing, now with the infections.
INFECTION_SIGNS = ("infection", "sinusitis", "chest_infection", "pneumonia")
ALLERGY = "allergy"
# Call the doctor at once.
URGENT_SIDE_EFFECTS = ("rash", *INFECTION_SIGNS, "breathing", "red_swollen_skin", ALLERGY)
# Tell the doctor if it is severe or does not go away; each is recorded with a severity.
COMMON_SIDE_EFFECTS = (
    "site_reaction", "headache", "nausea", "vomiting", "diarrhoea", "constipation",
)  # fmt: skip
# Something else unusual, described in the patient's own words.
OTHER_SIDE_EFFECT = "other"
SIDE_EFFECTS = (*URGENT_SIDE_EFFECTS, *COMMON_SIDE_EFFECTS, OTHER_SIDE_EFFECT)
SEVERITIES = ("mild", "moderate", "severe")
REACTION_DOCTOR_AFTER = timedelta(weeks=4)


class SideEffectAdvice(StrEnum):
    """What to do about a side effect just recorded (side_effect_advice)."""

    CALL_NOW = "call_now"  # call the doctor at once
    ASK_BEFORE_NEXT_DOSE = "ask_before_next_dose"  # ... and no dose until they say so
    TELL_SOON = "tell_soon"  # severe: tell the doctor soon, not at the next visit
    TELL_IF_LASTS = "tell_if_lasts"  # tell the doctor if it gets severe or lasts
    TELL_DOCTOR = "tell_doctor"  # something else unusual: tell the doctor about it


def is_urgent(side_effect: str) -> bool:
    return side_effect in URGENT_SIDE_EFFECTS


def is_known_side_effect(side_effect: str) -> bool:
    return side_effect in SIDE_EFFECTS


def side_effect_refusal(side_effect: str, *, severity: str, described: str) -> str | None:
    """Why a side effect cannot be recorded as given, as a code, or None. A common one
    needs its severity (mild, moderate or severe); something else unusual needs to be
    described; a severity, when given, is one of the three."""
    if not is_known_side_effect(side_effect):
        return "unknown_kind"
    if severity and severity not in SEVERITIES:
        return "unknown_severity"
    if side_effect in COMMON_SIDE_EFFECTS and not severity:
        return "severity_required"
    if side_effect == OTHER_SIDE_EFFECT and not described.strip():
        return "description_required"
    return None


def side_effect_advice(side_effect: str, severity: str = "") -> SideEffectAdvice:
    """The leaflet's classes (DESIGN §2): call the doctor at once for the urgent ones,
    and after a sign of allergy take no dose until a doctor has been asked; a common
    effect goes to the doctor if it is severe or does not go away; something else
    unusual is told to the doctor, soon when it is severe."""
    if side_effect == ALLERGY:
        return SideEffectAdvice.ASK_BEFORE_NEXT_DOSE
    if is_urgent(side_effect):
        return SideEffectAdvice.CALL_NOW
    if severity == "severe":
        return SideEffectAdvice.TELL_SOON
    if side_effect == OTHER_SIDE_EFFECT:
        return SideEffectAdvice.TELL_DOCTOR
    return SideEffectAdvice.TELL_IF_LASTS


def holds_next_dose(side_effect: str, *, acknowledged: bool, doctor_said_yes: bool) -> bool:
    """After a sign of allergy the next dose waits until a doctor has been asked
    (issue 10 item 6): until the patient or a caregiver records that a doctor said
    it may be taken, or a member of the clinic's staff has seen the sign. An allergic
    reaction can come back stronger with the next injection, so it has no time limit."""
    return side_effect == ALLERGY and not acknowledged and not doctor_said_yes


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
