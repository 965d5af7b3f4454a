"""Creating patients and regimens, and changing a regimen's schedule (DESIGN §5)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Medication, Patient, Regimen, ScheduleVersion, TreatmentPause
from ..rules.invalid import Invalid
from ..rules.schedule import ScheduleVersion as Version
from ..rules.schedule import first_unopened_day, parse_rule, zone
from .errors import ServiceError


def _medication(short_name: str) -> Medication:
    try:
        return Medication.objects.get(short_name=short_name)
    except Medication.DoesNotExist:
        known = ", ".join(Medication.objects.values_list("short_name", flat=True)) or "-"
        raise ServiceError(
            _("unknown medication “%(name)s”; known: %(known)s")
            % {"name": short_name, "known": known}
        ) from None


@transaction.atomic
def create_patient(
    *,
    username: str,
    password: str | None = None,
    email: str = "",
    medication: str = "anakinra",
    dose_mg: Decimal | None = None,
    rrule: str = "FREQ=DAILY",
    time_of_day: time = time(8, 0),
    time_zone: str,
    start_date: date,
    created_by: AbstractBaseUser | None = None,
) -> Patient:
    """A user, their patient record and one regimen. Without a password the account
    cannot sign in until one is set."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("the user “%(name)s” already exists") % {"name": username})
    user = User(username=username, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    patient = Patient.objects.create(user=user)
    create_regimen(
        patient=patient,
        medication=medication,
        dose_mg=dose_mg,
        rrule=rrule,
        time_of_day=time_of_day,
        time_zone=time_zone,
        start_date=start_date,
        created_by=created_by or user,
    )
    return patient


@transaction.atomic
def create_regimen(
    *,
    patient: Patient,
    medication: str,
    dose_mg: Decimal | None,
    rrule: str,
    time_of_day: time,
    time_zone: str,
    start_date: date,
    created_by: AbstractBaseUser,
    end_date: date | None = None,
) -> Regimen:
    """A regimen and its first schedule version. Without a dose, the medication's
    strength (one syringe: 100 mg of anakinra)."""
    medicine = _medication(medication)
    _validate_schedule(rrule, time_zone)
    if dose_mg is not None and dose_mg <= 0:
        raise ServiceError(_("the dose must be more than 0 mg"))
    if end_date is not None and end_date < start_date:
        raise ServiceError(_("the end date is before the start date"))
    regimen = Regimen.objects.create(
        patient=patient,
        medication=medicine,
        dose_mg=medicine.strength_mg if dose_mg is None else dose_mg,
        start_date=start_date,
        end_date=end_date,
    )
    ScheduleVersion.objects.create(
        regimen=regimen,
        valid_from=start_date,
        rrule=rrule,
        time_of_day=time_of_day,
        time_zone=time_zone,
        created_by=created_by,
        reason=_("regimen started"),
    )
    return regimen


def _validate_schedule(rrule: str, time_zone: str) -> None:
    try:
        parse_rule(rrule)
        zone(time_zone)
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None


@transaction.atomic
def change_schedule(
    *,
    regimen: Regimen,
    changed_by: AbstractBaseUser,
    reason: str = "",
    rrule: str | None = None,
    time_of_day: time | None = None,
    time_zone: str | None = None,
    at: datetime | None = None,
) -> ScheduleVersion:
    """Change the rule, time of day or zone from the next slot on (DESIGN §5).

    Slots that have opened by `at` keep their instants. The new version starts on
    the first date after them whose new slot would open after `at`, so a move east
    never creates a slot that is already open or past. Earlier versions stay stored;
    the new one supersedes those that had not yet taken effect.
    """
    at = at or timezone.now()
    current = regimen.current_version()
    new = ScheduleVersion(
        regimen=regimen,
        rrule=rrule or current.rrule,
        time_of_day=time_of_day or current.time_of_day,
        time_zone=time_zone or current.time_zone,
        created_by=changed_by,
        reason=reason,
    )
    _validate_schedule(new.rrule, new.time_zone)
    try:
        new.valid_from = first_unopened_day(
            regimen.schedule(),
            Version(regimen.start_date, new.rrule, new.time_of_day, new.time_zone),
            at=at,
            start_date=regimen.start_date,
        )
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None
    new.save()
    return new


@transaction.atomic
def record_pause(
    *,
    regimen: Regimen,
    first_day: date,
    last_day: date | None,
    reason: str,
    created_by: AbstractBaseUser,
) -> TreatmentPause:
    """A treatment pause set by the clinic: its slots are `paused`, not missed."""
    if not reason.strip():
        raise ServiceError(_("say why the treatment is paused"))
    if last_day is not None and last_day < first_day:
        raise ServiceError(_("the pause ends before it starts"))
    return TreatmentPause.objects.create(
        regimen=regimen,
        first_day=first_day,
        last_day=last_day,
        reason=reason.strip(),
        created_by=created_by,
    )
