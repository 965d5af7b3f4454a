"""Giving the day's scores (issue 12, item 4): pain, morning stiffness and fatigue,
0 to 10, on the check-in."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DailyScore, Patient
from ..reading.access import role_for
from ..reading.regimens import patient_zone
from ..rules.scores import Scores, day_of, may_score, score_refusal
from ..text.scores import refusal_words
from . import audit
from .errors import NotPermitted, ServiceError


class ScoresRefused(ServiceError):
    """The scores cannot be saved for that day; `code` says why (rules.scores)."""

    def __init__(self, code: str, *, day: date):
        self.code = code
        super().__init__(refusal_words(code, day=day))


@transaction.atomic
def record_scores(
    *,
    patient: Patient,
    day: date,
    recorded_by: AbstractBaseUser,
    pain: int | None = None,
    stiffness: int | None = None,
    fatigue: int | None = None,
    now: datetime | None = None,
) -> DailyScore:
    """Save the patient's scores of `day`, which must be their today (in the zone their
    days are counted in): the first time that day, or again to change them, when the
    new answers replace the day's, with who gave them and when. A scale left out is
    None. The patient gives them, or a caregiver as the patient tells them; one row
    per patient and day is the database's to keep (`one_score_per_day`)."""
    now = now or timezone.now()
    if not may_score(role_for(recorded_by, patient)):
        raise NotPermitted(_("only the patient, or a caregiver as they tell it, gives the scores"))
    scores = Scores(pain, stiffness, fatigue)
    refusal = score_refusal(scores, day=day, today=day_of(now, patient_zone(patient)))
    if refusal:
        raise ScoresRefused(refusal, day=day)
    # A second device saving the same day at the same moment waits for the row lock,
    # or finds the row the other inserted: never two rows, nor an error.
    record, created = DailyScore.objects.update_or_create(
        patient=patient,
        day=day,
        defaults={
            "pain": pain,
            "stiffness": stiffness,
            "fatigue": fatigue,
            "recorded_at": now,
            "recorded_by": recorded_by,
        },
    )
    audit.record(audit.Action.CREATED if created else audit.Action.CORRECTED,
                 actor=recorded_by, patient=patient, obj=record, at=now)  # fmt: skip
    return record
