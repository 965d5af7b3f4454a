"""Sign-in throttling with django-axes (issue 13, item 1), to rules.throttle's limits.

Axes records each failed sign-in by the username tried and the network address, and
its backend refuses a sign-in while either is over the limit, before the password is
checked. The address is the audit log's (`web.trail.client_ip`). Here: how a name
is counted, how the limits are applied, and how a refusal is told.
"""

from axes.handlers.database import AxesDatabaseHandler
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import ngettext

from ..rules import throttle


def username_tried(request, credentials) -> str | None:
    """`Alice ` and `alice` are one account's attempts (AXES_USERNAME_CALLABLE)."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower()[:150] if username else None


class SignInAttempts(AxesDatabaseHandler):
    """Axes compares the larger of the two counts with one limit; medtrack allows an
    address more tries than an account (rules.throttle)."""

    def get_failures(self, request, credentials=None) -> int:
        per_account, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if throttle.over_limit(per_account=per_account, per_address=per_address):
            return throttle.FAILURES_PER_ACCOUNT
        return min(per_account, throttle.FAILURES_PER_ACCOUNT - 1)


def locked_out_message() -> str:
    minutes = throttle.minutes_to_wait()
    return ngettext(
        "Too many attempts to sign in. To keep this account safe, signing in to it or "
        "from this network is paused for %(minutes)d minute. Then try again, or reset "
        "your password.",
        "Too many attempts to sign in. To keep this account safe, signing in to it or "
        "from this network is paused for %(minutes)d minutes. Then try again, or reset "
        "your password.",
        minutes,
    ) % {"minutes": minutes}


class SignInForm(AuthenticationForm):
    """Django's sign-in form, telling a throttled sign-in apart from a wrong password:
    the username typed stays in the form either way."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(locked_out_message(), code="locked_out") from None
            raise


def locked_out(request, original_response, credentials):
    """The answer to a throttled sign-in (AXES_LOCKOUT_CALLABLE), with status 429. The
    sign-in page already says why (SignInForm); the admin's sign-in gets a page that
    does."""
    match = request.resolver_match
    if original_response is not None and match and match.view_name == "login":
        original_response.status_code = 429
        return original_response
    return render(
        request,
        "registration/locked_out.html",
        {"message": locked_out_message()},
        status=429,
    )
