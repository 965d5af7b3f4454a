"""The dose log and what the site rules read: reactions and avoid zones (DESIGN §4, §7).

A `Dose` is one slot outcome: a taken dose or a skipped slot; or an extra dose beside
a taken one (DESIGN §5). It is never deleted:
a correction bumps `version`, a void sets `voided_at`, and each writes a
`DoseRevision` holding the record as it then stood, with who, when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules.geometry import REGIONS, Administrator, Site
from ..rules.schedule import SkipReason
from ..text import skips as skip_text
from .people import Patient
from .regimens import Regimen

REGION_CHOICES = [
    ("abdomen", _("abdomen")),
    ("thigh", _("thigh")),
    ("upper_arm", _("back of upper arm")),
    ("buttock", _("buttock")),
]
SIDE_CHOICES = [("", _("none")), ("left", _("left")), ("right", _("right"))]
assert [name for name, _label in REGION_CHOICES] == list(REGIONS)


class AdministeredBy(models.TextChoices):
    SELF = Administrator.SELF, _("the patient")
    CAREGIVER = Administrator.CAREGIVER, _("a caregiver")
    CLINICIAN = Administrator.CLINICIAN, _("a clinician")


class SiteFields(models.Model):
    region = models.CharField(_("region"), max_length=16, choices=REGION_CHOICES, blank=True)
    side = models.CharField(_("side"), max_length=8, choices=SIDE_CHOICES, blank=True)
    x_mm = models.SmallIntegerField(_("x (mm)"), null=True, blank=True)
    y_mm = models.SmallIntegerField(_("y (mm)"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def site(self) -> Site | None:
        if not self.region:
            return None
        return Site(self.region, self.side, self.x_mm, self.y_mm)


class ImportBatch(models.Model):
    """One import of a CSV log while it is written (services.importing): its rows are
    stored in short transactions, each one holding `pending_import` on this batch and
    seen by no read of the log, until one last transaction clears the mark on every
    row at once. A batch that failed keeps its rows, hidden for good: they were never
    records, and their revisions cannot be deleted (models.append_only)."""

    class State(models.TextChoices):
        WRITING = "writing", _("being written")
        IMPORTED = "imported", _("imported")
        FAILED = "failed", _("failed")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State, default=State.WRITING)
    rows = models.PositiveIntegerField(default=0)
    written = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"import {self.pk} for {self.patient}: {self.state}, {self.written}/{self.rows}"


class RecordedDoses(models.Manager):
    """The log every page, export and rule reads: a dose of an import still being
    written is not part of it yet (ImportBatch)."""

    def get_queryset(self):
        return super().get_queryset().filter(pending_import__isnull=True)


class Dose(SiteFields):
    class Status(models.TextChoices):
        TAKEN = "taken", _("taken")
        SKIPPED = "skipped", _("skipped")
        # A second injection given by mistake in a slot that has its taken dose: never
        # the slot's outcome, but an injection all the same (DESIGN §5).
        EXTRA = "extra", _("extra dose")

    class Source(models.TextChoices):
        APP = "app", _("entered in the app")
        IMPORT = "import", _("imported")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="doses")
    regimen = models.ForeignKey(Regimen, on_delete=models.PROTECT, related_name="doses")
    slot_date = models.DateField(_("slot date"))
    status = models.CharField(_("status"), max_length=8, choices=Status)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    dose_mg = models.DecimalField(_("dose (mg)"), max_digits=7, decimal_places=2, null=True)
    administered_by = models.CharField(
        _("given by"), max_length=10, choices=AdministeredBy, blank=True
    )
    # A skip's reason chosen from the list, as a code (rules.schedule.SkipReason), so
    # that each reader reads it in their own words; `reason` keeps what the person
    # typed: the details, or the whole reason. Empty for a reason in words only (an
    # import, an older record) and for a flagged dose, whose `reason` is why.
    skip_reason = models.CharField(
        _("reason chosen"), max_length=16, choices=skip_text.CHOICES, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The codes of the rules this record broke (DESIGN §4, plus "outside_window"):
    # a non-empty list flags it for review.
    flags = models.JSONField(_("flags"), default=list, blank=True)
    source = models.CharField(max_length=8, choices=Source, default=Source.APP)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    void_reason = models.TextField(blank=True)
    # Set while the import that writes this row is not complete (ImportBatch). Its
    # index holds only the rows that have it (Meta.indexes): a whole-table index of
    # NULLs led SQLite's planner to scan the table for every read of the log.
    pending_import = models.ForeignKey(
        ImportBatch,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
    )
    # Every row, pending ones too: only the import service, which writes, completes
    # and removes them, reads through it.
    with_pending = models.Manager()
    objects = RecordedDoses()

    class Meta:
        default_manager_name = "objects"
        verbose_name = _("dose")
        verbose_name_plural = _("doses")
        constraints = [
            # One outcome (a taken dose or a skip) per slot; voided records and extra
            # doses step aside, and so do an import's rows until it is complete: the
            # transaction that completes it is the one this constraint checks.
            models.UniqueConstraint(
                fields=["regimen", "slot_date"],
                condition=Q(voided_at__isnull=True)
                & ~Q(status="extra")
                & Q(pending_import__isnull=True),
                name="one_outcome_per_slot",
            ),
            models.CheckConstraint(
                condition=(
                    (Q(status="taken") | (Q(status="extra") & ~Q(reason="")))
                    & Q(taken_at__isnull=False)
                    & Q(dose_mg__isnull=False)
                    & ~Q(region="")
                    & Q(x_mm__isnull=False)
                    & Q(y_mm__isnull=False)
                    & ~Q(administered_by="")
                    & Q(skip_reason="")
                )
                # A skip says why: a reason chosen from the list, or words; "other" is
                # words only.
                | (
                    Q(status="skipped")
                    & Q(taken_at__isnull=True)
                    & Q(skip_reason__in=["", *(reason.value for reason in SkipReason)])
                    & (~Q(reason="") | (~Q(skip_reason="") & ~Q(skip_reason="other")))
                ),
                name="dose_is_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["patient", "taken_at"], name="dose_patient_taken_at"),
            # The check-in's slots and the history's pages (newest first), by day.
            models.Index(fields=["regimen", "slot_date"], name="dose_regimen_slot"),
            models.Index(fields=["patient", "-slot_date"], name="dose_patient_slot"),
            # The latest injection on each region-side (reading.facts._seen_before).
            models.Index(
                fields=["patient", "region", "side", "taken_at"], name="dose_patient_site"
            ),
            models.Index(
                fields=["pending_import"],
                condition=Q(pending_import__isnull=False),
                name="dose_pending_import",
            ),
        ]

    def __str__(self):
        return f"{self.regimen.medication.short_name} {self.slot_date} {self.status}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    def reason_words(self) -> str:
        """The reason as the reader reads it, in the active language: a chosen skip
        reason by its neutral label, with the details typed (text.skips)."""
        return skip_text.reason_words(self.skip_reason, self.reason)

    def snapshot(self) -> dict:
        """The record's facts, as stored in each revision."""
        return {
            "slot_date": self.slot_date.isoformat(),
            "status": self.status,
            "taken_at": self.taken_at.isoformat() if self.taken_at else None,
            "dose_mg": str(self.dose_mg) if self.dose_mg is not None else None,
            "region": self.region,
            "side": self.side,
            "x_mm": self.x_mm,
            "y_mm": self.y_mm,
            "administered_by": self.administered_by,
            "skip_reason": self.skip_reason,
            "reason": self.reason,
            "notes": self.notes,
            "flags": list(self.flags),
            "voided": self.is_voided,
        }


