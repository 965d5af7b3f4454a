"""The one write path of the dose log (DESIGN §4, §5, §7).

Every taken dose, skip, correction and void goes through these functions: the
views, the admin, the import and the commands call them and nothing else.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Dose, DoseRevision, Regimen, Syringe
from ..reading.access import role_for
from ..reading.regimens import active_regimens, patient_zone, zone_of
from ..reading.sites import site_context
from ..rules.checkin import may_correct, may_undo
from ..rules.days import HISTORY_YEARS
from ..rules.flags import Flag, Kind, Violation
from ..rules.geometry import Administrator, Site
from ..rules.invalid import Invalid
from ..rules.schedule import (
    INJECTIONS,
    SkipReason,
    attribute_dose,
    in_future,
    may_withdraw_skip,
    minimum_gap,
    skip_refusal,
    too_soon,
)
from ..rules.supplies import syringes_per_dose
from ..text.flags import Problem, extra_problem, gap_problem, window_problem
from . import audit
from .errors import (
    DoseRefused,
    NotPermitted,
    ServiceError,
    SlotAlreadyRecorded,
    refuse_unless_sensible,
)
from .locking import lock_patient
from .supplies import syringes_for_dose, use_syringes


def _attribute(schedule, *, taken_at: datetime, slot_date: date | None):
    """The dose's slot and its window problem in words, if any (rules.schedule)."""
    try:
        slot, violation = attribute_dose(schedule, taken_at=taken_at, slot_date=slot_date)
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None
    if violation is None:
        return slot, None
    between = taken_at >= slot.closes_at and schedule.open_slot(taken_at) is None
    return slot, window_problem(violation, upcoming=schedule.next_slot(taken_at) if between
                                else None)  # fmt: skip


def _gap(
    regimen: Regimen, *, slot, taken_at: datetime, now: datetime, excluding: Dose | None = None
) -> Problem | None:
    """The minimum gap (DESIGN §5 `too_soon`) against the regimen's other injections
    as the log stands now, on either side: a dose logged after the fact may come
    just before one already recorded. The gap is that of the rule in force for the
    dose's slot."""
    versions = regimen.schedule().versions
    interval = [v for v in versions if v.valid_from <= slot.date or v is versions[0]][-1].interval
    gap = minimum_gap(interval)
    others = Dose.objects.filter(
        regimen=regimen, status__in=INJECTIONS, voided_at__isnull=True,
        taken_at__gt=taken_at - gap, taken_at__lt=taken_at + gap,
    )  # fmt: skip
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    violation = too_soon(
        taken_at, others=others.values_list("taken_at", flat=True), interval=interval
    )
    if violation is None:
        return None
    return gap_problem(violation, taken_at=taken_at, now=now, tz=slot.local(taken_at).tzinfo)


def _save_new(dose: Dose, *, reason: str) -> Dose:
    try:
        with transaction.atomic():
            dose.save()
    except IntegrityError:
        # The database's one-outcome-per-slot constraint decided the race.
        raise SlotAlreadyRecorded(dose.slot_date) from None
    _revise(dose, DoseRevision.Action.CREATED, dose.entered_by, reason, at=dose.entered_at)
    return dose


def _revise(
    dose: Dose, action: str, user: AbstractBaseUser, reason: str, *, at: datetime | None = None
) -> None:
    """The revision, and its audit event (the same action's code), in the change's
    transaction."""
    revision = DoseRevision.objects.create(
        dose=dose,
        version=dose.version,
        action=action,
        changed_by=user,
        changed_at=at or timezone.now(),
        reason=reason,
        data=dose.snapshot(),
    )
    audit.record(action, actor=user, patient=dose.patient, obj=dose, at=revision.changed_at)


