"""The history pages: a calendar of recent slots, the dose list, and a record's
full history of corrections, with the forms that correct or void it (DESIGN §7); the
patient's own record to download."""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ...models import Dose
from ...models.doses import REGION_CHOICES, SIDE_CHOICES, AdministeredBy
from ...reading.access import Role
from ...reading.facts import active_avoid_zones
from ...reading.regimens import active_regimens
from ...reading.scores import progress
from ...rules.geometry import Administrator, format_cm
from ...rules.schedule import skip_kind
from ...services import doses as dose_log
from ...services.errors import DoseRefused, NotPermitted, ServiceError, SlotAlreadyRecorded
from ...text import skips as skip_text
from ...text.flags import flag_labels, overdose_advice
from ...text.status import giver
from ..correction_forms import CorrectDoseForm, VoidDoseForm, in_mg
from ..downloads import record_file
from ..forms import PlanSkipForm
from ..lookup import checkin_url, dose_or_404, history_url, own_patient_or_404, patient_or_404
from ..pages.bodymap import body_map
from ..pages.calendar import CALENDAR_WEEKS, calendar, planned_skips
from ..pages.progress import chart

DOSES_PER_PAGE = 30


@require_GET
def history(request):
    return _history(request, None)


@require_GET
def patient_history(request, pk: int):
    """A patient's history as their caregiver or clinician sees it."""
    return _history(request, pk)


def _history(request, pk, *, plan_form: PlanSkipForm | None = None, status: int = 200):
    patient, role = patient_or_404(request.user, pk)
    regimens = list(active_regimens(patient))
    now = timezone.now()
    today = timezone.localdate(now)
    doses = (
        Dose.objects.filter(patient=patient)
        .select_related("regimen__medication", "entered_by")
        .order_by("-slot_date", "-entered_at", "-pk")
    )
    since = today - timedelta(days=7 * CALENDAR_WEEKS + 7)
    records = {
        (dose.regimen_id, dose.slot_date): dose
        for dose in doses.filter(slot_date__gte=since, voided_at__isnull=True).exclude(
            status=Dose.Status.EXTRA
        )
    }
    page = Paginator(doses, DOSES_PER_PAGE).get_page(request.GET.get("page"))
    _tell_skip_kinds(page.object_list, regimens)
    name = None if role == Role.PATIENT else str(patient)
    if plan_form is None and regimens:
        plan_form = PlanSkipForm(regimens=regimens, today=today, name=name)
    return render(
        request,
        "injections/history.html",
        {
            "calendar": calendar(regimens, records, at=now, today=today),
            # "Is it working?": the scores week by week beside the doses (issue 12).
            "chart": chart(progress(patient, at=now, today=today, regimens=regimens)),
            "own": role == Role.PATIENT,
            "reader_name": name or "",
            "planned": [
                item | {"may_withdraw": dose_log.may_change(item["dose"], request.user)}
                for item in planned_skips(regimens, records, at=now)
            ],
            "plan_form": plan_form,
            "page": page,
            "patient": patient,
            "role": role,
            "checkin_url": checkin_url(patient, role),
        },
        status=status,
    )


@require_GET
def record_download(request, kind: str):
    """The patient's own record as a file, CSV or FHIR (issue 12): from their History
    page, for themselves only. A caregiver sees the history but takes no copy away."""
    return record_file(own_patient_or_404(request.user), kind)


def _tell_skip_kinds(doses, regimens) -> None:
    """Each skip on the page learns whether it was planned, made at the time, or a
    missed dose explained afterwards (rules.schedule.skip_kind)."""
    schedules = {regimen.pk: regimen.schedule() for regimen in regimens}
    for dose in doses:
        if dose.status != Dose.Status.SKIPPED:
            continue
        if dose.regimen_id not in schedules:
            schedules[dose.regimen_id] = dose.regimen.schedule()
        slot = schedules[dose.regimen_id].slot(dose.slot_date)
        dose.skip_kind = skip_kind(slot, entered_at=dose.entered_at) if slot else None


