"""Who may see which patient, and as what (DESIGN §1): nobody sees a patient they
have no link to. A link ends the moment it is revoked or the patient leaves."""

from enum import StrEnum

from django.db.models import Q, QuerySet

from ..models import CareLink, ClinicStaff, Enrollment, Patient, Regimen


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


def set_by_clinic(regimen: Regimen) -> bool:
    """A schedule any clinic staff member has set is theirs to change, not the patient's;
    a patient who works at a clinic has not set their own as staff."""
    authors = {version.created_by_id for version in regimen.schedule_versions.all()}
    return (
        ClinicStaff.objects.filter(user_id__in=authors)
        .exclude(user__patient=regimen.patient_id)
        .exists()
    )
