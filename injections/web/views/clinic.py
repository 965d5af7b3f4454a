"""The clinic's pages: the adherence review of its patients (DESIGN §6), a patient's
review page, and the regimen changes and treatment pauses staff record."""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ...exports.csvlog import CsvWriter, neutralised
from ...models import (
    Clinic,
    ClinicStaff,
    Dose,
    Enrollment,
    Patient,
    SideEffect,
    SiteReaction,
    Visit,
)
from ...reading.access import Role
from ...reading.adherence import RECENT_WEEKS, recent_weeks
from ...reading.facts import past_injections
from ...reading.regimens import active_regimens
from ...reading.review import PERIODS, clinic_patients, review
from ...reading.scores import progress
from ...rules.geometry import Administrator
from ...services import clinics as clinic_records
from ...services import health
from ...services.errors import ServiceError
from ...services.patients import record_pause
from ...text.leaflet import allergies_of
from .. import trail
from ..downloads import record_file
from ..forms import PauseForm, VisitForm
from ..lookup import id_or_none, patient_or_404
from ..pages.bodymap import body_map
from ..pages.calendar import HEATMAP_DAYS, heatmap
from ..pages.progress import chart
from ..pages.weekly import sparkline, weekly_bars
from .settings import save_schedule, schedule_form

PAGE_SIZE = 50
SORTS = {
    "name": lambda row: row.patient.user.get_username().lower(),
    "adherence_30": lambda row: row.adherence_30,
    "adherence_90": lambda row: row.adherence_90,
    "on_time_30": lambda row: row.on_time_30,
    "missed": lambda row: row.missed_in_a_row,
    "last_dose": lambda row: row.last_dose_at,
}
FILTERS = {
    "all": lambda row: True,
    "non-adherent": lambda row: row.adherent is False,
    "flagged": lambda row: row.flagged,
}


def _clinics(user):
    return [role.clinic for role in ClinicStaff.objects.filter(user=user).select_related("clinic")]


def _clinic_or_404(request):
    clinics = _clinics(request.user)
    if not clinics:
        trail.refused()
        raise Http404("not clinic staff")
    wanted = request.GET.get("clinic")
    for clinic in clinics:
        if str(clinic.pk) == wanted:
            return clinic, clinics
    return clinics[0], clinics


def _rows(request, clinic, *, at):
    """The review rows, filtered and sorted as asked; missing figures sort last."""
    rows = review(clinic_patients(clinic), at=at)
    show = request.GET.get("show", "all")
    rows = [row for row in rows if FILTERS.get(show, FILTERS["all"])(row)]
    sort = request.GET.get("sort", "adherence_30")
    descending = sort.startswith("-")
    key = SORTS.get(sort.lstrip("-"), SORTS["adherence_30"])
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=key, reverse=descending)
    return present + missing, show, sort


@require_GET
def dashboard(request):
    """The clinic's patients, least adherent first by default."""
    clinic, clinics = _clinic_or_404(request)
    now = timezone.now()
    rows, show, sort = _rows(request, clinic, at=now)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # The last 12 weeks of the rows on this page only, each drawn as a sparkline.
    weeks = recent_weeks([row.patient for row in page.object_list], at=now)
    columns = [
        ("name", _("Patient")),
        ("adherence_30", _("Adherence, 30 days")),
        ("adherence_90", _("Adherence, 90 days")),
        ("on_time_30", _("On time, 30 days")),
        ("missed", _("Missed in a row")),
        ("last_dose", _("Last dose")),
    ]
    return render(
        request,
        "injections/clinic.html",
        {
            "clinic": clinic,
            "clinics": clinics,
            "page": page,
            "shown": [(row, sparkline(weeks[row.patient.pk])) for row in page.object_list],
            "show": show,
            "sort": sort,
            "filters": [
                ("all", _("Everyone")),
                ("non-adherent", _("Under 80 %")),
                ("flagged", _("Flagged")),
            ],  # fmt: skip
            "columns": columns,
            "labels": dict(columns),  # each card's figure says which column it is
            "spark_weeks": RECENT_WEEKS,
        },
    )


