"""The health log: side effects (urgent ones flagged for the clinic until a staff
member acknowledges them), other medicines, lab results and the things to tell the
doctor (DESIGN §2)."""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DoctorTopic, LabResult, OtherMedicine, Patient, SideEffect
from ..reading.health import allergy_holds, injected
from ..reading.regimens import active_regimens, patient_zone
from ..rules.health import OTHER_SIDE_EFFECT, side_effect_refusal
from ..rules.medicines import Match, check_medicine
from ..text.health import SIDE_EFFECT_REFUSALS
from . import audit
from .errors import ServiceError, refuse_unless_sensible


@transaction.atomic
def record_side_effect(
    *,
    patient: Patient,
    kind: str,
    started_on: date,
    recorded_by: AbstractBaseUser,
    severity: str = "",
    described: str = "",
    note: str = "",
    now: datetime | None = None,
) -> SideEffect:
    """A side effect in the leaflet's classes (rules.health): a common one needs how bad
    it is, something else unusual needs its words. Urgent ones flag the clinic."""
    now = now or timezone.now()
    described = described.strip()
    refusal = side_effect_refusal(kind, severity=severity, described=described)
    if refusal:
        raise ServiceError(str(SIDE_EFFECT_REFUSALS[refusal]))
    # The patient's today, in their regimen's zone (DESIGN §5), not the server's.
    today = timezone.localdate(now, patient_zone(patient))
    if started_on > today:
        raise ServiceError(_("the start date is in the future"))
    refuse_unless_sensible(started_on, today=today)
    if kind != OTHER_SIDE_EFFECT:
        described = ""  # the words belong to "something else" only
    effect = SideEffect.objects.create(
        patient=patient, kind=kind, severity=severity, described=described,
        note=note.strip(), started_on=started_on, recorded_at=now, recorded_by=recorded_by,
    )  # fmt: skip
    audit.record(audit.Action.CREATED, actor=recorded_by, patient=patient, obj=effect, at=now)
    return effect


@transaction.atomic
def acknowledge_side_effect(
    *, effect: SideEffect, staff: AbstractBaseUser, now: datetime | None = None
) -> SideEffect:
    """A staff member has seen an urgent side effect: it leaves the review's flags."""
    if effect.acknowledged_at is None:
        effect.acknowledged_at = now or timezone.now()
        effect.acknowledged_by = staff
        effect.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit.record(audit.Action.CORRECTED, actor=staff, patient=effect.patient, obj=effect,
                     detail="acknowledged")  # fmt: skip
    return effect


@transaction.atomic
def record_doctor_said_yes(
    *, patient: Patient, by: AbstractBaseUser, now: datetime | None = None
) -> list[SideEffect]:
    """After a sign of allergy, the patient or someone who looks after them says a
    doctor has been asked and the next dose may be taken: every sign that held it
    says who said so and when, and the check-in offers the dose again
    (rules.health.holds_next_dose). The clinic's flag stays until staff have seen
    the sign. Returns the signs that held the dose (none: nothing was on hold)."""
    now = now or timezone.now()
    held = allergy_holds(patient)
    for effect in held:
        effect.doctor_said_yes_at = now
        effect.doctor_said_yes_by = by
        effect.save(update_fields=["doctor_said_yes_at", "doctor_said_yes_by"])
        audit.record(audit.Action.CORRECTED, actor=by, patient=patient, obj=effect,
                     detail="doctor_said_yes", at=now)  # fmt: skip
    return held


@transaction.atomic
def add_other_medicine(
    *, patient: Patient, name: str, dose: str = "", how_often: str = ""
) -> tuple[OtherMedicine, Match | None]:
    """Add to the patient's list of medicines and supplements; returns what to tell
    them about it beside anakinra, if anything (rules.medicines: the table, and a
    second course of a medicine they already inject)."""
    name = name.strip()
    if not name:
        raise ServiceError(_("type the name of the medicine or supplement"))
    medicine = OtherMedicine.objects.create(
        patient=patient, name=name, dose=dose.strip(), how_often=how_often.strip()
    )
    audit.record(audit.Action.CREATED, patient=patient, obj=medicine)
    return medicine, check_medicine(name, injected=injected(active_regimens(patient)))


@transaction.atomic
def remove_other_medicine(*, medicine: OtherMedicine, now: datetime | None = None) -> None:
    """Taken off the list; kept, marked removed, so past lists can be told."""
    if medicine.removed_at is None:
        medicine.removed_at = now or timezone.now()
        medicine.save(update_fields=["removed_at"])
        audit.record(audit.Action.VOIDED, patient=medicine.patient, obj=medicine,
                     detail="removed", at=medicine.removed_at)  # fmt: skip


@transaction.atomic
def record_lab_result(
    *,
    patient: Patient,
    taken_on: date,
    recorded_by: AbstractBaseUser,
    neutrophils: Decimal | None = None,
    note: str = "",
) -> LabResult:
    today = timezone.localdate(timezone=patient_zone(patient))
    if taken_on > today:
        raise ServiceError(_("the date the blood was taken is in the future"))
    refuse_unless_sensible(taken_on, today=today)
    if neutrophils is not None and not Decimal(0) <= neutrophils < Decimal(1000):
        raise ServiceError(_("a neutrophil count is a number like 3.5 (×10⁹/L)"))
    result = LabResult.objects.create(
        patient=patient, taken_on=taken_on, neutrophils=neutrophils, note=note.strip(),
        recorded_by=recorded_by,
    )  # fmt: skip
    audit.record(audit.Action.CREATED, actor=recorded_by, patient=patient, obj=result)
    return result


@transaction.atomic
def set_doctor_topics(
    *, patient: Patient, topics: set[str], now: datetime | None = None
) -> list[DoctorTopic]:
    """The topics now ticked: newly ticked ones open (and are flagged for the clinic),
    unticked ones close. Returns the open ones."""
    now = now or timezone.now()
    unknown = topics - set(DoctorTopic.Topic.values)
    if unknown:
        raise ServiceError(_("unknown topic: %(topics)s") % {"topics": ", ".join(sorted(unknown))})
    open_topics = {
        t.topic: t for t in DoctorTopic.objects.filter(patient=patient, until__isnull=True)
    }
    for topic, row in open_topics.items():
        if topic not in topics:
            row.until = now
            row.save(update_fields=["until"])
    for topic in topics - set(open_topics):
        DoctorTopic.objects.create(patient=patient, topic=topic, since=now)
    if topics != set(open_topics):
        audit.record(audit.Action.CORRECTED, patient=patient, detail="doctor_topics", at=now)
    return list(DoctorTopic.objects.filter(patient=patient, until__isnull=True).order_by("topic"))


@transaction.atomic
def record_allergies(
    *, patient: Patient, latex: bool, bacterial_proteins: bool, now: datetime | None = None
) -> Patient:
    """The patient's answers to the leaflet's two allergy questions: latex (the needle
    cover) and proteins made with bacteria (E. coli). Asked once, changeable."""
    if not isinstance(latex, bool) or not isinstance(bacterial_proteins, bool):
        raise ServiceError(_("answer yes or no to each question"))
    patient.latex_allergy = latex
    patient.bacterial_protein_allergy = bacterial_proteins
    patient.allergies_answered_at = now or timezone.now()
    patient.save(
        update_fields=["latex_allergy", "bacterial_protein_allergy", "allergies_answered_at"]
    )
    audit.record(audit.Action.CORRECTED, patient=patient, detail="allergies",
                 at=patient.allergies_answered_at)  # fmt: skip
    return patient
