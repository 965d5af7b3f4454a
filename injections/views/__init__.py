from .checkin import (
    home,
    log_dose,
    mark_site_healed,
    patient_checkin,
    record_site_look,
    skip_dose,
    undo_dose,
)
from .clinic import change_regimen, clinic_patient, dashboard, export, pause_treatment
from .people import (
    accept_invitation,
    invite,
    join_clinic,
    leave_clinic,
    patient_list,
    revoke_care,
    sharing_page,
    withdraw_invitation,
)
from .records import dose_history, history, patient_history
from .settings import add_avoid_zone, remove_avoid_zone, settings_page

__all__ = [
    "accept_invitation",
    "add_avoid_zone",
    "change_regimen",
    "clinic_patient",
    "dashboard",
    "dose_history",
    "export",
    "history",
    "home",
    "invite",
    "join_clinic",
    "leave_clinic",
    "log_dose",
    "mark_site_healed",
    "patient_checkin",
    "patient_history",
    "patient_list",
    "pause_treatment",
    "record_site_look",
    "remove_avoid_zone",
    "revoke_care",
    "settings_page",
    "sharing_page",
    "skip_dose",
    "undo_dose",
    "withdraw_invitation",
]
