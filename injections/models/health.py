"""The health log around the injections (DESIGN §2): side effects, other medicines,
lab results and the things to tell the doctor."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..text.health import SIDE_EFFECT_LABELS
from .people import Patient


class SideEffect(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="side_effects")
    kind = models.CharField(
        _("what"), max_length=20, choices=list(SIDE_EFFECT_LABELS.items())
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    started_on = models.DateField(_("since"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # An urgent one stays flagged on the clinic's review until staff acknowledge it.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self):
        return f"{self.get_kind_display()} for {self.patient} since {self.started_on}"


class OtherMedicine(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="other_medicines")
    name = models.CharField(_("medicine or supplement"), max_length=120)
    dose = models.CharField(_("dose"), max_length=60, blank=True)
    how_often = models.CharField(_("how often"), max_length=60, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class LabResult(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="lab_results")
    taken_on = models.DateField(_("blood taken on"))
    neutrophils = models.DecimalField(
        _("neutrophils (×10⁹/L)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"neutrophils {self.neutrophils} on {self.taken_on}"


class DoctorTopic(models.Model):
    """Something to tell the doctor about (DESIGN §2), ticked by the patient; it is
    flagged for the clinic from `since` until `until`."""

    class Topic(models.TextChoices):
        INFECTION = "infection", _("an infection")
        ASTHMA = "asthma", _("asthma")
        HIV = "hiv", _("HIV")
        KIDNEY = "kidney", _("kidney disease")
        PREGNANCY = "pregnancy", _("pregnancy or breast-feeding")
        SURGERY = "surgery", _("planned surgery, dental surgery included")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="doctor_topics")
    topic = models.CharField(max_length=12, choices=Topic)
    since = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "topic"],
                condition=models.Q(until__isnull=True),
                name="one_open_topic",
            )
        ]

    def __str__(self):
        return f"{self.get_topic_display()} ({self.patient})"
