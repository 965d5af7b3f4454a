"""The health log's rules (DESIGN §2): which side effects are urgent, when a site
reaction needs the doctor, the neutrophil test schedule, and which other medicines
to check with the doctor.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

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


class Interaction(StrEnum):
    NOT_RECOMMENDED = "not_recommended"  # TNF blockers with anakinra
    ASK_DOCTOR = "ask_doctor"  # immunosuppressants, vaccines


# Generic and brand names, lower case letters only; a biosimilar's suffix
# ("etanercept-szzs") and spacing or case do not matter.
TNF_BLOCKERS = {
    "etanercept": ["etanercept", "enbrel", "erelzi", "eticovo", "benepali"],
    "infliximab": ["infliximab", "remicade", "inflectra", "renflexis", "avsola", "remsima"],
    "adalimumab": ["adalimumab", "humira", "amjevita", "hadlima", "hyrimoz", "yuflyma"],
    "certolizumab": ["certolizumab", "cimzia"],
    "golimumab": ["golimumab", "simponi"],
}
IMMUNOSUPPRESSANTS = {
    "azathioprine": ["azathioprine", "imuran", "azasan"],
    "cyclosporine": ["cyclosporine", "ciclosporin", "neoral", "sandimmune", "gengraf"],
    "methotrexate": ["methotrexate", "otrexup", "rasuvo", "trexall", "xatmep", "metoject"],
    "sirolimus": ["sirolimus", "rapamune"],
    "tacrolimus": ["tacrolimus", "prograf", "advagraf", "envarsus"],
}
VACCINE_WORDS = ["vaccine", "vaccin", "immunisation", "immunization", "jab", "booster",
                 "mmr", "bcg", "varicella", "zoster", "shingles", "yellowfever", "flumist",
                 "rotavirus", "typhoid", "polio"]  # fmt: skip


@dataclass(frozen=True)
class Match:
    kind: Interaction
    generic: str  # the generic name, or "vaccine"


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def check_medicine(name: str) -> Match | None:
    """Whether another medicine needs a word with the doctor beside anakinra (DESIGN
    §2): a TNF blocker (not recommended together), an immunosuppressant or a vaccine
    (ask first). Matches generic and brand names in any case and spacing."""
    letters = _letters(name)
    words = set(re.findall(r"[a-z]+", name.lower()))
    for kind, table in ((Interaction.NOT_RECOMMENDED, TNF_BLOCKERS),
                        (Interaction.ASK_DOCTOR, IMMUNOSUPPRESSANTS)):  # fmt: skip
        for generic, names in table.items():
            if any(known in letters for known in names):
                return Match(kind, generic)
    short = {"mmr", "bcg", "jab"}
    for word in VACCINE_WORDS:
        if (word in words) if word in short else (word in letters):
            return Match(Interaction.ASK_DOCTOR, "vaccine")
    return None
