"""Clinics and their staff, set up by a site admin (DESIGN §1). Patients join a
clinic with its code (services.sharing.join_clinic); its staff then see them, and
record their visits, from which the visit report runs (issue 12)."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Clinic, ClinicStaff, Patient, Visit
from ..rules.invalid import Invalid
from ..rules.report import check_visit_day
from . import audit
from .errors import ServiceError


def _clinic_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ServiceError(_("give the clinic a name"))
    return name


@transaction.atomic
def create_clinic(*, name: str, now: datetime | None = None) -> Clinic:
    """A clinic with a fresh join code for its patients."""
    return Clinic.objects.create(name=_clinic_name(name), created_at=now or timezone.now())


@transaction.atomic
def rename_clinic(*, clinic: Clinic, name: str) -> Clinic:
    clinic.name = _clinic_name(name)
    clinic.save(update_fields=["name"])
    return clinic


@transaction.atomic
def add_staff(
    *, clinic: Clinic, user: AbstractBaseUser, now: datetime | None = None
) -> ClinicStaff:
    """Make `user` one of the clinic's staff: they see its enrolled patients. Someone
    already on the staff keeps the role they have."""
    staff, created = ClinicStaff.objects.get_or_create(
        clinic=clinic, user=user, defaults={"created_at": now or timezone.now()}
    )
    if created:
        audit.record(audit.Action.STAFF_ADDED, obj=staff, detail=_staff(staff))
    return staff


def _staff(staff: ClinicStaff) -> str:
    return f"{staff.user.get_username()} @ {staff.clinic.name}"


@transaction.atomic
def remove_staff(*, staff: ClinicStaff) -> None:
    """Take someone off a clinic's staff: they no longer see its patients, from now on."""
    audit.record(audit.Action.STAFF_REMOVED, obj=staff, detail=_staff(staff))
    staff.delete()


@transaction.atomic
def record_visit(
    *,
    patient: Patient,
    clinic: Clinic,
    day: date,
    recorded_by: AbstractBaseUser,
    now: datetime | None = None,
) -> Visit:
    """A visit of `patient` to `clinic` on `day` (in the patient's zone, which the
    caller has active): the next visit report starts from it (rules.report)."""
    now = now or timezone.now()
    try:
        check_visit_day(day, today=timezone.localdate(now))
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None
    visit = Visit.objects.create(
        patient=patient, clinic=clinic, day=day, recorded_by=recorded_by, recorded_at=now
    )
    audit.record(audit.Action.CREATED, actor=recorded_by, patient=patient, obj=visit, at=now)
    return visit


@transaction.atomic
def withdraw_visit(
    *, visit: Visit, withdrawn_by: AbstractBaseUser, now: datetime | None = None
) -> Visit:
    """A visit recorded in error no longer starts a report; the row stays, with who
    withdrew it and when."""
    if visit.withdrawn_at is None:
        visit.withdrawn_at = now or timezone.now()
        visit.withdrawn_by = withdrawn_by
        visit.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit.record(audit.Action.VOIDED, actor=withdrawn_by, patient=visit.patient, obj=visit,
                     at=visit.withdrawn_at)  # fmt: skip
    return visit
