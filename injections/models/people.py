"""People and who may see whom (DESIGN §1).

A patient owns their record. A caregiver sees a patient through a care link the
patient granted; clinic staff see the patients enrolled in their clinic. Links are
ended, never deleted, so the record of who had access when is kept.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Patient(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    created_at = models.DateTimeField(default=timezone.now)
    refill_threshold_days = models.PositiveSmallIntegerField(
        _("warn when supply falls under (days)"), default=3
    )
    # Asked once on the health page (the leaflet): None until the patient answers.
    latex_allergy = models.BooleanField(
        _("allergic to latex (natural rubber)"), null=True, blank=True
    )
    bacterial_protein_allergy = models.BooleanField(
        _("allergic to proteins made with bacteria (E. coli)"), null=True, blank=True
    )
    allergies_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("patient")
        verbose_name_plural = _("patients")

    def __str__(self):
        return self.user.get_username()


def new_join_code() -> str:
    return secrets.token_hex(4).upper()


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=200)
    join_code = models.CharField(_("join code"), max_length=16, unique=True, default=new_join_code)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self):
        return self.name


class ClinicStaff(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clinic_roles"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinic staff member")
        verbose_name_plural = _("clinic staff")
        constraints = [
            models.UniqueConstraint(fields=["clinic", "user"], name="one_staff_role_per_clinic")
        ]

    def __str__(self):
        return f"{self.user} @ {self.clinic}"


class Enrollment(models.Model):
    """A patient's membership of a clinic; `left_at` ends it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="enrollments")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="enrollments")
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "clinic"],
                condition=Q(left_at__isnull=True),
                name="one_active_enrollment_per_clinic",
            )
        ]

    def __str__(self):
        return f"{self.patient} in {self.clinic}"


class CareLink(models.Model):
    """Access a patient granted to a caregiver; `revoked_at` ends it at once."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="care_links")
    caregiver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_links"
    )
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The patient's choice: tell this caregiver when a dose is missed (issue 11).
    missed_dose_alerts = models.BooleanField(_("tell them of a missed dose"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "caregiver"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_care_link",
            )
        ]

    def __str__(self):
        return f"{self.caregiver} cares for {self.patient}"


class CareInvitation(models.Model):
    """A patient's invitation to a caregiver: single use, expiring. Only a hash of
    its token is stored, so the table alone cannot be used to accept it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invitee = models.CharField(_("email or username"), max_length=254)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.patient} invites {self.invitee}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address where a calendar app reads a patient's doses (issue 11). The
    token is the key: anyone with the address can read the feed until it is revoked.
    It is kept whole so that the settings page can show the address again; the
    record it opens is in the same database."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient"], condition=Q(revoked_at__isnull=True), name="one_live_feed"
            )
        ]

    def __str__(self):
        return f"calendar feed of {self.patient}"


class Visit(models.Model):
    """A visit to the clinic, recorded by its staff: the visit report runs from the
    last one by default (rules.report). A visit recorded in error is withdrawn, which
    keeps the row and who withdrew it."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="visits")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="visits")
    day = models.DateField(_("day of the visit"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["patient", "day"], name="visit_patient_day")]

    def __str__(self):
        return f"visit of {self.patient} on {self.day}"


class WrongCode(models.Model):
    """An invitation or clinic code that did not work, typed by `user` from `address`:
    counted against rules.throttle's limits. Rows older than a day are removed as new
    ones are written; they are a brake on guessing, not a record."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation code")
        CLINIC = "clinic", _("clinic code")

    kind = models.CharField(max_length=10, choices=Kind)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["user", "at"], name="wrong_code_user_at"),
            models.Index(fields=["address", "at"], name="wrong_code_address_at"),
        ]

    def __str__(self):
        return f"wrong {self.kind} code by {self.user} at {self.at}"


class LanguageChoice(models.Model):
    """The language a person chose for medtrack (issue 15): its pages wherever they
    sign in, and the emails and notifications sent to them."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="language_choice",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    chosen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user}: {self.language}"
