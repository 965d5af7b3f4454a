"""The password forms: Django's own (the site's validators, its messages), with the
rules for a new password said in plain words beside its field."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


class _NewPasswordHint:
    """Django's hint for a new password is an HTML list; the site's field template
    shows a hint as a line of text (templates/injections/field.html), so it is the
    validators' own sentences, one after another."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )


class ChangePasswordForm(_NewPasswordHint, auth_forms.PasswordChangeForm):
    """The current password, then the new one twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:  # a refused form: the error summary takes the focus, not a field
            self.fields["old_password"].widget.attrs.pop("autofocus", None)


class NewPasswordForm(_NewPasswordHint, auth_forms.SetPasswordForm):
    """The new password twice, from a reset link."""


class ResetRequestForm(auth_forms.PasswordResetForm):
    """The address a reset link is sent to, if an account has it."""

    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
