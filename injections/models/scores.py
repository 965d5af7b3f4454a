"""How the patient feels, day by day (issue 12, item 4: "Is it working?")."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules.scores import HIGHEST
from .people import Patient


def _scale(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(HIGHEST)]
    )


class DailyScore(models.Model):
    """Pain, morning stiffness and fatigue on one of the patient's days, 0 (none) to
    10 (the worst), any of them left out (rules.scores). One row per patient and day,
    given and changed on that day only; `recorded_at` and `recorded_by` say who said
    it last, and when (the patient, or a caregiver as the patient told them)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="daily_scores")
    day = models.DateField(_("day"))
    pain = _scale(_("pain"))
    stiffness = _scale(_("morning stiffness"))
    fatigue = _scale(_("fatigue"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "day"], name="one_score_per_day"),
            # NULL passes a CHECK: a scale left out is allowed, a score of 11 is not.
            models.CheckConstraint(
                condition=Q(pain__lte=HIGHEST)
                & Q(stiffness__lte=HIGHEST)
                & Q(fatigue__lte=HIGHEST),
                name="scores_from_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(pain__isnull=False)
                | Q(stiffness__isnull=False)
                | Q(fatigue__isnull=False),
                name="a_score_given",
            ),
        ]

    def __str__(self):
        return f"scores of {self.patient} on {self.day}"
