"""The patient's view of the audit log (issue 13, item 4): "Who has seen or changed
your record", linked from the sharing page. Only the patient sees it."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ...models import AuditEvent
from ...reading.audit import others_on_record
from ...text.audit import for_the_patient, page
from ..lookup import own_patient_or_404

EVENTS_PER_PAGE = 50


@require_GET
def record_log(request):
    patient = own_patient_or_404(request.user)
    events = others_on_record(patient).select_related("actor")
    shown = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    for event in shown:
        event.what = for_the_patient(event.action, event.object_kind)
        if event.action == AuditEvent.Action.SIGN_IN_PAUSED:
            event.username = ""  # the name typed was the patient's: the guesser is unknown
        event.page = page(event.detail)
        event.role_label = AuditEvent.Role(event.role).label if event.role else ""
        event.dose_id = event.object_id if event.object_kind == "dose" else None
    return render(request, "injections/record_log.html", {"page": shown, "patient": patient})
