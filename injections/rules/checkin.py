"""What the daily check-in asks and allows, and when (DESIGN §4, §7)."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from .sites import PastInjection, SpacingRules

# The site question is about a dose given at least this long ago ("yesterday's
# site"), and no older than a week: a reaction shows within a day or so.
SITE_QUESTION_AFTER = timedelta(hours=12)
SITE_QUESTION_UNTIL = timedelta(days=7)
# How long the person who entered a record can take it back with one tap.
UNDO_WINDOW = timedelta(minutes=10)
# How long the check-in says when the medicine starts to work (DESIGN §2: many
# notice it after about two weeks, the full effect can take several): the first
# six weeks of the patient's first regimen, and the days before it starts.
BENEFIT_TIMELINE = timedelta(weeks=6)


def history_window(rules: SpacingRules) -> timedelta:
    """How far back before an instant the check-in reads every injection: as far as
    the site rules' rest period, the suggestions' memory (and the map's fading dots)
    and the site question look. Older injections matter only as the latest one on
    each region-side and as reactions still healing (reading.facts.past_injections)."""
    return max(
        timedelta(days=rules.site_rest_days),
        timedelta(days=rules.suggestion_memory_days),
        SITE_QUESTION_UNTIL,
    )


def site_question[I: PastInjection](history: Sequence[I], *, at: datetime) -> I | None:
    """The injection whose site the check-in asks about: the latest one given 12 hours
    to a week before `at` (`history` oldest first), unless its look is already
    recorded or a reaction there is still healing (the page lists it as such)."""
    asked = [i for i in history if at - SITE_QUESTION_UNTIL <= i.at <= at - SITE_QUESTION_AFTER]
    if asked and not asked[-1].site_checked and not asked[-1].reaction_unresolved:
        return asked[-1]
    return None


def may_undo(*, entered_by: int, user: int, entered_at: datetime, at: datetime) -> bool:
    """Only the person who entered a record can undo it, and only for UNDO_WINDOW."""
    return entered_by == user and at - entered_at <= UNDO_WINDOW


def tells_benefit_timeline(*, first_start: date | None, today: date) -> bool:
    """Whether the check-in says when the medicine starts to work: until six weeks
    after the patient's first regimen started (`first_start`), none when they have
    no regimen."""
    return first_start is not None and today < first_start + BENEFIT_TIMELINE


# Who may correct or void a record besides the person who entered it (DESIGN §7):
# the patient, whose log it is, and the staff of a clinic treating them.
MAY_CORRECT_ANY = frozenset({"patient", "clinician"})


def may_correct(*, role: str | None, entered_by: int, user: int) -> bool:
    """Whether `user`, who sees the patient as `role` (None: not at all), may correct
    or void a record entered by `entered_by`: its author, the patient, or their
    clinic's staff; a caregiver only the records they entered (issue 10, item 4)."""
    if role is None:
        return False
    return role in MAY_CORRECT_ANY or entered_by == user
