from ..models import Patient


def lock_patient(patient: Patient) -> None:
    """Serialise writes to one patient's log, so the site rules see every dose that
    committed before this one (SQLite's IMMEDIATE transactions already do this)."""
    Patient.objects.select_for_update().filter(pk=patient.pk).exists()
