"""The health log around the injections (DESIGN §2): side effects, other medicines,
lab results and the things to tell the doctor."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules.health import holds_next_dose, is_urgent
from ..text.health import SEVERITY_LABELS, SIDE_EFFECT_LABELS, side_effect_label
from .people import Patient


class SideEffect(models.Model):
    """A side effect the patient noticed, in the leaflet's classes (rules.health): an
    urgent one, a common one with how bad it is, or something else, described."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="side_effects")
    kind = models.CharField(
        _("what"), max_length=20, choices=list(SIDE_EFFECT_LABELS.items())
    )
    # Required for the common ones; empty on records made before it was asked.
    severity = models.CharField(
        _("how bad"), max_length=8, choices=list(SEVERITY_LABELS.items()), blank=True
    )
    described = models.CharField(_("what it is"), max_length=200, blank=True)  # "other"
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
    # After a sign of allergy: who said a doctor had been asked and the next dose may
    # be taken, and when (rules.health.holds_next_dose).
    doctor_said_yes_at = models.DateTimeField(null=True, blank=True)
    doctor_said_yes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self):
        return f"{self.label} for {self.patient} since {self.started_on}"

    @property
    def label(self) -> str:
        return side_effect_label(self.kind, severity=self.severity, described=self.described)

    @property
    def urgent(self) -> bool:
        return is_urgent(self.kind)

    @property
    def holds_next_dose(self) -> bool:
        return holds_next_dose(
            self.kind,
            acknowledged=self.acknowledged_at is not None,
            doctor_said_yes=self.doctor_said_yes_at is not None,
        )


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
        VACCINATION = "vaccination", _("a vaccination planned")

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