def _refuse_far_past(taken_at: datetime, slot_date: date | None, *, tz, now) -> None:
    """A dose's day lies in the recorded past (rules.days): not a mistyped century."""
    today = timezone.localdate(now, tz)
    refuse_unless_sensible(taken_at.date(), today=today, years=HISTORY_YEARS)
    if slot_date is not None:
        refuse_unless_sensible(slot_date, today=today, years=HISTORY_YEARS)


@transaction.atomic
def record_dose(
    *,
    regimen: Regimen,
    taken_at: datetime,
    site: Site,
    administered_by: Administrator | str,
    entered_by: AbstractBaseUser,
    dose_mg: Decimal | None = None,
    slot_date: date | None = None,
    override_reason: str = "",
    notes: str = "",
    now: datetime | None = None,
    syringe_id: int | None = None,
    extra: bool = False,
) -> Dose:
    """Record a taken dose.

    A site that breaks a rule of DESIGN §4, a dose outside its slot's window, or one
    too soon after another (`too_soon`, §5) raises DoseRefused unless
    `override_reason` says it already happened; then the dose is recorded with the
    broken rules' codes as flags. A slot that already has an outcome raises
    SlotAlreadyRecorded; with `extra`, a second injection given by mistake in a slot
    that has its taken dose is recorded beside it with its reason, as status `extra`,
    flagged `extra_dose` (DESIGN §5).
    """
    now = now or timezone.now()
    if in_future(taken_at, now=now):
        raise ServiceError(_("a dose cannot be recorded in the future"))
    administered_by = Administrator(administered_by)
    override_reason = override_reason.strip()
    lock_patient(regimen.patient)
    # Every regimen as it stands once the log is locked, read once for the slot, the
    # gap, the zone and the site rules.
    regimens = list(active_regimens(regimen.patient))
    regimen = next((r for r in regimens if r.pk == regimen.pk), regimen)
    _refuse_far_past(taken_at, slot_date, tz=zone_of(regimens), now=now)
    slot, late = _attribute(regimen.schedule(), taken_at=taken_at, slot_date=slot_date)
    tz = slot.local(taken_at).tzinfo
    # Asked before the site rules, so that a dose sent twice hears "already recorded"
    # rather than an invitation to override; the unique constraint still has the last word.
    outcome = (
        Dose.objects.filter(regimen=regimen, slot_date=slot.date, voided_at__isnull=True)
        .exclude(status=Dose.Status.EXTRA)
        .first()
    )
    if extra:
        if outcome is None or outcome.status != Dose.Status.TAKEN:
            raise ServiceError(
                _("no dose is recorded as taken for %(date)s: record this one as its dose")
                % {"date": slot.date.isoformat()}
            )
        if not override_reason:
            raise ServiceError(_("say what happened, so that the record explains it"))
    elif outcome is not None:
        raise SlotAlreadyRecorded(slot.date, taken=outcome.status == Dose.Status.TAKEN)
    # The log as it stands now, with the spacing check_site uses: the dose may have been
    # given before records entered since, and rotation counts every medication.
    context = site_context(regimen.patient, at=taken_at, regimens=regimens)
    problems = context.problems(site, administered_by)
    if extra:
        # Never the slot's outcome, so neither its window nor the gap apply: what
        # it is, and where it went, are what the record says.
        problems.insert(0, extra_problem(Violation(Flag.EXTRA_DOSE, slot=slot)))
    else:
        gap = _gap(regimen, slot=slot, taken_at=taken_at, now=now)
        problems += [problem for problem in (late, gap) if problem]
    # Where the patient keeps their stock in medtrack, the dose uses its syringes
    # (several above the syringe's strength): the one picked, or first-to-expire;
    # never silently an expired or warm one.
    dose_mg = regimen.dose_on(slot.date) if dose_mg is None else dose_mg
    medication = regimen.medication
    syringes, syringe_problem = syringes_for_dose(
        regimen.patient, medication, at=taken_at, today=taken_at.astimezone(tz).date(),
        count=syringes_per_dose(dose_mg, medication.strength_mg), syringe_id=syringe_id,
    )  # fmt: skip
    if syringe_problem:
        problems.append(syringe_problem)
    if problems and not override_reason:
        raise DoseRefused(problems)
    dose = Dose(
        patient=regimen.patient,
        regimen=regimen,
        slot_date=slot.date,
        status=Dose.Status.EXTRA if extra else Dose.Status.TAKEN,
        taken_at=taken_at,
        dose_mg=dose_mg,
        region=site.region,
        side=site.side,
        x_mm=site.x_mm,
        y_mm=site.y_mm,
        administered_by=administered_by,
        reason=override_reason if problems else "",
        notes=notes,
        flags=[str(problem.code) for problem in problems],
        entered_by=entered_by,
        entered_at=now,
    )
    _save_new(dose, reason=dose.reason)
    use_syringes(syringes, dose=dose, at=taken_at)
    return dose


