"""The history pages: a calendar of recent slots, the dose list, and a record's
full history of corrections (DESIGN §7)."""

from collections import defaultdict
from datetime import timedelta

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ..history import active_regimens, zone_of
from ..models import Dose
from ..rules.schedule import slot_status
from ..status import STATUS_LABELS
from .access import own_dose_or_404, own_patient_or_404

CALENDAR_WEEKS = 5
DOSES_PER_PAGE = 30


def _calendar(regimens, records, *, at, today):
    """Weeks (Monday first) up to this one; each day lists each regimen's slot status."""
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    last = first + timedelta(days=7 * CALENDAR_WEEKS - 1)
    by_day = defaultdict(list)
    for regimen in regimens:
        for slot in regimen.schedule().slots(first, last):
            dose = records.get((regimen.pk, slot.date))
            status = slot_status(slot, at=at, outcome=dose.status if dose else None)
            by_day[slot.date].append(
                {"regimen": regimen, "status": status, "label": STATUS_LABELS[status]}
            )
    days = [first + timedelta(days=n) for n in range(7 * CALENDAR_WEEKS)]
    return [
        [{"date": day, "slots": by_day[day], "today": day == today} for day in days[w : w + 7]]
        for w in range(0, len(days), 7)
    ]


@require_GET
def history(request):
    patient = own_patient_or_404(request.user)
    regimens = list(active_regimens(patient))
    now = timezone.now()
    tz = zone_of(regimens)
    today = now.astimezone(tz).date()
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
            "calendar": _calendar(regimens, records, at=now, today=today),
            "page": page,
            "tz": tz,
        },
    )


@require_GET
def dose_history(request, pk: int):
    """One record and every version of it, with who changed what, when and why."""
    dose = own_dose_or_404(request.user, pk)
    revisions = list(dose.revisions.select_related("changed_by"))
    previous = {}
    for revision in revisions:
        revision.changes = [
            (field, previous.get(field), value)
            for field, value in revision.data.items()
            if previous and previous.get(field) != value
        ]
        previous = revision.data
    tz = zone_of(list(active_regimens(dose.patient)))
    return render(request, "injections/dose.html", {"dose": dose, "revisions": revisions, "tz": tz})
