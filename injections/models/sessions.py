"""Who is signed in where (issue 13, item 2): a row for each signed-in session, so
that a person can see their sessions and end them. The session itself lives in
Django's session store; the row names it by its key, and ending a session removes
both."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignedInSession(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    # Written at most once a minute (rules.sessions.REFRESH_EVERY).
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    # "Keep me signed in" ticked by a patient or caregiver: the longer limits apply.
    kept = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")
        indexes = [models.Index(fields=["user", "last_seen_at"], name="session_user_seen")]

    def __str__(self):
        return f"session of {self.user} since {self.started_at:%Y-%m-%d %H:%M}"
