from .doses import AvoidZone, Dose, DoseRevision, SiteCheck, SiteReaction
from .people import CareInvitation, CareLink, Clinic, ClinicStaff, Enrollment, Patient
from .regimens import Medication, Regimen, ScheduleVersion, TreatmentPause

__all__ = [
    "AvoidZone",
    "CareInvitation",
    "CareLink",
    "Clinic",
    "ClinicStaff",
    "Dose",
    "DoseRevision",
    "Enrollment",
    "Medication",
    "Patient",
    "Regimen",
    "ScheduleVersion",
    "SiteCheck",
    "SiteReaction",
    "TreatmentPause",
]
