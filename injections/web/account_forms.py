"""The sign-in forms: the password (Django's AuthenticationForm, which authenticates
with the request, so that django-axes sees every attempt, and says when sign-in is
paused: web/throttling.py), with "Keep me signed in"; then, for those who set one
up, the code of their authenticator app."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..text.sessions import duration_words
from .sessions import session_limits
from .throttling import SignInForm as ThrottledSignInForm

CODE_DIGITS = 6


class SignInForm(ThrottledSignInForm):
    keep = forms.BooleanField(
        label=gettext_lazy("Keep me signed in (on your own phone)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = session_limits()
        self.fields["keep"].help_text = _(
            "For patients and caregivers: stay signed in for up to %(kept)s without using "
            "medtrack. Leave it unticked on a shared computer. Clinic staff are always "
            "signed out after %(staff)s without activity."
        ) % {"kept": duration_words(limits.kept_idle), "staff": duration_words(limits.staff_idle)}


class CodeForm(forms.Form):
    """Six digits from an authenticator app; spaces are forgiven."""

    code = forms.CharField(
        label=gettext_lazy("Code from your authenticator app"),
        help_text=gettext_lazy("The 6 digits the app shows for medtrack now."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit() and len(code) == CODE_DIGITS):
            raise forms.ValidationError(gettext_lazy("The code is the 6 digits your app shows."))
        return code


class TurnOffForm(forms.Form):
    """Turning the second factor off asks for a code now, or the password."""

    code = forms.CharField(
        label=gettext_lazy("A code from your authenticator app"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    password = forms.CharField(
        label=gettext_lazy("Or your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("password"):
            raise forms.ValidationError(
                gettext_lazy("Give a code from your app, or your password, to turn it off.")
            )
        return data
