"""The audit log (issue 13, item 4): who signed in, looked at, exported or changed a
patient's record, and who was refused, with when (UTC) and from where.

It is append-only: triggers made by migration 0018 (models.append_only) refuse an
UPDATE or DELETE of a row, on SQLite and PostgreSQL alike. A row holds ids and
codes, never health data: no note, no dose, no reason a person typed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Patient

# The longest username, user agent and detail kept: enough to tell them apart.
USERNAME_CHARS = 150
USER_AGENT_CHARS = 200
DETAIL_CHARS = 200


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SIGNED_IN = "signed_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("failed to sign in")
        SIGN_IN_PAUSED = "sign_in_paused", _("was paused from signing in after too many failures")
        SIGNED_OUT = "signed_out", _("signed out")
        REFUSED = "refused", _("was refused access")
        VIEWED = "viewed", _("looked at the record")
        EXPORTED = "exported", _("took a copy of the record")
        CREATED = "created", _("added to the record")
        CORRECTED = "corrected", _("corrected the record")
        VOIDED = "voided", _("voided a record")
        INVITED = "invited", _("invited a caregiver")
        INVITATION_WITHDRAWN = "invitation_withdrawn", _("withdrew an invitation")
        ACCESS_GRANTED = "access_granted", _("was given access")
        ACCESS_ENDED = "access_ended", _("access ended")
        ENROLLED = "enrolled", _("joined a clinic")
        UNENROLLED = "unenrolled", _("left a clinic")
        STAFF_ADDED = "staff_added", _("added to a clinic's staff")
        STAFF_REMOVED = "staff_removed", _("removed from a clinic's staff")
        ACCOUNT_CHANGED = "account_changed", _("account's rights changed")

    class Role(models.TextChoices):
        PATIENT = "patient", _("the patient")
        CAREGIVER = "caregiver", _("caregiver")
        CLINICIAN = "clinician", _("clinician")
        ADMIN = "admin", _("site admin")
        OTHER = "", _("no role")

    class Source(models.TextChoices):
        WEB = "web", _("the web")
        COMMAND = "command", _("the command line")

    at = models.DateTimeField(_("when"), default=timezone.now)
    # Null for a failed sign-in of a name nobody has, and for a command run without one.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("who"),
    )
    # The name as typed or as it was then (a user may be renamed), cut to length.
    username = models.CharField(_("username"), max_length=USERNAME_CHARS, blank=True)
    role = models.CharField(_("as"), max_length=10, choices=Role, blank=True)
    action = models.CharField(_("what"), max_length=24, choices=Action)
    patient = models.ForeignKey(
        Patient,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("whose record"),
    )
    # What was read or changed: a model's name and its row's id ("dose", 12).
    object_kind = models.CharField(_("kind of record"), max_length=32, blank=True)
    object_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    source = models.CharField(_("from"), max_length=8, choices=Source, default=Source.WEB)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=USER_AGENT_CHARS, blank=True)
    # A page's name, a reason's code: never text a person typed about their health.
    detail = models.CharField(_("detail"), max_length=DETAIL_CHARS, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["patient", "at"], name="audit_patient_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["at"], name="audit_at"),
        ]

    def __str__(self):
        who = self.username or "?"
        return f"{self.at:%Y-%m-%d %H:%M:%S} {who} {self.action}"
