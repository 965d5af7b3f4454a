"""A person's signed-in sessions, and which limits their sessions have."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from ..models import ClinicStaff, SignedInSession
from ..rules.sessions import Kind


def session_kind(user: AbstractBaseUser) -> Kind:
    """Clinic staff and site admins have the short limits (and may add a second
    factor); everyone else is a patient, a caregiver or about to become one."""
    if user.is_staff or user.is_superuser or ClinicStaff.objects.filter(user=user).exists():
        return Kind.STAFF
    return Kind.PERSON


def sessions_of(user: AbstractBaseUser) -> QuerySet[SignedInSession]:
    """The user's sessions, the most recently used first."""
    return SignedInSession.objects.filter(user=user).order_by("-last_seen_at", "-pk")
