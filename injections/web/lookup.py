"""Which patient a request is about, and as whom the viewer sees them (DESIGN §1).
Anyone without a link to a patient gets 404, as if the patient did not exist.

Finding the patient also activates their time zone for the rest of the request
(`timezone.activate`), so that every date and time on a page about them is in
their regimen's zone (DESIGN §5); `PatientTimeZone` middleware resets it after.
It also notes, for the audit log (web.trail), whose record the request reads and
as whom, or that it was refused.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from ..models import Dose, Patient
from ..reading.access import Role, role_for
from ..reading.regimens import patient_zone
from . import trail

# The largest id a database integer holds: a longer number is no record's.
LARGEST_ID = 2**63 - 1


def id_or_none(value) -> int | None:
    """A record's id as a form or an address sends it, or None: ASCII digits only
    (`str.isdigit()` holds for "²", which `int()` refuses), within a database integer."""
    text = "" if value is None else str(value)
    # Checked by length first: int() refuses more than 4,300 digits with a ValueError.
    if not (text.isascii() and text.isdecimal()) or len(text) > 19 or int(text) > LARGEST_ID:
        return None
    return int(text)


def about(patient: Patient) -> Patient:
    """Dates and times from here on are the patient's."""
    timezone.activate(patient_zone(patient))
    return patient


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
    return about(patient)


def patient_or_404(user, pk=None) -> tuple[Patient, Role]:
    """The patient `pk` (default: the user's own) and the user's role towards them."""
    if pk in (None, ""):
        return own_patient_or_404(user), Role.PATIENT
    if id_or_none(pk) is None:
        raise Http404("no such patient")
    patient = get_object_or_404(Patient.objects.select_related("user"), pk=id_or_none(pk))
    role = role_for(user, patient)
    if role is None:
        trail.refused(patient)
        raise Http404("no such patient")
    trail.saw(patient, role)
    return about(patient), role


def dose_or_404(user, pk: int) -> tuple[Dose, Role]:
    dose = get_object_or_404(Dose.objects.select_related("patient__user"), pk=pk)
    role = role_for(user, dose.patient)
    if role is None:
        trail.refused(dose.patient)
        raise Http404("no such record")
    trail.saw(dose.patient, role, dose)
    about(dose.patient)
    return dose, role


def checkin_url(patient: Patient, role: Role) -> str:
    """The patient's check-in page: `/` for the patient, their own page for others."""
    return reverse("home") if role == Role.PATIENT else reverse("patient", args=[patient.pk])


def guide_url(patient: Patient, role: Role) -> str:
    """The injection guide, in the words of whoever reads it."""
    return reverse("guide") if role == Role.PATIENT else reverse("patient-guide", args=[patient.pk])


def history_url(patient: Patient, role: Role) -> str:
    if role == Role.PATIENT:
        return reverse("history")
    return reverse("patient-history", args=[patient.pk])
