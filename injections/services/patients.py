"""Creating patients and regimens, and changing a regimen's schedule (DESIGN §5)."""

from datetime import date, datetime, time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Medication, Patient, Regimen, ScheduleVersion, TreatmentPause
from ..reading.access import in_a_clinic, may_prescribe
from ..reading.regimens import patient_zone
from ..rules.invalid import Invalid
from ..rules.prescriptions import check_dose, check_weight_based, same_rhythm, weight_based_dose
from ..rules.schedule import ScheduleVersion as Version
from ..rules.schedule import first_unopened_day, parse_rule, zone
from . import accounts, audit
from .errors import ServiceError, refuse_unless_sensible


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
    cannot sign in until one is set; a password the validators refuse is refused
    (`accounts.WeakPassword`), and nothing is created."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("the user “%(name)s” already exists") % {"name": username})
    user = User(username=username, email=email)
    if password:
        accounts.set_password(user=user, password=password)
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
    audit.record(audit.Action.CREATED, actor=created_by, patient=patient, obj=patient)
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
    mg_per_kg: Decimal | None = None,
    weight_kg: Decimal | None = None,
) -> Regimen:
    """A regimen and its first schedule version. Without a dose, the medication's
    strength (one syringe: 100 mg of anakinra); with `mg_per_kg` and `weight_kg`,
    the weight-based dose."""
    medicine = _medication(medication)
    _validate_schedule(rrule, time_zone)
    dose = _dose(medicine, dose_mg=dose_mg, mg_per_kg=mg_per_kg, weight_kg=weight_kg)
    if end_date is not None and end_date < start_date:
        raise ServiceError(_("the end date is before the start date"))
    regimen = Regimen.objects.create(
        patient=patient,
        medication=medicine,
        dose_mg=dose,
        start_date=start_date,
        end_date=end_date,
    )
    ScheduleVersion.objects.create(
        regimen=regimen,
        valid_from=start_date,
        rrule=rrule,
        time_of_day=time_of_day,
        time_zone=time_zone,
        dose_mg=dose,
        mg_per_kg=mg_per_kg if weight_kg is not None else None,
        weight_kg=weight_kg if mg_per_kg is not None else None,
        created_by=created_by,
        reason=_("regimen started"),
    )
    audit.record(audit.Action.CREATED, actor=created_by, patient=patient, obj=regimen)
    return regimen


def _dose(
    medicine: Medication,
    *,
    dose_mg: Decimal | None,
    mg_per_kg: Decimal | None,
    weight_kg: Decimal | None,
) -> Decimal:
    """The dose in mg a prescription gives: fixed, or per kg of the weight given."""
    try:
        if mg_per_kg is not None or weight_kg is not None:
            if mg_per_kg is None or weight_kg is None:
                raise ServiceError(_("a dose by weight needs both the mg per kg and the weight"))
            check_weight_based(mg_per_kg, most_per_day=medicine.max_mg_per_kg_per_day)
            return weight_based_dose(mg_per_kg, weight_kg)
        dose = medicine.strength_mg if dose_mg is None else dose_mg
        check_dose(dose)
        return dose
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None


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
    dose_mg: Decimal | None = None,
    mg_per_kg: Decimal | None = None,
    weight_kg: Decimal | None = None,
    at: datetime | None = None,
) -> ScheduleVersion:
    """Change the prescription from the next slot on (DESIGN §5): the rule, time of
    day or zone, and the dose (fixed, or `mg_per_kg` of `weight_kg`). What is not
    given stays as it is; a weight-based dose stays so until a fixed one replaces it.

    The frequency and the dose are the prescriber's (`reading.access.may_prescribe`):
    anyone else changing them is refused; the time and zone are anyone's who may
    change the schedule. A rule with the same rhythm as the current one (a weekly
    rule spelt with its weekday) is kept as it is, so it keeps its days.

    Slots that have opened by `at` keep their instants. The new version starts on
    the first date after them whose new slot would open after `at`, so a move east
    never creates a slot that is already open or past. Earlier versions stay stored;
    the new one supersedes those that had not yet taken effect.
    """
    at = at or timezone.now()
    current = regimen.current_version()
    _validate_schedule(rrule or current.rrule, time_zone or current.time_zone)
    if rrule is None or same_rhythm(rrule, current.rrule, anchor=current.valid_from):
        rrule = current.rrule
    if mg_per_kg is None and weight_kg is None and dose_mg is None:
        mg_per_kg, weight_kg = current.mg_per_kg, current.weight_kg
        dose_mg = current.dose_mg
    dose = _dose(regimen.medication, dose_mg=dose_mg, mg_per_kg=mg_per_kg, weight_kg=weight_kg)
    prescribing = (
        rrule != current.rrule
        or dose != current.dose_mg
        or (mg_per_kg, weight_kg) != (current.mg_per_kg, current.weight_kg)
    )
    if prescribing and not may_prescribe(changed_by, regimen.patient):
        if in_a_clinic(regimen.patient):
            raise ServiceError(
                _(
                    "the clinic prescribes this medicine: "
                    "only its staff change the dose or how often"
                )
            )
        raise ServiceError(_("only the patient changes the dose or how often, as prescribed"))
    new = ScheduleVersion(
        regimen=regimen,
        rrule=rrule,
        time_of_day=time_of_day or current.time_of_day,
        time_zone=time_zone or current.time_zone,
        dose_mg=dose,
        mg_per_kg=mg_per_kg,
        weight_kg=weight_kg,
        created_by=changed_by,
        reason=reason,
    )
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
    if regimen.dose_mg != dose:
        regimen.dose_mg = dose
        regimen.save(update_fields=["dose_mg"])
    audit.record(audit.Action.CORRECTED, actor=changed_by, patient=regimen.patient, obj=new,
                 detail="schedule")  # fmt: skip
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
    # A pause from year 1 would count every slot of the treatment as paused.
    today = timezone.localdate(timezone.now(), patient_zone(regimen.patient))
    for day in (first_day, last_day):
        if day is not None:
            refuse_unless_sensible(day, today=today)
    if last_day is not None and last_day < first_day:
        raise ServiceError(_("the pause ends before it starts"))
    pause = TreatmentPause.objects.create(
        regimen=regimen,
        first_day=first_day,
        last_day=last_day,
        reason=reason.strip(),
        created_by=created_by,
    )
    audit.record(audit.Action.CREATED, actor=created_by, patient=regimen.patient, obj=pause)
    return pause
