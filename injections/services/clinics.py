"""Clinics and their staff, set up by a site admin (DESIGN §1). Patients join a
clinic with its code (services.sharing.join_clinic); its staff then see them."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Clinic, ClinicStaff
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
    staff, _created = ClinicStaff.objects.get_or_create(
        clinic=clinic, user=user, defaults={"created_at": now or timezone.now()}
    )
    return staff


@transaction.atomic
def remove_staff(*, staff: ClinicStaff) -> None:
    """Take someone off a clinic's staff: they no longer see its patients, from now on."""
    staff.delete()
