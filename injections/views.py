from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Patient
from .rules.geometry import Administrator, format_cm
from .sites import site_suggestions
from .status import patient_status


def _own_patient(user) -> Patient | None:
    return Patient.objects.filter(user=user).first()


@require_GET
def home(request):
    """The patient's day: where each regimen stands and where to inject next."""
    patient = _own_patient(request.user)
    context = {"patient": patient}
    if patient is not None:
        now = timezone.now()
        context["states"] = patient_status(patient, at=now)
        context["suggestions"] = [
            {
                "site": s.site,
                "reason": s.reason,
                "x_cm": format_cm(s.site.x_mm),
                "y_cm": format_cm(s.site.y_mm),
            }
            for s in site_suggestions(patient, at=now, administered_by=Administrator.SELF)
        ]
    return render(request, "injections/home.html", context)
