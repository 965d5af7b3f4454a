"""The check-in's "How are you today?" (issue 12, item 4): three scales, optional,
and once saved a line saying so, with a way to change it until the day is over."""

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from ...models import DailyScore, Patient
from ...reading.access import Role
from ...reading.scores import score_on, scores_of
from ...rules.scores import day_of, may_score
from ...text.scores import saved_words
from ..forms import DailyScoreForm


@dataclass
class ScoreSection:
    patient: Patient
    today: date
    saved: DailyScore | None
    form: DailyScoreForm
    own: bool  # read by the patient (else by a caregiver, who asks them)
    viewer_id: int

    @property
    def name(self) -> str | None:
        return None if self.own else str(self.patient)

    @property
    def saved_words(self) -> str:
        if self.saved is None:
            return ""
        by = None if self.saved.recorded_by_id == self.viewer_id else self.saved.recorded_by
        return saved_words(scores_of(self.saved), by=by and by.get_username())

    @property
    def failed(self) -> bool:
        return self.form.is_bound and bool(self.form.errors)


def score_section(
    patient: Patient, *, role: Role, user, at: datetime, tz: tzinfo, form=None
) -> ScoreSection | None:
    """The section for whoever may give the scores (rules.scores.may_score), else None:
    the clinic's staff read them on the patient's review instead. `form`: the one just
    refused, shown again with what was tapped."""
    if not may_score(role):
        return None
    today = day_of(at, tz)
    saved = score_on(patient, today)
    if form is None:
        initial = {"day": today}
        if saved is not None:
            initial |= scores_of(saved).given()
        form = DailyScoreForm(initial=initial)
    return ScoreSection(patient, today, saved, form, own=role == Role.PATIENT, viewer_id=user.pk)
