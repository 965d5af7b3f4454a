"""The patient's health log: side effects (with the urgent panel), other medicines
and their printable list, neutrophil tests, and the things to tell the doctor
(DESIGN §2)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ...models import DoctorTopic, OtherMedicine
from ...reading.regimens import active_regimens
from ...rules.health import check_medicine, is_urgent, next_test_due
from ...services import health
from ...services.errors import ServiceError
from ...text.health import SIDE_EFFECT_LABELS
from ..forms import DoctorTopicsForm, LabResultForm, OtherMedicineForm, SideEffectForm
from ..lookup import own_patient_or_404


def _medicines(patient):
    return [
        {"medicine": medicine, "match": check_medicine(medicine.name)}
        for medicine in OtherMedicine.objects.filter(
            patient=patient, removed_at__isnull=True
        ).order_by("added_at", "pk")
    ]


def _render(request, patient, *, effect_form=None, medicine_form=None, lab_form=None,
            topics_form=None, urgent=None):  # fmt: skip
    regimens = list(active_regimens(patient))
    today = timezone.localdate()
    results = list(patient.lab_results.order_by("-taken_on", "-pk"))
    start = min((r.start_date for r in regimens), default=None)
    open_topics = set(
        DoctorTopic.objects.filter(patient=patient, until__isnull=True).values_list(
            "topic", flat=True
        )
    )
    return render(
        request,
        "injections/health.html",
        {
            "urgent": urgent,
            "effects": patient.side_effects.order_by("-started_on", "-pk")[:20],
            "effect_form": effect_form or SideEffectForm(initial={"started_on": today}),
            "medicines": _medicines(patient),
            "medicine_form": medicine_form or OtherMedicineForm(),
            "results": results,
            "next_test": next_test_due(start, [r.taken_on for r in results], today=today)
            if start
            else None,  # fmt: skip
            "lab_form": lab_form or LabResultForm(initial={"taken_on": today}),
            "topics_form": topics_form or DoctorTopicsForm(initial={"topics": sorted(open_topics)}),
            "open_topics": [DoctorTopic.Topic(t) for t in sorted(open_topics)],
        },
    )


@require_GET
def health_page(request):
    return _render(request, own_patient_or_404(request.user))


@require_POST
def add_side_effect(request):
    patient = own_patient_or_404(request.user)
    form = SideEffectForm(request.POST)
    if form.is_valid():
        try:
            effect = health.record_side_effect(
                patient=patient, kind=form.cleaned_data["kind"],
                started_on=form.cleaned_data["started_on"], note=form.cleaned_data["note"],
                recorded_by=request.user,
            )  # fmt: skip
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if is_urgent(effect.kind):
                # Shown at once, not after a redirect: the panel is the point.
                return _render(request, patient, urgent=SIDE_EFFECT_LABELS[effect.kind])
            messages.success(request, _("Noted. Mention it at your next visit."))
            return redirect("health")
    return _render(request, patient, effect_form=form)


@require_POST
def add_medicine(request):
    patient = own_patient_or_404(request.user)
    form = OtherMedicineForm(request.POST)
    if form.is_valid():
        try:
            medicine, match = health.add_other_medicine(patient=patient, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            if match and match.kind == "not_recommended":
                messages.error(request, _(
                    "%(name)s is a TNF blocker (%(generic)s): taking it with anakinra is not "
                    "recommended. Tell your doctor before you take both.")
                    % {"name": medicine.name, "generic": match.generic})  # fmt: skip
            elif match:
                messages.warning(request, _(
                    "%(name)s: check with your doctor that it is safe with anakinra.")
                    % {"name": medicine.name})  # fmt: skip
            else:
                messages.success(request, _("Added to your list."))
            return redirect("health")
    return _render(request, patient, medicine_form=form)


@require_POST
def remove_medicine(request, pk: int):
    patient = own_patient_or_404(request.user)
    medicine = get_object_or_404(OtherMedicine, pk=pk, patient=patient)
    health.remove_other_medicine(medicine=medicine)
    messages.success(request, _("Taken off your list."))
    return redirect("health")


@require_GET
def medicine_list(request):
    """A page to print and bring to each visit (DESIGN §2)."""
    patient = own_patient_or_404(request.user)
    regimens = list(active_regimens(patient))
    return render(request, "injections/medicine_list.html", {
        "patient": patient, "regimens": regimens, "medicines": _medicines(patient),
        "today": timezone.localdate()})  # fmt: skip


@require_POST
def add_lab_result(request):
    patient = own_patient_or_404(request.user)
    form = LabResultForm(request.POST)
    if form.is_valid():
        try:
            health.record_lab_result(patient=patient, recorded_by=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Result recorded."))
            return redirect("health")
    return _render(request, patient, lab_form=form)


@require_POST
def save_doctor_topics(request):
    patient = own_patient_or_404(request.user)
    form = DoctorTopicsForm(request.POST)
    if form.is_valid():
        health.set_doctor_topics(patient=patient, topics=set(form.cleaned_data["topics"]))
        messages.success(request, _("Saved. Your clinic sees what you ticked."))
        return redirect("health")
    return _render(request, patient, topics_form=form)
