"""The history pages: a calendar of recent slots, the dose list, and a record's
full history of corrections (DESIGN §7)."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ...models import Dose
from ...reading.access import Role
from ...reading.regimens import active_regimens
from ...rules.geometry import format_cm
from ...rules.schedule import skip_kind
from ...services import doses
from ...services.errors import ServiceError
from ...text.flags import flag_labels
from ..forms import PlanSkipForm
from ..lookup import checkin_url, dose_or_404, history_url, patient_or_404
from ..pages.calendar import CALENDAR_WEEKS, calendar, planned_skips

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
            "planned": planned_skips(regimens, records, at=now),
            "plan_form": plan_form,
            "page": page,
            "patient": patient,
            "role": role,
            "checkin_url": checkin_url(patient, role),
        },
        status=status,
    )


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
            doses.skip_slot(
                regimen=regimen,
                slot_date=form.cleaned_data["slot_date"],
                reason=form.reason,
                entered_by=request.user,
                planned=True,
            )
        except ServiceError as error:
            # Every refusal is about the day chosen: said next to it.
            form.add_error("slot_date", str(error))
        else:
            values = {"day": formats.date_format(form.cleaned_data["slot_date"], "l j F"),
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
    "taken_at": _("taken at"),
    "dose_mg": _("dose (mg)"),
    "region": _("region"),
    "side": _("side"),
    "x_mm": _("across (cm)"),
    "y_mm": _("down (cm)"),
    "administered_by": _("given by"),
    "reason": _("reason"),
    "notes": _("notes"),
    "flags": _("flags"),
    "voided": _("void"),
}


def _in_words(field: str, value) -> str:
    """A revision's stored value as a person reads it."""
    if value is None or value == "":
        return "—"
    if field in ("x_mm", "y_mm"):
        return format_cm(value)
    if field == "taken_at":
        local = timezone.localtime(datetime.fromisoformat(value))
        return formats.date_format(local, "D j M Y H:i")
    if field == "flags":
        return ", ".join(flag_labels(value)) or "—"
    if field == "voided":
        return _("yes") if value else _("no")
    return str(value)


@require_GET
def dose_history(request, pk: int):
    """One record and every version of it, with who changed what, when and why."""
    dose, role = dose_or_404(request.user, pk)
    revisions = list(dose.revisions.select_related("changed_by"))
    previous = {}
    for revision in revisions:
        revision.changes = [
            (FIELD_LABELS.get(field, field), _in_words(field, previous.get(field)),
             _in_words(field, value))
            for field, value in revision.data.items()
            if previous and previous.get(field) != value
        ]  # fmt: skip
        previous = revision.data
    context = {"dose": dose, "revisions": revisions,
               "history_url": history_url(dose.patient, role)}  # fmt: skip
    return render(request, "injections/dose.html", context)
