"""What the audit log tells a patient (issue 13, item 4): who other than themselves
looked at, took a copy of, or changed their record, or was refused it."""

from django.db.models import QuerySet

from ..models import AuditEvent, Patient


def others_on_record(patient: Patient) -> QuerySet[AuditEvent]:
    """Every event on `patient`'s record by someone else (a caregiver, a clinician, a
    site admin, a command), newest first. The patient's own actions are left out."""
    return (
        AuditEvent.objects.filter(patient=patient)
        .exclude(actor_id=patient.user_id)
        .order_by("-at", "-pk")
    )
