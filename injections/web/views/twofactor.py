"""Two-step sign-in for clinic staff and site admins (issue 13, item 2): an
authenticator app's code after the password. Set up with a QR code made here (or
its key typed in), confirmed with a first code; turned off with a code or the
password. Patients and caregivers are not offered it (docs/decisions.md)."""

import base64

import segno
from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ...reading.sessions import session_kind
from ...rules.sessions import Kind
from ...services import twofactor
from ..account_forms import CodeForm, TurnOffForm
from ..middleware import uncompressed


def _offered_or_404(user) -> None:
    if session_kind(user) != Kind.STAFF:
        raise Http404("two-step sign-in is for clinic staff and site admins")


def _waiting_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()


def _key_words(device: TOTPDevice) -> str:
    """The key as an app asks for it typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def _render(request, *, code_form=None, off_form=None, status=200):
    device = twofactor.confirmed_device(request.user)
    waiting = None if device else _waiting_device(request.user)
    context = {"on": device is not None, "off_form": off_form or TurnOffForm()}
    if waiting is not None:
        context |= {
            "waiting": True,
            "qr": segno.make(waiting.config_url, error="m").svg_data_uri(scale=5, border=2),
            "key": _key_words(waiting),
            "code_form": code_form or CodeForm(),
        }
    page = render(request, "injections/two_factor.html", context, status=status)
    return uncompressed(page) if waiting is not None else page  # the key, in words


@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """The state of two-step sign-in; a posted code confirms the app being set up."""
    _offered_or_404(request.user)
    if request.method == "GET":
        return _render(request)
    waiting = _waiting_device(request.user)
    if waiting is None:
        return redirect("two-factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        check = twofactor.confirm_totp(device=waiting, code=form.cleaned_data["code"])
        if check.right:
            waiting.refresh_from_db()
            otp_login(request, waiting)  # this session passed with that code
            messages.success(
                request, _("Two-step sign-in is on: medtrack asks for a code after your password.")
            )
            return redirect("two-factor")
        form.add_error("code", _wrong_code(check.wait_seconds))
    return _render(request, code_form=form)


def _wrong_code(wait_seconds: int) -> str:
    if wait_seconds:
        return ngettext(
            "Too many wrong codes: wait %(count)d second and try again.",
            "Too many wrong codes: wait %(count)d seconds and try again.",
            wait_seconds,
        ) % {"count": wait_seconds}
    return _("That code is not right. Type the code your app shows for medtrack now.")


@require_POST
def start_two_factor(request):
    _offered_or_404(request.user)
    if twofactor.confirmed_device(request.user) is None:
        twofactor.start_totp(user=request.user)
    return redirect("two-factor")


@sensitive_post_parameters()
@require_POST
def two_factor_off(request):
    """Turning it off asks for proof: a code from the app, or the password."""
    _offered_or_404(request.user)
    device = twofactor.confirmed_device(request.user)
    if device is None:
        twofactor.remove_totp(user=request.user)  # an app being set up, abandoned
        return redirect("two-factor")
    form = TurnOffForm(request.POST)
    if form.is_valid():
        code, password = form.cleaned_data["code"].strip(), form.cleaned_data["password"]
        # authenticate(), so that sign-in throttling counts a wrong password here too.
        username = request.user.get_username()
        if password and authenticate(request, username=username, password=password):
            proved = True
        elif code:
            check = twofactor.check_code(device=device, code="".join(code.split()))
            proved = check.right
            if not proved:
                form.add_error("code", _wrong_code(check.wait_seconds))
        else:
            proved = False
            form.add_error("password", _("That is not your password."))
        if proved:
            twofactor.remove_totp(user=request.user)
            messages.success(request, _("Two-step sign-in is off: your password alone signs in."))
            return redirect("two-factor")
    return _render(request, off_form=form)
