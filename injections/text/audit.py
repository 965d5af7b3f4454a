"""The words of the audit log, as the patient reads it ("your record")."""

from django.utils.translation import gettext_lazy as _

from ..models import AuditEvent

Action = AuditEvent.Action

FOR_THE_PATIENT = {
    Action.VIEWED: _("looked at your record"),
    Action.EXPORTED: _("took a copy of your record"),
    Action.CREATED: _("added to your record"),
    Action.CORRECTED: _("changed your record"),
    Action.VOIDED: _("voided or removed an entry of your record"),
    Action.REFUSED: _("tried to open your record and was refused"),
    Action.SIGN_IN_PAUSED: _(
        "tried to sign in as you with wrong passwords too many times: signing in to your "
        "account was paused for a while"
    ),
    Action.INVITED: _("invited a caregiver to your record"),
    Action.INVITATION_WITHDRAWN: _("withdrew an invitation to your record"),
    Action.ACCESS_GRANTED: _("was given access to your record"),
    Action.ACCESS_ENDED: _("ended access to your record"),
    Action.ENROLLED: _("enrolled you in a clinic"),
    Action.UNENROLLED: _("ended your enrolment in a clinic"),
}

# The pages and files a view or an export was of (their URL names).
PAGES = {
    "patient": _("the check-in"),
    "patient-history": _("the history"),
    "patient-guide": _("the injection guide"),
    "dose": _("a dose's history"),
    "clinic-patient": _("the clinic's page"),
    "clinic-report": _("the visit report"),
    "clinic-report-pdf": _("the visit report, as a PDF"),
    "clinic-download-csv": _("the dose log, as a CSV file"),
    "clinic-download-fhir": _("the dose log, as a FHIR file"),
    "clinic-export": _("the clinic's adherence table"),
}


def for_the_patient(action: str, kind: str = "") -> str:
    if action == Action.CREATED and kind == "patient":
        return str(_("opened your record in medtrack"))
    return str(FOR_THE_PATIENT.get(action, AuditEvent.Action(action).label))


def page(detail: str) -> str:
    return str(PAGES.get(detail, ""))