@transaction.atomic
def skip_slot(
    *,
    regimen: Regimen,
    slot_date: date,
    entered_by: AbstractBaseUser,
    reason: str = "",
    skip_reason: SkipReason | str = "",
    notes: str = "",
    now: datetime | None = None,
    planned: bool = False,
) -> Dose:
    """Record that the patient chose to skip a slot, with a reason (DESIGN §5): one
    chosen from the list (`skip_reason`, a SkipReason code) with the details typed
    (`reason`), or a reason in words only (`reason`, with SkipReason.OTHER or none).

    The check-in skips the slot open at `now`, or explains one that closed with
    nothing recorded (a missed dose explained after the fact). A slot that has not
    opened yet is refused unless `planned`: a skip in advance, from the history
    calendar, at most PLAN_SKIP_DAYS ahead; a planned skip names a slot to come."""
    now = now or timezone.now()
    reason = reason.strip()
    if skip_reason and skip_reason not in SkipReason:  # a value of the enum (Python 3.12)
        raise ServiceError(
            _("the reason “%(code)s” is unknown: choose one from the list") % {"code": skip_reason}
        )
    if not reason and skip_reason in ("", SkipReason.OTHER):
        raise ServiceError(_("say why the dose is skipped"))
    refuse_unless_sensible(slot_date, today=timezone.localdate(now, patient_zone(regimen.patient)))
    slot = regimen.schedule().slot(slot_date)
    if slot is None:
        raise ServiceError.from_invalid(Invalid("no_slot_on", date=slot_date))
    refusal = skip_refusal(slot, at=now, planned=planned)
    if refusal is not None:
        raise ServiceError.from_invalid(refusal)
    lock_patient(regimen.patient)
    dose = Dose(
        patient=regimen.patient,
        regimen=regimen,
        slot_date=slot_date,
        status=Dose.Status.SKIPPED,
        dose_mg=regimen.dose_on(slot_date),  # the dose that was due (DESIGN §7)
        skip_reason=str(skip_reason),
        reason=reason,
        notes=notes,
        entered_by=entered_by,
        entered_at=now,
    )
    # The revision keeps what the person typed; its snapshot has the code too.
    return _save_new(dose, reason=dose.reason)


@transaction.atomic
def withdraw_skip(
    *, dose: Dose, withdrawn_by: AbstractBaseUser, now: datetime | None = None
) -> Dose:
    """Withdraw a skip planned in advance, until its slot closes: plans changed and
    the dose is to be taken after all. It is voided with that reason, kept in the
    history (DESIGN §7), and the slot is due again in its window."""
    now = now or timezone.now()
    lock_patient(dose.patient)
    dose = Dose.objects.select_for_update().get(pk=dose.pk)
    if dose.status != Dose.Status.SKIPPED or dose.is_voided:
        raise ServiceError(_("only a planned skip can be withdrawn"))
    slot = dose.regimen.schedule().slot(dose.slot_date)
    if slot is None or not may_withdraw_skip(slot, entered_at=dose.entered_at, at=now):
        raise ServiceError(
            _(
                "only a skip planned in advance can be withdrawn, until its dose's window "
                "closes; void this one with a reason instead"
            )
        )
    reason = _("planned skip withdrawn: the dose is to be taken after all")
    return void_dose(dose=dose, voided_by=withdrawn_by, reason=reason, now=now)


