"""Reminders by email and push (issue 11): what each person chose to receive, the
devices that receive pushes, and one row per reminder sent, which is also its claim.

A reminder is sent by whichever `send_reminders` process first inserts its row: the
row is unique per patient, kind, slot, recipient and channel, so a second process
(or a second run a minute later) finds it taken and sends nothing.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DOSE = "dose", _("The dose, at its time")
    LATE = "late", _("A late dose, when its on-time window ends")
    MISSED = "missed", _("A missed dose of someone you care for")
    REFILL = "refill", _("Time to order more syringes")
    WARM_SYRINGE = "warm_syringe", _("A syringe out of the fridge nearly too long")
    SHARPS = "sharps", _("The sharps container nearly full")
    BLOOD_TEST = "blood_test", _("A blood test due")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PUSH = "push", _("Notification on your phone or computer")


class ReminderChoice(models.Model):
    """What one person chose; a person without a row has the defaults of
    rules.reminders.default_choice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_choice"
    )
    kinds = models.JSONField(default=list)  # ReminderKind values
    urgent = models.JSONField(default=list)  # kinds sent inside quiet hours too
    by_email = models.BooleanField(default=True)
    by_push = models.BooleanField(default=True)
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"reminders of {self.user}"


class PushSubscription(models.Model):
    """A browser that accepted notifications: where to send, and the keys to encrypt
    for it (the Push API's subscription). Removed when its push service says it is
    gone (404 or 410)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=2000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(_("device"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"push to {self.user}: {self.device or self.endpoint[:40]}"


class Reminder(models.Model):
    """One reminder to one person by one channel: claimed when inserted, then sent,
    retried a bounded number of times, or recorded as failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    patient = models.ForeignKey("Patient", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind)
    slot = models.CharField(max_length=40)  # what it is about: a dose's date, a syringe...
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_received"
    )
    channel = models.CharField(max_length=10, choices=Channel)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While pending: when a sender may (re)try it. A sender that claims it moves this
    # on by CLAIM_LEASE, so that a sender that dies leaves it to another.
    next_try_at = models.DateTimeField(null=True, blank=True)
    # Who holds the claim: only that sender records the outcome, so a sender that
    # outlived its claim cannot overwrite what the one that took it over recorded.
    claim = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "slot", "recipient", "channel"],
                name="one_reminder_per_slot",
            )
        ]
        indexes = [models.Index(fields=["status", "next_try_at"], name="reminder_retry")]

    def __str__(self):
        return f"{self.kind} {self.slot} of {self.patient} to {self.recipient} by {self.channel}"
