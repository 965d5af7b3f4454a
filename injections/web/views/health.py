"""The patient's health log: side effects (with the urgent panel), other medicines
and their printable list, a planned vaccination, neutrophil tests (a low count
says so), and the things to tell the doctor (DESIGN §2)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ...models import DoctorTopic, OtherMedicine
from ...reading.health import blood_tests, checked_medicines
from ...reading.regimens import active_regimens
from ...rules.health import SideEffectAdvice, neutrophils_low, side_effect_advice
from ...rules.medicines import Advice, check_vaccination
from ...services import health
from ...services.errors import ServiceError
from ...text.health import low_neutrophils_advice, side_effect_advice_words
from ...text.leaflet import allergies_of, allergy_advice
from ...text.medicines import medicine_advice, medicine_note, vaccination_advice
from ..forms import (
    DoctorTopicsForm,
    LabResultForm,
    OtherMedicineForm,
    SideEffectForm,
    VaccinationForm,
    allergy_form,
)
from ..lookup import own_patient_or_404


def _medicines(patient, regimens):
    return [
        {"medicine": item.medicine, "match": item.match, "note": medicine_note(item.match)}
        for item in checked_medicines(patient, regimens=regimens)
    ]


def _render(request, patient, *, effect_form=None, medicine_form=None, lab_form=None,
            topics_form=None, vaccination_form=None, vaccine_advice=None,
            urgent=None, hold=False, allergies_form=None):  # fmt: skip
    regimens = list(active_regimens(patient))
    today = timezone.localdate()
    blood = blood_tests(patient, today=today, regimens=regimens)
    low = blood.last_count if blood.low else None
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
            "hold": hold,
            "effects": patient.side_effects.order_by("-started_on", "-pk")[:20],
            "effect_form": effect_form or SideEffectForm(initial={"started_on": today}),
            "medicines": _medicines(patient, regimens),
            "medicine_form": medicine_form or OtherMedicineForm(),
            "vaccination_form": vaccination_form or VaccinationForm(),
            "vaccine_advice": vaccine_advice,
            "results": [
                {"result": r, "low": neutrophils_low(r.neutrophils)} for r in blood.results
            ],
            "low_count": low
            and low_neutrophils_advice(low.neutrophils, taken_on=low.taken_on),
            "next_test": blood.next_due,
            "lab_form": lab_form or LabResultForm(initial={"taken_on": today}),
            "topics_form": topics_form or DoctorTopicsForm(initial={"topics": sorted(open_topics)}),
            "open_topics": [DoctorTopic.Topic(t) for t in sorted(open_topics)],
            "allergies_form": allergies_form or allergy_form(patient),
            "allergies_answered": patient.allergies_answered_at is not None,
            "allergy_advice": allergy_advice(
                latex=patient.latex_allergy, bacterial_proteins=patient.bacterial_protein_allergy
            ),
        },
    )


@require_GET
def health_page(request):
    """With `?vaccine=`, also what to ask the doctor about a planned vaccination: a
    question, so nothing is stored."""
    patient = own_patient_or_404(request.user)
    if "vaccine" not in request.GET:
        return _render(request, patient)
    form = VaccinationForm(request.GET)
    advice = None
    if form.is_valid():
        name = form.cleaned_data["vaccine"]
        advice = vaccination_advice(check_vaccination(name), name)
    return _render(request, patient, vaccination_form=form, vaccine_advice=advice)


@require_POST
def add_side_effect(request):
    patient = own_patient_or_404(request.user)
    form = SideEffectForm(request.POST)
    if form.is_valid():
        try:
            effect = health.record_side_effect(
                patient=patient, kind=form.cleaned_data["kind"],
                severity=form.cleaned_data["severity"],
                described=form.cleaned_data["described"],
                started_on=form.cleaned_data["started_on"], note=form.cleaned_data["note"],
                recorded_by=request.user,
            )  # fmt: skip
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            advice = side_effect_advice(effect.kind, effect.severity)
            if advice in (SideEffectAdvice.CALL_NOW, SideEffectAdvice.ASK_BEFORE_NEXT_DOSE):
                # Shown at once, not after a redirect: the panel is the point.
                return _render(request, patient, urgent=effect.label,
                               hold=advice == SideEffectAdvice.ASK_BEFORE_NEXT_DOSE)  # fmt: skip
            level = messages.WARNING if advice == SideEffectAdvice.TELL_SOON else messages.SUCCESS
            messages.add_message(request, level, side_effect_advice_words(advice))
            return redirect("health")
    return _render(request, patient, effect_form=form)


def _level(match) -> int:
    if match is None:
        return messages.SUCCESS
    if match.advice in (Advice.NOT_RECOMMENDED, Advice.ALREADY_INJECTED):
        return messages.ERROR
    return messages.WARNING


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
            messages.add_message(request, _level(match), medicine_advice(match, medicine.name))
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
        "patient": patient, "regimens": regimens, "medicines": _medicines(patient, regimens),
        "today": timezone.localdate(), "allergies": allergies_of(patient)})  # fmt: skip


@require_POST
def add_lab_result(request):
    patient = own_patient_or_404(request.user)
    form = LabResultForm(request.POST)
    if form.is_valid():
        try:
            result = health.record_lab_result(
                patient=patient, recorded_by=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Result recorded."))
            if neutrophils_low(result.neutrophils):
                messages.error(request, low_neutrophils_advice(
                    result.neutrophils, taken_on=result.taken_on))  # fmt: skip
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


@require_POST
def save_allergies(request):
    """The leaflet's allergy questions: asked until answered, changeable after."""
    patient = own_patient_or_404(request.user)
    form = allergy_form(patient, request.POST)
    if form.is_valid():
        health.record_allergies(
            patient=patient, latex=form.cleaned_data["latex"],
            bacterial_proteins=form.cleaned_data["bacterial_proteins"],
        )  # fmt: skip
        messages.success(request, _("Saved. Your clinic sees your answers."))
        return redirect("health")
    return _render(request, patient, allergies_form=form)
