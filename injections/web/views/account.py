"""Signing in (issue 13, item 2): the password, with "Keep me signed in"; then, for
those who set up an authenticator app, its code. The session is not signed in until
the code is right: until then it only remembers whose password was right, for five
minutes."""

from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from ...rules.sessions import SECOND_STEP_WITHIN
from ...services.twofactor import check_code, confirmed_device
from ...text.sessions import ending_sentence
from ..account_forms import CodeForm, SignInForm
from ..sessions import ended_sentence_data, track_session

PENDING_KEY = "medtrack.pending_sign_in"


class SignInView(LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"

    def form_valid(self, form):
        user = form.get_user()
        kept = form.cleaned_data.get("keep", False)
        if confirmed_device(user) is not None:
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "kept": kept,
                "at": timezone.now().timestamp(),
                "next": self.get_success_url(),
            }
            return redirect("login-code")
        auth_login(self.request, user)
        track_session(self.request, user, kept=kept)
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET" and (ended := ended_sentence_data(self.request)):
            context["ended"] = ending_sentence(*ended)
        return context


def _pending(request):
    """Whose password was right in this browser, if within SECOND_STEP_WITHIN."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not {"at", "user", "backend"} <= pending.keys():
        return None, None
    try:
        at = datetime.fromtimestamp(float(pending["at"]), tz=UTC)
        user = get_user_model()._default_manager.get(pk=int(pending["user"]), is_active=True)
    except (KeyError, TypeError, ValueError, get_user_model().DoesNotExist):
        return None, None
    if timezone.now() - at > SECOND_STEP_WITHIN:
        return None, None
    return pending, user


@login_not_required
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def sign_in_code(request):
    pending, user = _pending(request)
    device = confirmed_device(user) if user is not None else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        messages.error(request, _("Sign in again: the code is asked within 5 minutes."))
        return redirect("login")
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        check = check_code(device=device, code=form.cleaned_data["code"])
        if check.right:
            request.session.pop(PENDING_KEY, None)
            auth_login(request, user, backend=pending["backend"])
            otp_login(request, device)
            track_session(request, user, kept=bool(pending.get("kept")))
            return redirect(pending.get("next") or "home")
        if check.wait_seconds:
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes: wait %(count)d second, then type the code your "
                    "app shows.",
                    "Too many wrong codes: wait %(count)d seconds, then type the code your "
                    "app shows.",
                    check.wait_seconds,
                )
                % {"count": check.wait_seconds},
            )
        else:
            form.add_error(
                "code",
                _(
                    "That code is not right. Type the code your app shows for medtrack now "
                    "(a code is taken once)."
                ),
            )
    return render(request, "registration/login_code.html", {"form": form})