CORRECTABLE = {"taken_at", "dose_mg", "region", "side", "x_mm", "y_mm", "administered_by", "notes"}


def may_change(dose: Dose, user: AbstractBaseUser) -> bool:
    """Whether `user` may correct or void `dose`: its author, the patient, or the staff
    of a clinic the patient is enrolled in, while they still see the patient."""
    role = role_for(user, dose.patient)
    return may_correct(role=role, entered_by=dose.entered_by_id, user=user.pk)


def _refuse_unless_permitted(dose: Dose, user: AbstractBaseUser) -> None:
    if not may_change(dose, user):
        raise NotPermitted(
            _("only the person who entered this record, the patient or their clinic can change it")
        )


@transaction.atomic
def correct_dose(
    *,
    dose: Dose,
    changed_by: AbstractBaseUser,
    reason: str,
    override_reason: str = "",
    now: datetime | None = None,
    **changes,
) -> Dose:
    """Correct a taken or extra dose's facts; the previous version stays in its history.

    The corrected record is checked like a new one (DESIGN §4, §5), leaving itself out:
    a new time is filed in the slot it belongs to, which must not already have its
    outcome, and the window and the minimum gap are checked for it. A rule the record
    did not break before raises DoseRefused unless `override_reason` says it really
    happened so; the flags are then those of the corrected facts (the syringe's stay:
    the syringe used is not corrected).
    """
    now = now or timezone.now()
    reason = reason.strip()
    override_reason = override_reason.strip()
    if not reason:
        raise ServiceError(_("say why the record is corrected"))
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise ServiceError(
            _("these fields cannot be corrected: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if "taken_at" in changes and changes["taken_at"] is None:
        raise ServiceError(_("a taken dose needs the time it was taken; void it instead"))
    if "taken_at" in changes and in_future(changes["taken_at"], now=now):
        raise ServiceError(_("a dose cannot be recorded in the future"))
    if "taken_at" in changes:
        _refuse_far_past(changes["taken_at"], None, tz=patient_zone(dose.patient), now=now)
    if "dose_mg" in changes and (changes["dose_mg"] is None or changes["dose_mg"] <= 0):
        raise ServiceError(_("a dose is a number of mg above 0"))
    lock_patient(dose.patient)
    dose = Dose.objects.select_for_update().select_related("regimen", "patient").get(pk=dose.pk)
    _refuse_unless_permitted(dose, changed_by)
    if dose.is_voided:
        raise ServiceError(_("a voided record cannot be corrected"))
    if dose.status == Dose.Status.SKIPPED:
        raise ServiceError(_("a skip cannot be corrected: void it instead"))
    changes = {field: value for field, value in changes.items() if getattr(dose, field) != value}
    if not changes:
        raise ServiceError(_("nothing was changed: the record already says this"))
    for field, value in changes.items():
        setattr(dose, field, value)
    try:
        site = Site(dose.region, dose.side, dose.x_mm, dose.y_mm)
        administered_by = Administrator(dose.administered_by)
    except Invalid as error:
        raise ServiceError.from_invalid(error) from None
    except ValueError as error:  # an unknown administered_by
        raise ServiceError(str(error)) from None
    regimen = dose.regimen
    extra = dose.status == Dose.Status.EXTRA
    # A new time decides the slot afresh (DESIGN §5); otherwise the slot stays, as an
    # import may have given it explicitly.
    moved = "taken_at" in changes
    slot, late = _attribute(regimen.schedule(), taken_at=dose.taken_at,
                            slot_date=None if moved else dose.slot_date)  # fmt: skip
    if slot.date != dose.slot_date:
        outcome = (
            Dose.objects.filter(regimen=regimen, slot_date=slot.date, voided_at__isnull=True)
            .exclude(status=Dose.Status.EXTRA)
            .first()
        )
        if extra and (outcome is None or outcome.status != Dose.Status.TAKEN):
            raise ServiceError(
                _("no dose is recorded as taken for %(date)s, so this one would be its dose: "
                  "void this extra dose and log it as that day's dose")
                % {"date": formats.date_format(slot.date, _("l j F Y"))}
            )  # fmt: skip
        if not extra and outcome is not None:
            raise SlotAlreadyRecorded(slot.date, taken=outcome.status == Dose.Status.TAKEN)
        dose.slot_date = slot.date
    context = site_context(dose.patient, at=dose.taken_at)
    problems = context.problems(site, administered_by, excluding=dose)
    if extra:
        problems.insert(0, extra_problem(Violation(Flag.EXTRA_DOSE, slot=slot)))
    else:
        gap = _gap(regimen, slot=slot, taken_at=dose.taken_at, now=now, excluding=dose)
        problems += [problem for problem in (late, gap) if problem]
    # What the record already carried was explained by its reason when it was recorded.
    new = [problem for problem in problems if str(problem.code) not in dose.flags]
    if new and not override_reason:
        raise DoseRefused(new)
    syringe_flags = [code for code in dose.flags if code in _SYRINGE_FLAGS]
    dose.flags = [str(problem.code) for problem in problems] + syringe_flags
    if new:
        dose.reason = override_reason
    elif not dose.flags:
        dose.reason = ""  # no broken rule left to explain
    dose.version += 1
    try:
        with transaction.atomic():
            dose.save()
    except IntegrityError:
        # Another record took the slot meanwhile: the constraint has the last word.
        raise SlotAlreadyRecorded(dose.slot_date) from None
    if moved:
        Syringe.objects.filter(dose=dose).update(used_at=dose.taken_at)
    _revise(dose, DoseRevision.Action.CORRECTED, changed_by, reason, at=now)
    return dose


_SYRINGE_FLAGS = {str(flag) for flag in Flag if flag.kind == Kind.SYRINGE}


@transaction.atomic
def void_dose(
    *, dose: Dose, voided_by: AbstractBaseUser, reason: str, now: datetime | None = None
) -> Dose:
    """Void a wrong entry, taken, extra or skipped: it stays, marked void with who, when
    and why (DESIGN §7), and its slot reads again as the rules say (open, missed)."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("say why the record is voided"))
    lock_patient(dose.patient)
    dose = Dose.objects.select_for_update().select_related("patient").get(pk=dose.pk)
    _refuse_unless_permitted(dose, voided_by)
    if dose.is_voided:
        raise ServiceError(_("this record is already voided"))
    dose.voided_at = now or timezone.now()
    dose.voided_by = voided_by
    dose.void_reason = reason
    dose.version += 1
    dose.save()
    # A record voided as wrong frees the syringe it named: it was not used then.
    Syringe.objects.filter(dose=dose).update(dose=None, used_at=None)
    _revise(dose, DoseRevision.Action.VOIDED, voided_by, reason, at=dose.voided_at)
    return dose


def undo_dose(*, dose: Dose, user: AbstractBaseUser, now: datetime | None = None) -> Dose:
    """Take back a record just entered: a void with a stated reason, kept in history.
    Only its author can, within UNDO_WINDOW of entering it."""
    now = now or timezone.now()
    if not may_undo(entered_by=dose.entered_by_id, user=user.pk, entered_at=dose.entered_at,
                    at=now):  # fmt: skip
        raise ServiceError(
            _("only a record you entered in the last 10 minutes can be undone; void it instead")
        )
    return void_dose(dose=dose, voided_by=user, reason=_("undone by who entered it"), now=now)