@require_POST
def plan_skip(request):
    """Skip a dose to come, from the history calendar (DESIGN §5): the patient's own,
    or with a `patient` field a caregiver's or clinician's, who name the patient."""
    patient, role = patient_or_404(request.user, request.POST.get("patient"))
    regimens = list(active_regimens(patient))
    today = timezone.localdate()
    name = None if role == Role.PATIENT else str(patient)
    form = PlanSkipForm(request.POST, regimens=regimens, today=today, name=name)
    if form.is_valid():
        regimen = next(r for r in regimens if r.pk == form.cleaned_data["regimen"])
        try:
            dose_log.skip_slot(
                regimen=regimen,
                slot_date=form.cleaned_data["slot_date"],
                skip_reason=form.skip_reason,
                reason=form.reason,
                entered_by=request.user,
                planned=True,
            )
        except ServiceError as error:
            # Every refusal is about the day chosen: said next to it.
            form.add_error("slot_date", str(error))
        else:
            values = {"day": formats.date_format(form.cleaned_data["slot_date"], _("l j F")),
                      "name": name}  # fmt: skip
            messages.success(
                request,
                (gettext("Planned: the dose of %(day)s will be skipped. You can withdraw it "
                         "until then.") if name is None
                 else gettext("Planned: %(name)s will skip the dose of %(day)s. It can be "
                              "withdrawn until then.")) % values,
            )  # fmt: skip
            return redirect(history_url(patient, role))
    # What was typed stays in the form, beside its errors.
    return _history(request, patient.pk if role != Role.PATIENT else None, plan_form=form)


FIELD_LABELS = {
    "slot_date": _("dose of"),
    "status": _("status"),
    "taken_at": _("time taken"),
    "dose_mg": _("dose (mg)"),
    "region": _("region"),
    "side": _("side"),
    "x_mm": _("across (cm)"),
    "y_mm": _("down (cm)"),
    "administered_by": _("given by"),
    "skip_reason": _("reason chosen"),
    "reason": _("reason"),
    "notes": _("notes"),
    "flags": _("flags"),
    "voided": _("voided"),
}
WORDS_OF = {
    "status": dict(Dose.Status.choices),
    "region": dict(REGION_CHOICES),
    "side": dict(SIDE_CHOICES),
    "skip_reason": dict(skip_text.CHOICES),
}


def _in_words(field: str, value, *, name: str | None = None) -> str:
    """A revision's stored value as a person reads it; who gave a dose as `giver` says
    it ("you" for the patient, else the patient by `name`)."""
    if value is None or value == "":
        return "—"
    if field == "administered_by" and value in AdministeredBy.values:
        return giver(value, name=name)
    if field in ("x_mm", "y_mm"):
        return format_cm(value)
    if field == "taken_at":
        local = timezone.localtime(datetime.fromisoformat(value))
        return formats.date_format(local, "D j M Y H:i")
    if field == "slot_date":
        return formats.date_format(date.fromisoformat(value), "D j M Y")
    if field == "dose_mg":
        return in_mg(value)
    if field == "flags":
        return ", ".join(flag_labels(value)) or "—"
    if field == "voided":
        return _("yes") if value else _("no")
    return str(WORDS_OF.get(field, {}).get(value, value))


def _changed(field: str, before: dict, after: dict) -> bool:
    """Whether a change to the record changed `field`. A snapshot from before skip
    reasons were codes has no `skip_reason`: the reason was then the chooser's words,
    which migration 0022 moved to a code without a change to the record."""
    if "skip_reason" not in before and (
        field == "skip_reason" or (field == "reason" and after.get("skip_reason"))
    ):
        return False
    return before.get(field) != after[field]


@require_GET
def dose_history(request, pk: int):
    """One record and every version of it, with who changed what, when and why; for
    whoever may, the forms that correct or void it."""
    dose, role = dose_or_404(request.user, pk)
    return _dose_page(request, dose, role)


