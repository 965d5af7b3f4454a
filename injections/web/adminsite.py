"""The Django admin asks for the second factor (issue 13, item 2): a user who set up
an authenticator app reaches the admin only from a session signed in with its code.
The admin's own sign-in form gives way to medtrack's, which asks for the code.

Recovery: a site admin who lost their phone is helped by another, who deletes their
device under "TOTP devices" in the admin (README, Two-step sign-in).
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse

# Loaded as an app config, before the models: what needs them is imported where used.


def second_factor_passed(request) -> bool:
    """Signed in with the code, or no second factor set up."""
    from django_otp import user_has_device  # its models exist once the apps are ready

    user = request.user
    verified = getattr(user, "is_verified", None)
    return (callable(verified) and verified()) or not user_has_device(user)


class MedtrackAdminSite(AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and second_factor_passed(request)

    def login(self, request, extra_context=None):
        """medtrack's sign-in page, then back to the admin page asked for."""
        from django.contrib.auth.views import redirect_to_login

        where = request.GET.get(REDIRECT_FIELD_NAME) or reverse(
            "admin:index", current_app=self.name
        )
        return redirect_to_login(where, reverse("login"))


class AdminConfig(DjangoAdminConfig):
    default_site = "injections.web.adminsite.MedtrackAdminSite"
