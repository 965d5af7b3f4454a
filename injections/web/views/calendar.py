"""The patient's calendar feed (issue 11): read by calendar apps at its secret address,
started and stopped from the settings page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ...exports.ical import patient_calendar
from ...models import CalendarFeed
from ...services import sharing
from ..lookup import about, own_patient_or_404


@login_not_required  # a calendar app signs in with nothing but the secret address
@require_GET
def calendar_feed(request, token: str):
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("patient__user")
        .first()
    )
    if feed is None:
        raise Http404("no such calendar")
    now = timezone.now()
    patient = about(feed.patient)  # the patient's zone: "today" is theirs
    body = patient_calendar(
        patient,
        today=timezone.localdate(now),
        now=now,
        checkin=request.build_absolute_uri(reverse("home")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="medtrack.ics"'
    return response


@require_POST
def start_calendar(request):
    patient = own_patient_or_404(request.user)
    sharing.start_calendar_feed(patient=patient)
    messages.success(request, _("Your calendar address is ready: add it to your calendar app."))
    return redirect(reverse("settings") + "#calendar-heading")


@require_POST
def stop_calendar(request):
    patient = own_patient_or_404(request.user)
    sharing.stop_calendar_feed(patient=patient)
    messages.success(
        request, _("The calendar address is stopped: calendars no longer get your doses.")
    )
    return redirect(reverse("settings") + "#calendar-heading")
