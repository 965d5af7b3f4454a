"""The words of "Is it working?" (issue 12, item 4): the three scales, what 0 and 10
mean, why a score is refused, what was saved, and the chart said in a sentence."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..rules.scores import SCALES, Scores

SCALE_LABELS = {
    "pain": _("Pain"),
    "stiffness": _("Morning stiffness"),
    "fatigue": _("Fatigue"),
}
# The same, short, where room is scarce (the columns of the chart's table).
SCALE_SHORT = {
    "pain": _("Pain"),
    "stiffness": _("Stiffness"),
    "fatigue": _("Fatigue"),
}
# The same, inside a sentence ("pain 3, morning stiffness 5").
SCALE_WORDS = {
    "pain": _("pain"),
    "stiffness": _("morning stiffness"),
    "fatigue": _("fatigue"),
}
ENDS = _("0 none, 10 the worst")

SCORE_REFUSALS = {
    "day_gone": _(
        "%(day)s is over: its scores can no longer be given or changed. Save these as "
        "today's if they say how it is today."
    ),
    "day_to_come": _("scores are given for today, not for %(day)s"),
    "out_of_range": _("a score is a whole number from 0 (none) to 10 (the worst)"),
    "nothing_given": _("tap a number on at least one of the scales"),
}


def refusal_words(code: str, *, day: date) -> str:
    return str(SCORE_REFUSALS[code]) % {"day": formats.date_format(day, _("l j F"))}


def score_list(scores: Scores) -> str:
    """The scales given, in their order: "pain 3, morning stiffness 5, fatigue 2"."""
    return ", ".join(
        gettext("%(scale)s %(score)s") % {"scale": SCALE_WORDS[scale], "score": value}
        for scale, value in scores.given().items()
    )


def saved_words(scores: Scores, *, by: str | None = None) -> str:
    """What the check-in says once today's scores are saved; `by` names who saved
    them when it was not the person reading."""
    values = {"scores": score_list(scores), "who": by}
    if by is None:
        return gettext("Saved for today: %(scores)s.") % values
    return gettext("Saved for today by %(who)s: %(scores)s.") % values


def progress_summary(rows, *, start: date | None) -> str:
    """The chart in words, for its text alternative: what it shows, when treatment
    started, and how each scale and the doses went from the first week that has them
    to the last. `rows` are `reading.scores.WeekProgress`, oldest first."""
    if not rows:
        return gettext("Nothing to show yet: no week of treatment and no score so far.")
    parts = [
        gettext(
            "The average of pain, morning stiffness and fatigue each week (0 none, 10 "
            "the worst), beside the doses taken: %(first)s to %(last)s."
        )
        % {
            "first": week_words(rows[0].week.number, within=True),
            "last": week_words(rows[-1].week.number, within=True),
        }
    ]
    if start is not None:
        parts.append(
            gettext("Treatment started on %(day)s; many notice it working after two weeks.")
            % {"day": formats.date_format(start, _("j F Y"))}
        )
    for scale in SCALES:
        given = [(row, row.scores.of(scale)) for row in rows if row.scores.of(scale) is not None]
        if given:
            parts.append(_trend(SCALE_LABELS[scale], given))
    taken = [(row, row.counts.adherence_pct) for row in rows if row.counts.scheduled]
    if taken:
        parts.append(_trend(gettext("Doses taken"), taken, unit=" %"))
    return " ".join(parts)


def _trend(label, found: list[tuple], *, unit: str = "") -> str:
    """Pain: 6.5 in week 1, 3.0 in week 5: the first and the last week that have it,
    the week of today said to be so far."""
    ends = [found[0]] if len(found) == 1 else [found[0], found[-1]]
    said = ", ".join(
        gettext("%(value)s%(unit)s in %(week)s")
        % {
            "value": formats.number_format(value, 1),
            "unit": unit,
            "week": week_words(row.week.number, within=True, so_far=row.current),
        }
        for row, value in ends
    )
    return gettext("%(label)s: %(said)s.") % {"label": label, "said": said}


def week_label(number: int) -> str:
    """A week on the chart's axis: "1" from the start of treatment, and before it the
    weeks counted back, "−1" for the week just before (rules.scores numbers it 0)."""
    return str(number) if number > 0 else f"−{1 - number}"


def week_words(number: int, *, within: bool = False, so_far: bool = False) -> str:
    """Week 3 ("week 3" `within` a sentence, "week 3 so far" for the week of today);
    before treatment, "1 week before treatment", "2 weeks before treatment"."""
    if number <= 0:
        before = 1 - number
        return ngettext(
            "%(count)s week before treatment", "%(count)s weeks before treatment", before
        ) % {"count": before}
    if so_far:
        text = gettext("week %(number)s so far") if within else gettext("Week %(number)s so far")
    else:
        text = gettext("week %(number)s") if within else gettext("Week %(number)s")
    return text % {"number": number}
