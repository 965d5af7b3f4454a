"""Medications, regimens and their schedule history (DESIGN §2, §5)."""

from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules import schedule as rules
from ..rules.sites import SpacingRules
from .people import Patient


def format_mg(value: Decimal) -> str:
    """Decimal("100.00") -> "100", Decimal("0.50") -> "0.5"."""
    return format(value.normalize(), "f")


class Medication(models.Model):
    short_name = models.SlugField(_("short name"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    strength_mg = models.DecimalField(_("mg per syringe"), max_digits=7, decimal_places=2)
    volume_ml = models.DecimalField(_("mL per syringe"), max_digits=5, decimal_places=2)
    syringes_per_box = models.PositiveSmallIntegerField(_("syringes per box"), default=7)
    room_temperature_limit_hours = models.PositiveSmallIntegerField(
        _("hours allowed at room temperature"), default=24
    )
    # The most a weight-based dose may be (anakinra: 8 mg/kg/day); empty: not dosed by weight.
    max_mg_per_kg_per_day = models.DecimalField(
        _("most mg per kg a day"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("medication")
        verbose_name_plural = _("medications")

    def __str__(self):
        return self.name


class Regimen(models.Model):
    """What a patient injects and its rules. When and where in time the slots fall is
    in `ScheduleVersion`, so that a change keeps the past slots where they were."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="regimens")
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, related_name="+")
    dose_mg = models.DecimalField(
        _("dose (mg)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    min_spacing_mm = models.PositiveSmallIntegerField(_("minimum spacing (mm)"), default=25)
    site_rest_days = models.PositiveSmallIntegerField(_("site rest (days)"), default=14)
    opens_before = models.DurationField(_("window opens before"), default=timedelta(hours=3))
    on_time_after = models.DurationField(_("on time until after"), default=timedelta(hours=2))
    closes_after = models.DurationField(
        _("window closes after"),
        null=True,
        blank=True,
        help_text=_("Empty: half the interval between doses."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("regimen")
        verbose_name_plural = _("regimens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="regimen_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.medication.short_name} {format_mg(self.dose_mg)} mg for {self.patient}"

    @property
    def spacing_rules(self) -> SpacingRules:
        return SpacingRules(min_spacing_mm=self.min_spacing_mm, site_rest_days=self.site_rest_days)

    def runs_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def effective_versions(self) -> list["ScheduleVersion"]:
        """The versions in force, by `valid_from`. A version supersedes the ones
        entered before it that would have taken effect on or after its own date.
        Prefetch `schedule_versions` when listing regimens."""
        effective = []
        for version in sorted(self.schedule_versions.all(), key=lambda v: (v.created_at, v.pk)):
            effective = [v for v in effective if v.valid_from < version.valid_from] + [version]
        return sorted(effective, key=lambda v: v.valid_from)

    def current_version(self) -> "ScheduleVersion":
        return self.effective_versions()[-1]

    def version_on(self, day) -> "ScheduleVersion":
        """The version in force on local date `day` (the first one before the start)."""
        versions = self.effective_versions()
        return ([v for v in versions if v.valid_from <= day] or versions[:1])[-1]

    def dose_on(self, day) -> Decimal:
        """The dose prescribed for the slot of local date `day`: that of the version in
        force then (a change of dose applies from the next unopened slot, like a change
        of time)."""
        return self.version_on(day).dose_mg

    def schedule(self) -> rules.Schedule:
        """The plain-data schedule; prefetch `schedule_versions` and `pauses` for lists."""
        return rules.Schedule(
            versions=tuple(
                rules.ScheduleVersion(v.valid_from, v.rrule, v.time_of_day, v.time_zone)
                for v in self.effective_versions()
            ),
            end_date=self.end_date,
            windows=rules.Windows(self.opens_before, self.on_time_after, self.closes_after),
            pauses=tuple((p.first_day, p.last_day) for p in self.pauses.all()),
        )


class ScheduleVersion(models.Model):
    """The prescription that governs slots from `valid_from` on: the rule, time of
    day and zone, and the dose (in mg; for a weight-based dose, also the mg per kg and
    the weight it was computed from). `Regimen.dose_mg` is the newest version's dose."""

    regimen = models.ForeignKey(Regimen, on_delete=models.PROTECT, related_name="schedule_versions")
    valid_from = models.DateField(_("from"))
    rrule = models.CharField(_("recurrence rule"), max_length=200, default="FREQ=DAILY")
    time_of_day = models.TimeField(_("time of day"), default=time(8, 0))
    time_zone = models.CharField(_("time zone"), max_length=64)
    dose_mg = models.DecimalField(
        _("dose (mg)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    mg_per_kg = models.DecimalField(
        _("dose per kg (mg)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mg_per_kg__isnull=True, weight_kg__isnull=True)
                | models.Q(mg_per_kg__isnull=False, weight_kg__isnull=False),
                name="weight_based_dose_names_its_weight",
            )
        ]

    def __str__(self):
        return (
            f"{format_mg(self.dose_mg)} mg, {self.rrule} at {self.time_of_day:%H:%M} "
            f"{self.time_zone} from {self.valid_from}"
        )


class TreatmentPause(models.Model):
    """Slots whose local dates fall from `first_day` to `last_day` are paused, not missed."""

    regimen = models.ForeignKey(Regimen, on_delete=models.PROTECT, related_name="pauses")
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__isnull=True)
                | models.Q(last_day__gte=models.F("first_day")),
                name="pause_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"pause from {self.first_day} to {self.last_day or '…'}"
