"""The injection guide: what the leaflet says about checking the syringe, injecting,
using each syringe once, storing them, allergies and too much medicine, in plain
words and numbered steps, for whoever injects (issue 10, item 9)."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ...models.regimens import format_mg
from ...reading.access import Role
from ...reading.regimens import active_regimens
from ...rules.geometry import format_cm
from ...rules.sites import SpacingRules
from ...rules.supplies import syringe_plan
from ...text.flags import overdose_advice
from ...text.leaflet import (
    allergy_advice,
    benefit_timeline,
    first_injection,
    room_temperature_limit,
    syringe_plan_words,
)
from ..lookup import checkin_url, patient_or_404


@require_GET
def guide(request, pk: int | None = None):
    """The patient's own guide at `guide/`; a caregiver's or clinician's at
    `patients/<pk>/guide/`, in words for the person injecting."""
    patient, role = patient_or_404(request.user, pk)
    own = role == Role.PATIENT
    name = None if own else str(patient)
    today = timezone.localdate()
    regimens = list(active_regimens(patient))
    current = [r for r in regimens if r.end_date is None or r.end_date >= today]
    medications = list({r.medication.pk: r.medication for r in current}.values())
    return render(
        request,
        "injections/guide.html",
        {
            "patient": patient,
            "role": role,
            "own": own,
            "checkin_url": checkin_url(patient, role),
            "first_injection": first_injection(name=name),
            "doses": [
                {
                    "regimen": r,
                    "dose_mg": format_mg(r.dose_on(today)),
                    "syringes": syringe_plan_words(
                        syringe_plan(r.dose_on(today), r.medication.strength_mg), name=name
                    ),
                }
                for r in current
            ],
            # Every limit shown is the medication's own setting (24 h, 72 h on the EU label).
            "limits": [
                {"medication": m, "words": room_temperature_limit(m.room_temperature_limit_hours)}
                for m in medications
            ],
            "spacing": format_cm(
                current[0].min_spacing_mm if current else SpacingRules().min_spacing_mm
            ),
            "overdose": overdose_advice(name),
            "allergies": allergy_advice(
                latex=patient.latex_allergy,
                bacterial_proteins=patient.bacterial_protein_allergy,
                name=name,
            ),
            "allergies_unanswered": own and patient.allergies_answered_at is None,
            "benefit": benefit_timeline(current[0].medication.name, name=name) if current else "",
        },
    )
