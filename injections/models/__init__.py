from .doses import AvoidZone, Dose, DoseRevision, SiteCheck, SiteReaction
from .health import DoctorTopic, LabResult, OtherMedicine, SideEffect
from .people import (
    CalendarFeed,
    CareInvitation,
    CareLink,
    Clinic,
    ClinicStaff,
    Enrollment,
    Patient,
)
from .regimens import Medication, Regimen, ScheduleVersion, TreatmentPause
from .supplies import SharpsContainer, Syringe, SyringeBox

__all__ = [
    "AvoidZone",
    "CalendarFeed",
    "CareInvitation",
    "CareLink",
    "Clinic",
    "ClinicStaff",
    "DoctorTopic",
    "Dose",
    "DoseRevision",
    "Enrollment",
    "LabResult",
    "Medication",
    "OtherMedicine",
    "Patient",
    "Regimen",
    "ScheduleVersion",
    "SharpsContainer",
    "SideEffect",
    "SiteCheck",
    "SiteReaction",
    "Syringe",
    "SyringeBox",
    "TreatmentPause",
]