@require_GET
def export(request):
    """The review as CSV, with the filter and sort on screen."""
    clinic, _clinics_ = _clinic_or_404(request)
    rows, _show, _sort = _rows(request, clinic, at=timezone.now())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="adherence.csv"'
    writer = CsvWriter(response)
    writer.writerow(
        ["patient"]
        + [f"{name}_{days}_pct" for days in PERIODS for name in ("adherence", "on_time")]
        + [
            "missed_in_a_row",
            "last_dose_at",
            "site_overrides",
            "outside_window",
            "syringe_overrides",
            "unhealed_reactions",
            "urgent_side_effects",
            "doctor_topics",
            "biologics",
            "low_neutrophils",
            "low_neutrophils_taken_on",
            "blood_test_due",
            "blood_test_overdue",
            "allergy_signs",
            "too_soon",
            "extra_doses",
        ]  # fmt: skip
    )
    # A copy of every listed patient's figures: an export of each one's record.
    trail.saw_many((row.patient for row in rows), Role.CLINICIAN)
    for row in rows:
        figures = []
        for days in PERIODS:
            figures += [row.pct(days), row.on_time_pct(days)]
        writer.writerow(
            # Names people typed are text a spreadsheet must not run as a formula.
            [neutralised(row.patient.user.get_username())]
            + ["" if value is None else value for value in figures]
            + [
                row.missed_in_a_row,
                row.last_dose_at.isoformat() if row.last_dose_at else "",
                row.site_overrides,
                row.outside_window,
                row.syringe_overrides,
                row.unhealed_reactions,
                row.urgent_side_effects,
                row.doctor_topics,
                neutralised("; ".join(item.medicine.name for item in row.biologics)),
                row.low_count.neutrophils if row.low_count else "",
                row.low_count.taken_on.isoformat() if row.low_count else "",
                row.next_test_due.isoformat() if row.next_test_due else "",
                int(row.test_overdue),
                row.allergy_signs,
                row.too_soon,
                row.extra_doses,
            ]  # fmt: skip
        )
    return response


def clinician_patient_or_404(user, pk) -> Patient:
    """A patient of a clinic where `user` works, whatever else they are to them: a
    nurse may also be the patient's caregiver, which role_for names first."""
    patient, _role = patient_or_404(user, pk)
    if not Enrollment.objects.filter(
        patient=patient, left_at__isnull=True, clinic__staff__user=user
    ).exists():
        trail.refused(patient)
        raise Http404("not a patient of your clinic")
    if patient.user_id != user.pk:
        trail.saw(patient, Role.CLINICIAN)
    return patient


def _patient_page(request, patient, *, schedule_forms=None, pause_form=None, visit_form=None):
    now = timezone.now()
    regimens = list(active_regimens(patient))
    tz = timezone.get_current_timezone()
    today = timezone.localdate(now)
    since = now - timedelta(days=HEATMAP_DAYS)
    doses = {
        (dose.regimen_id, dose.slot_date): dose
        for dose in Dose.objects.filter(
            patient=patient, voided_at__isnull=True, slot_date__gte=since.date() - timedelta(7)
        )
    }
    flagged = (
        Dose.objects.filter(patient=patient, voided_at__isnull=True)
        .exclude(flags=[])
        .select_related("entered_by", "regimen__medication")
        .order_by("-slot_date")[:50]
    )
    injections = past_injections(patient, at=now)
    recent = [injection for injection in injections if injection.at >= since]
    # However old, a site not healed yet is ringed on the map, as on the check-in.
    unhealed = [injection for injection in injections if injection.reaction_unresolved]
    regimen = regimens[0] if regimens else None
    schedule_forms = schedule_forms or {}
    weeks = progress(patient, at=now, today=today, regimens=regimens)
    return render(
        request,
        "injections/clinic_patient.html",
        {
            "patient": patient,
            "allergies": allergies_of(patient, name=str(patient)),
            "rows": review([patient], at=now),
            "heatmap": heatmap(regimens, doses, at=now, today=today),
            # "Is it working?": the patient's scores week by week beside the doses.
            "chart": chart(weeks),
            # The same weeks, each one's doses on time, late, skipped and missed.
            "weekly": weekly_bars(weeks),
            "map_views": body_map(
                administered_by=Administrator.CLINICIAN,
                at=now,
                tz=tz,
                recent=recent,
                unhealed=unhealed,
            ),
            "site_count": len(recent),
            "unhealed_count": len(unhealed),
            "flagged": flagged,
            "regimens": [
                {
                    "regimen": r,
                    "versions": r.effective_versions(),
                    "all_versions": sorted(
                        r.schedule_versions.all(), key=lambda v: (v.created_at, v.pk)
                    ),
                    "pauses": sorted(r.pauses.all(), key=lambda p: p.first_day),
                    "form": schedule_forms.get(r.pk) or schedule_form(r, prescribing=True),
                }
                for r in regimens
            ],  # fmt: skip
            "pause_form": pause_form or PauseForm(),
            "side_effects": patient.side_effects.select_related(
                "acknowledged_by", "doctor_said_yes_by"
            ).order_by("acknowledged_at", "-started_on", "-pk")[:20],
            "doctor_topics": patient.doctor_topics.filter(until__isnull=True).order_by("since"),
            # The reactions the review counts as unhealed, each with its site and day.
            "site_reactions": SiteReaction.objects.filter(
                dose__patient=patient, resolved_at__isnull=True
            ).select_related("dose").order_by("recorded_at", "pk"),
            "regimen": regimen,
            # The visits the report runs from, latest first, and the form for today's.
            "visits": patient.visits.select_related("recorded_by", "withdrawn_by").order_by(
                "-day", "-pk"
            )[:5],
            "visit_form": visit_form or VisitForm(initial={"day": today}),
        },
    )


