from .audit import AuditEvent
from .doses import AvoidZone, Dose, DoseRevision, ImportBatch, SiteCheck, SiteReaction
from .health import DoctorTopic, LabResult, OtherMedicine, SideEffect
from .people import (
    CalendarFeed,
    CareInvitation,
    CareLink,
    Clinic,
    ClinicStaff,
    Enrollment,
    LanguageChoice,
    Patient,
    Visit,
    WrongCode,
)
from .regimens import Medication, Regimen, ScheduleVersion, TreatmentPause
from .reminders import Channel, PushSubscription, Reminder, ReminderChoice, ReminderKind
from .scores import DailyScore
from .sessions import SignedInSession
from .supplies import SharpsContainer, Syringe, SyringeBox

__all__ = [
    "AuditEvent",
    "AvoidZone",
    "CalendarFeed",
    "CareInvitation",
    "CareLink",
    "Channel",
    "Clinic",
    "ClinicStaff",
    "DailyScore",
    "DoctorTopic",
    "Dose",
    "DoseRevision",
    "Enrollment",
    "ImportBatch",
    "LabResult",
    "LanguageChoice",
    "Medication",
    "OtherMedicine",
    "Patient",
    "PushSubscription",
    "Regimen",
    "Reminder",
    "ReminderChoice",
    "ReminderKind",
    "ScheduleVersion",
    "SharpsContainer",
    "SideEffect",
    "SignedInSession",
    "SiteCheck",
    "SiteReaction",
    "Syringe",
    "SyringeBox",
    "TreatmentPause",
    "Visit",
    "WrongCode",
]