class DoseRevision(models.Model):
    class Action(models.TextChoices):
        CREATED = "created", _("created")
        CORRECTED = "corrected", _("corrected")
        VOIDED = "voided", _("voided")

    dose = models.ForeignKey(Dose, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=Action)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["dose", "version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dose", "version", "action"], name="one_revision_per_change"
            )
        ]

    def __str__(self):
        return f"{self.dose} v{self.version} {self.action}"


class SiteReaction(models.Model):
    """A reaction at a dose's site; it keeps the area off limits until resolved."""

    class Kind(models.TextChoices):
        REDNESS = "redness", _("redness")
        SWELLING = "swelling", _("swelling")
        BRUISING = "bruising", _("bruising")
        PAIN = "pain", _("pain")
        ITCHING = "itching", _("itching")

    class Severity(models.TextChoices):
        MILD = "mild", _("mild")
        MODERATE = "moderate", _("moderate")
        SEVERE = "severe", _("severe")

    dose = models.ForeignKey(Dose, on_delete=models.PROTECT, related_name="reactions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    severity = models.CharField(_("how bad"), max_length=8, choices=Severity, default=Severity.MILD)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self):
        return f"{self.get_kind_display()} at {self.dose}"


class SiteCheck(models.Model):
    """The answer to "how does the site look?" for a dose: fine, or the reactions
    recorded with it. Its existence means the question was answered."""

    dose = models.OneToOneField(Dose, on_delete=models.PROTECT, related_name="site_check")
    fine = models.BooleanField(_("looks fine"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self):
        return f"{self.dose}: {'fine' if self.fine else 'reaction'}"


class AvoidZone(SiteFields):
    """An area the patient keeps away from (DESIGN §4 `avoid_zone`)."""

    class Kind(models.TextChoices):
        VEIN = "vein", _("vein")
        SCAR = "scar", _("scar")
        TATTOO = "tattoo", _("tattoo")
        BRUISE = "bruise", _("bruise")
        OTHER = "other", _("other")

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="avoid_zones")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind)
    radius_mm = models.PositiveSmallIntegerField(_("radius (mm)"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(radius_mm__gte=5), name="avoid_zone_radius_at_least_5mm"
            ),
            models.CheckConstraint(
                condition=~Q(region="") & Q(x_mm__isnull=False) & Q(y_mm__isnull=False),
                name="avoid_zone_has_a_centre",
            ),
        ]

    def __str__(self):
        where = f"{self.region} {self.side}".strip()
        return f"{self.get_kind_display()} on {where} at {self.x_mm}, {self.y_mm} mm"