def _regimen_or_404(patient, value):
    # A hand-edited id that is not a number ("²", "abc") is as unknown as another's.
    if id_or_none(value) is None:
        raise Http404("no such regimen")
    return get_object_or_404(patient.regimens, pk=id_or_none(value))


@require_GET
def clinic_patient(request, pk: int):
    """One patient's review: adherence calendar, site use, flags, regimen history."""
    return _patient_page(request, clinician_patient_or_404(request.user, pk))


@require_GET
def clinic_record_download(request, pk: int, kind: str):
    """The patient's record as a file, CSV or FHIR, for their clinic's records system."""
    return record_file(clinician_patient_or_404(request.user, pk), kind)


@require_POST
def change_regimen(request, pk: int):
    patient = clinician_patient_or_404(request.user, pk)
    regimen = _regimen_or_404(patient, request.POST.get("regimen"))
    form = schedule_form(regimen, data=request.POST, prescribing=True)
    if save_schedule(request, form, regimen, default_reason=_("changed by the clinic")):
        return redirect("clinic-patient", pk=patient.pk)
    return _patient_page(request, patient, schedule_forms={regimen.pk: form})


@require_POST
def pause_treatment(request, pk: int):
    patient = clinician_patient_or_404(request.user, pk)
    regimen = _regimen_or_404(patient, request.POST.get("regimen"))
    form = PauseForm(request.POST)
    if form.is_valid():
        try:
            record_pause(
                regimen=regimen,
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                reason=form.cleaned_data["reason"],
                created_by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Pause recorded: those doses count as paused, not missed."))
            return redirect("clinic-patient", pk=patient.pk)
    return _patient_page(request, patient, pause_form=form)


@require_POST
def acknowledge_side_effect(request, pk: int):
    """A staff member has read an urgent side effect: it leaves the review's flags."""
    found = get_object_or_404(SideEffect, pk=pk)
    patient = clinician_patient_or_404(request.user, found.patient_id)
    health.acknowledge_side_effect(effect=found, staff=request.user)
    messages.success(request, _("Marked as seen. It no longer flags this patient."))
    return redirect("clinic-patient", pk=patient.pk)


@require_POST
def record_visit(request, pk: int):
    """Staff record a visit: the next visit report starts from it."""
    patient = clinician_patient_or_404(request.user, pk)
    form = VisitForm(request.POST)
    if form.is_valid():
        clinic = Clinic.objects.filter(
            enrollments__patient=patient, enrollments__left_at__isnull=True,
            staff__user=request.user,
        ).order_by("pk")[0]  # fmt: skip
        try:
            clinic_records.record_visit(
                patient=patient, clinic=clinic, day=form.cleaned_data["day"],
                recorded_by=request.user,
            )  # fmt: skip
        except ServiceError as error:
            form.add_error("day", capfirst(str(error)))
        else:
            messages.success(request, _("Visit recorded: the next report starts from it."))
            return redirect("clinic-patient", pk=patient.pk)
    return _patient_page(request, patient, visit_form=form)


@require_POST
def withdraw_visit(request, pk: int):
    """A visit recorded in error no longer starts a report; it stays in the record."""
    visit = get_object_or_404(Visit, pk=pk)
    patient = clinician_patient_or_404(request.user, visit.patient_id)
    clinic_records.withdraw_visit(visit=visit, withdrawn_by=request.user)
    messages.success(request, _("Visit withdrawn."))
    return redirect("clinic-patient", pk=patient.pk)
