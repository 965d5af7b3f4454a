"""The history pages: a calendar of recent slots, the dose list, and a record's
full history of corrections (DESIGN §7)."""

from datetime import datetime, timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ...models import Dose
from ...reading.regimens import active_regimens
from ...rules.geometry import format_cm
from ...text.flags import flag_labels
from ..lookup import checkin_url, dose_or_404, history_url, patient_or_404
from ..pages.calendar import CALENDAR_WEEKS, calendar

DOSES_PER_PAGE = 30


@require_GET
def history(request):
    return _history(request, None)


@require_GET
def patient_history(request, pk: int):
    """A patient's history as their caregiver or clinician sees it."""
    return _history(request, pk)


def _history(request, pk):
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
        for dose in doses.filter(slot_date__gte=since, voided_at__isnull=True)
    }
    page = Paginator(doses, DOSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "injections/history.html",
        {
            "calendar": calendar(regimens, records, at=now, today=today),
            "page": page,
            "patient": patient,
            "role": role,
            "checkin_url": checkin_url(patient, role),
        },
    )


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