def _dose_page(request, dose: Dose, role: Role, *, correct_form=None, void_form=None):
    revisions = list(dose.revisions.select_related("changed_by"))
    name = None if role == Role.PATIENT else str(dose.patient)
    previous = {}
    for revision in revisions:
        revision.changes = [
            (FIELD_LABELS.get(field, field), _in_words(field, previous.get(field), name=name),
             _in_words(field, value, name=name))
            for field, value in revision.data.items()
            if previous and _changed(field, previous, revision.data)
        ]  # fmt: skip
        previous = revision.data
    may = not dose.is_voided and dose_log.may_change(dose, request.user)
    now = timezone.now()
    if may and correct_form is None and dose.status != Dose.Status.SKIPPED:
        correct_form = CorrectDoseForm(dose=dose, now=now, name=name)
    if may and void_form is None:
        void_form = VoidDoseForm()
    context = {
        "dose": dose,
        "role": role,
        "revisions": revisions,
        "history_url": history_url(dose.patient, role),
        "may_change": may,
        "correct_form": correct_form if may else None,
        "void_form": void_form if may else None,
        "map_views": _map(dose, role, correct_form, now=now) if may and correct_form else None,
        "overdose": overdose_advice(None if role == Role.PATIENT else str(dose.patient)),
        # Who the words are about: "you" for the patient, else the patient by name.
        "reader_name": name or "",
    }
    return render(request, "injections/dose.html", context)


def _map(dose: Dose, role: Role, form, *, now):
    """The body map the correction's spot is picked on, with the spot it shows. Every
    region is open: who gave the dose is part of what can be corrected."""
    chosen = form.cleaned_data.get("site") if form.is_bound else None
    tz = timezone.get_current_timezone()
    return body_map(
        administered_by=Administrator.CAREGIVER,
        seen_by=Administrator.SELF if role == Role.PATIENT else Administrator.CAREGIVER,
        at=now,
        tz=tz,
        avoid_zones=active_avoid_zones(dose.patient, at=now, tz=tz),
        chosen=chosen or dose.site,
    )


def _changeable_or_403(request, pk: int) -> tuple[Dose, Role]:
    """The record, if the user may change it; someone who only sees it is refused
    (403), someone who does not see it gets 404 as everywhere."""
    dose, role = dose_or_404(request.user, pk)
    if not dose_log.may_change(dose, request.user):
        raise PermissionDenied("only the author, the patient or their clinic change a record")
    return dose, role


@require_POST
def correct_dose(request, pk: int):
    dose, role = _changeable_or_403(request, pk)
    if dose.status == Dose.Status.SKIPPED:  # a skip has no time or spot to correct
        messages.error(request, _("A skip cannot be corrected: void it instead."))
        return redirect("dose", pk=dose.pk)
    now = timezone.now()
    name = None if role == Role.PATIENT else str(dose.patient)
    form = CorrectDoseForm(request.POST, dose=dose, now=now, name=name)
    if form.is_valid():
        try:
            dose_log.correct_dose(
                dose=dose,
                changed_by=request.user,
                reason=form.cleaned_data["reason"],
                override_reason=form.override_reason,
                now=now,
                **form.changes,
            )
        except NotPermitted:
            raise PermissionDenied("not theirs to change") from None
        except DoseRefused as refused:
            form.refuse(refused)
        except SlotAlreadyRecorded as error:
            form.add_error("taken_time", capfirst(str(error)))
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Corrected. The earlier version stays in the record's history.")
            )
            return redirect("dose", pk=dose.pk)
    dose.refresh_from_db()
    return _dose_page(request, dose, role, correct_form=form)


@require_POST
def void_dose(request, pk: int):
    dose, role = _changeable_or_403(request, pk)
    form = VoidDoseForm(request.POST)
    if form.is_valid():
        try:
            dose_log.void_dose(
                dose=dose, voided_by=request.user, reason=form.cleaned_data["reason"]
            )
        except NotPermitted:
            raise PermissionDenied("not theirs to change") from None
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Voided. The record stays in the history, marked void, with why.")
            )
            return redirect("dose", pk=dose.pk)
    dose.refresh_from_db()
    return _dose_page(request, dose, role, void_form=form)
