"""Who may see which patient, and as what (DESIGN §1): nobody sees a patient they
have no link to. A link ends the moment it is revoked or the patient leaves."""

from enum import StrEnum

from django.db.models import Q, QuerySet

from ..models import CareLink, Enrollment, Patient


class Role(StrEnum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"


def _caring(user) -> Q:
    return Q(care_links__caregiver=user, care_links__revoked_at__isnull=True)


def _treating(user) -> Q:
    return Q(enrollments__clinic__staff__user=user, enrollments__left_at__isnull=True)


def patients_for(user) -> QuerySet[Patient]:
    """Every patient `user` may see: themselves, those who invited them as
    caregiver, and those enrolled in a clinic where they work."""
    if not user.is_authenticated:
        return Patient.objects.none()
    ids = Patient.objects.filter(Q(user=user) | _caring(user) | _treating(user)).values("pk")
    return Patient.objects.filter(pk__in=ids).select_related("user")


def role_for(user, patient: Patient) -> Role | None:
    """How `user` sees `patient`, or None when they may not. A patient who is also a
    caregiver or clinician sees their own record as the patient."""
    if not user.is_authenticated:
        return None
    if patient.user_id == user.pk:
        return Role.PATIENT
    if CareLink.objects.filter(patient=patient, caregiver=user, revoked_at__isnull=True).exists():
        return Role.CAREGIVER
    if Enrollment.objects.filter(
        patient=patient, left_at__isnull=True, clinic__staff__user=user
    ).exists():
        return Role.CLINICIAN
    return None


def in_a_clinic(patient: Patient) -> bool:
    """Whether `patient` is enrolled in a clinic now: its staff then prescribe."""
    return Enrollment.objects.filter(patient=patient, left_at__isnull=True).exists()


def may_prescribe(user, patient: Patient) -> bool:
    """Who changes the medicine, dose and frequency (issue 10, item 5): for a patient
    in a clinic, its staff; for a patient in none, the patient (who confirms a doctor
    prescribed it). Everyone who may change a schedule changes its time and zone."""
    if role_for(user, patient) == Role.CLINICIAN:
        return True
    return patient.user_id == user.pk and not in_a_clinic(patient)
