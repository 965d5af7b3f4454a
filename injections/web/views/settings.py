"""Settings: everyone's reminders (views.reminders); for a patient also the schedule
(unless the clinic set it), the calendar address and the areas to keep away from,
drawn on the body map."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...models import AvoidZone, Patient
from ...reading.access import in_a_clinic, may_prescribe
from ...reading.facts import active_avoid_zones
from ...reading.regimens import active_regimens
from ...rules.geometry import Administrator
from ...services import skin
from ...services.errors import ServiceError
from ...services.patients import change_schedule
from ..forms import AvoidZoneForm, ScheduleForm
from ..lookup import about, id_or_none, own_patient, own_patient_or_404
from ..middleware import uncompressed
from ..pages.bodymap import body_map
from .reminders import reminder_context, reminder_form, save_reminder_form


def _render(
    request, patient: Patient | None, *, schedule_forms=None, zone_form=None, reminders=None
):
    if patient is None:  # a caregiver or clinic staff: their reminders only
        context = reminder_context(request.user, reminders)
        return render(request, "injections/settings.html", context)
    regimens = list(active_regimens(patient))
    now = timezone.now()
    tz = timezone.get_current_timezone()
    zones = AvoidZone.objects.filter(patient=patient, removed_at__isnull=True).order_by("pk")
    schedule_forms = schedule_forms or {}
    rows = []
    prescribing = may_prescribe(request.user, patient)
    for regimen in regimens:
        form = schedule_forms.get(regimen.pk) or schedule_form(regimen, prescribing=prescribing)
        today = regimen.version_on(timezone.localdate(now))
        rows.append({
            "regimen": regimen,
            "version": today,
            # A change saved applies from the next unopened dose: until then, say when.
            "pending": form.version if form.version != today else None,
            "form": form,
        })  # fmt: skip
    picked = zone_form.cleaned_data.get("site") if zone_form and zone_form.is_bound else None
    calendar_url = _feed_url(request, patient)
    page = render(
        request,
        "injections/settings.html",
        {
            "regimens": rows,
            "zones": zones,
            "calendar_url": calendar_url,
            **reminder_context(request.user, reminders),
            "zone_form": zone_form or AvoidZoneForm(),
            "map_views": body_map(
                administered_by=Administrator.CAREGIVER,  # every region can hold a zone
                seen_by=Administrator.SELF,  # the patient's own body: their left on the left
                at=now,
                tz=tz,
                avoid_zones=active_avoid_zones(patient, at=now, tz=tz),
                chosen=picked,
            ),
        },
    )
    return uncompressed(page) if calendar_url else page  # the calendar's secret address


def _feed_url(request, patient: Patient) -> str | None:
    feed = patient.calendar_feeds.filter(revoked_at__isnull=True).first()
    if feed is None:
        return None
    return request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))


@require_http_methods(["GET", "POST"])
def settings_page(request):
    """Everyone's reminders; a patient's schedule, calendar and areas to avoid too."""
    if request.method == "GET":
        patient = own_patient(request.user)
        return _render(request, patient and about(patient))
    patient = own_patient_or_404(request.user)
    regimen_id = request.POST.get("regimen", "")
    # A hand-edited id that is not a number is as unknown as one of another patient's.
    regimen = get_object_or_404(patient.regimens, pk=id_or_none(regimen_id))
    form = schedule_form(
        regimen, data=request.POST, prescribing=may_prescribe(request.user, patient)
    )
    default = _("changed by the patient")
    if form.is_valid() and form.cleaned_data.get("prescribed"):
        default = _("changed by the patient, as their doctor prescribed")
    if save_schedule(request, form, regimen, default_reason=default):
        return redirect("settings")
    return _render(request, patient, schedule_forms={regimen.pk: form})


def schedule_form(regimen, *, prescribing: bool, data=None) -> ScheduleForm:
    """The schedule form of one regimen, prefixed so that several fit on one page. A
    patient who prescribes for themselves (no clinic) confirms a doctor's prescription."""
    return ScheduleForm(
        data,
        version=regimen.current_version(),
        prescribing=prescribing,
        confirm=prescribing and not in_a_clinic(regimen.patient),
        prefix=f"r{regimen.pk}",
    )


def save_schedule(request, form: ScheduleForm, regimen, *, default_reason: str) -> bool:
    """Apply a valid schedule form from the next unopened slot on, and say from when;
    on failure the form carries the error. Used by the patient and by the clinic."""
    if not form.is_valid():
        return False
    try:
        version = change_schedule(
            regimen=regimen,
            changed_by=request.user,
            reason=form.cleaned_data.get("reason") or default_reason,
            **form.prescription(),
        )
    except ServiceError as error:
        form.add_error(None, str(error))
        return False
    day = formats.date_format(version.valid_from, _("l j F"))
    messages.success(
        request, _("Saved. The new schedule applies from the dose of %(day)s.") % {"day": day}
    )
    return True


@require_POST
def save_reminders(request):
    form = reminder_form(request.user, request.POST)
    if save_reminder_form(request, form):
        return redirect("settings")
    patient = own_patient(request.user)
    return _render(request, patient and about(patient), reminders=form)


@require_POST
def add_avoid_zone(request):
    patient = own_patient_or_404(request.user)
    form = AvoidZoneForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            skin.add_avoid_zone(
                patient=patient,
                centre=data["site"],
                radius_mm=int(data["radius"] * 10),
                kind=data["kind"],
                ends_on=data["ends_on"],
                created_by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved. Suggestions keep away from that area."))
            return redirect("settings")
    return _render(request, patient, zone_form=form)


@require_POST
def remove_avoid_zone(request, pk: int):
    patient = own_patient_or_404(request.user)
    zone = get_object_or_404(AvoidZone, pk=pk, patient=patient)
    skin.remove_avoid_zone(zone=zone)
    messages.success(request, _("Removed. That area can be suggested again."))
    return redirect("settings")
