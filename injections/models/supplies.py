"""Syringes on hand and the sharps container (DESIGN §2). States are derived: a
syringe is available until a dose uses it or it is discarded; a container's fill
is the syringes used or discarded while it was in use."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .doses import Dose
from .people import Patient
from .regimens import Medication


class SyringeBox(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="boxes")
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="+")
    lot = models.CharField(_("lot number"), max_length=40)
    expires_on = models.DateField(_("expiry date"))
    count = models.PositiveSmallIntegerField(_("syringes"), validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"{self.medication.short_name} lot {self.lot}, expires {self.expires_on}"


class Syringe(models.Model):
    class Discard(models.TextChoices):
        EXPIRED = "expired", _("expired")
        TOO_WARM = "too_warm", _("too long at room temperature")
        CLOUDY = "cloudy", _("cloudy")
        DISCOLOURED = "discoloured", _("discoloured")
        PARTICLES = "particles", _("something floating in it")
        DAMAGED = "damaged", _("dropped or damaged")
        OTHER = "other", _("other")

    box = models.ForeignKey(SyringeBox, on_delete=models.PROTECT, related_name="syringes")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="syringes")
    out_of_fridge_at = models.DateTimeField(_("taken out of the fridge at"), null=True, blank=True)
    # A dose above the syringe's strength uses several (DESIGN §2: each used once).
    dose = models.ForeignKey(
        Dose, on_delete=models.PROTECT, related_name="syringes", null=True, blank=True
    )
    used_at = models.DateTimeField(null=True, blank=True)
    discarded_at = models.DateTimeField(null=True, blank=True)
    discard_reason = models.CharField(max_length=12, choices=Discard, blank=True)
    discard_note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(dose__isnull=True) | Q(discarded_at__isnull=True),
                name="syringe_used_or_discarded_not_both",
            ),
            models.CheckConstraint(
                condition=Q(discarded_at__isnull=True) | ~Q(discard_reason=""),
                name="discard_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"syringe {self.pk} of {self.box}"

    @property
    def available(self) -> bool:
        return self.dose_id is None and self.discarded_at is None


class SharpsContainer(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sharps")
    capacity = models.PositiveSmallIntegerField(
        _("syringes it holds"), validators=[MinValueValidator(1)]
    )
    started_at = models.DateTimeField(default=timezone.now)
    replaced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"sharps container of {self.patient} since {self.started_at:%Y-%m-%d}"
