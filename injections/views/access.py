"""Who may see which patient. For now a patient sees their own record; caregivers
and clinic staff arrive with their own pages."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Dose, Patient


def own_patient(user) -> Patient | None:
    """The user's own patient record, read through `user.patient` so that the page
    templates find it cached."""
    try:
        return user.patient
    except Patient.DoesNotExist:
        return None


def own_patient_or_404(user) -> Patient:
    patient = own_patient(user)
    if patient is None:
        raise Http404("no patient record")
    return patient


def own_dose_or_404(user, pk: int) -> Dose:
    return get_object_or_404(Dose, pk=pk, patient__user=user)
