"""Passwords (issue 13, item 2): anyone signed in changes theirs from Settings, and
stays signed in where they did it; anyone who forgot theirs asks for a link by email.
Changing or resetting a password signs out every other session: Django checks each
session against a hash of the password it was opened with.

Django's forms and views, with the site's templates. The reset page says the same
whether or not an account has the address given: it never tells who has an account.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from ..password_forms import ChangePasswordForm, NewPasswordForm, ResetRequestForm


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def change_password(request):
    """The current password and a new one; this session is kept, the others end."""
    form = ChangePasswordForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(
            request,
            _(
                "Your password is changed. You are still signed in here; anywhere else "
                "you were signed in, you are now signed out."
            ),
        )
        return redirect("settings")
    return render(request, "registration/password_change.html", {"form": form})


def link_lifetime() -> str:
    """How long a reset link works, in words ("1 hour")."""
    now = timezone.now()
    return timeuntil(now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT), now)


class _ResetPassword(auth_views.PasswordResetView):
    form_class = ResetRequestForm
    template_name = "registration/password_reset.html"
    subject_template_name = "injections/email/password_reset_subject.txt"
    email_template_name = "injections/email/password_reset.txt"
    html_email_template_name = "injections/email/password_reset.html"
    success_url = reverse_lazy("password-reset-sent")

    def get_context_data(self, **kwargs):
        return super().get_context_data(lifetime=link_lifetime(), **kwargs)

    def form_valid(self, form):
        # The link starts with the address people open medtrack at (MEDTRACK_URL),
        # never with the Host header of the request, which the asker chooses.
        self.domain_override = urlsplit(settings.SITE_URL).netloc
        self.extra_email_context = {"site_url": settings.SITE_URL, "lifetime": link_lifetime()}
        return super().form_valid(form)


class _ResetPasswordSent(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_sent.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(lifetime=link_lifetime(), **kwargs)


class _ChooseNewPassword(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-done")


reset_password = _ResetPassword.as_view()
reset_password_sent = _ResetPasswordSent.as_view()
choose_new_password = _ChooseNewPassword.as_view()
reset_password_done = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_done.html"
)
