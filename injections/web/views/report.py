"""The visit report (issue 12, item 1): a page to print, and the same as a PDF on
A4 or Letter, for a chosen period: the patient's own, to bring to the visit, and
the clinic's, from the patient's review page. Caregivers see the history but take
no report away, as with the record's downloads."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from ...reading.regimens import active_regimens
from ...reading.report import last_visit, visit_report
from ...rules.report import default_period
from ..forms import ReportPeriodForm
from ..lookup import own_patient_or_404
from ..pages.report import ReportPage
from ..pdf import PAPERS, PdfUnavailable, render_pdf
from .clinic import clinician_patient_or_404


def _page(request, patient, *, own: bool):
    """The period form read from the address and, when it holds, the report. An
    address without dates is the default period; one with wrong dates is the form
    again with its errors, and no report."""
    now = timezone.now()
    today = timezone.localdate(now)
    visit = last_visit(patient, before=today)
    first, last = default_period(today, last_visit=visit.day if visit else None)
    if "first" in request.GET or "last" in request.GET:
        form = ReportPeriodForm(request.GET, today=today)
    else:
        form = ReportPeriodForm({"first": first, "last": last}, today=today)
    if not form.is_valid():
        return form, None
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    if visit is not None and visit.day > last:  # a period that ends before it
        visit = last_visit(patient, before=last)
    report = visit_report(
        patient,
        first=first,
        last=last,
        at=now,
        tz=timezone.get_current_timezone(),
        regimens=list(active_regimens(patient)),
        visit=visit,
    )
    return form, ReportPage(report, own=own)


def _show(request, patient, *, own: bool):
    form, page = _page(request, patient, own=own)
    response = render(
        request,
        "injections/report.html",
        {"patient": patient, "form": form, "page": page, "own": own, "papers": PAPERS},
        status=200 if page else 400,
    )
    add_never_cache_headers(response)  # a health record: no copy in a shared cache
    return response


def _pdf(request, patient, *, own: bool):
    form, page = _page(request, patient, own=own)
    paper = request.GET.get("paper", "a4")
    if page is None or paper not in PAPERS:
        return _show(request, patient, own=own)
    context = {"patient": patient, "page": page, "own": own, "pdf": True}
    html = render_to_string("injections/report_pdf.html", context, request=request)
    try:
        data = render_pdf(html, paper=paper)
    except PdfUnavailable as error:
        response = render(
            request,
            "injections/report.html",
            {"patient": patient, "form": form, "page": page, "own": own, "papers": PAPERS,
             "pdf_error": str(error)},
            status=503,
        )  # fmt: skip
        add_never_cache_headers(response)
        return response
    response = HttpResponse(data, content_type="application/pdf")
    report = page.report
    filename = (
        f"medtrack-report-{patient.user.get_username()}-"
        f"{report.first.isoformat()}-{report.last.isoformat()}.pdf"
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response


@require_GET
def report_page(request):
    return _show(request, own_patient_or_404(request.user), own=True)


@require_GET
def report_pdf(request):
    return _pdf(request, own_patient_or_404(request.user), own=True)


@require_GET
def clinic_report_page(request, pk: int):
    return _show(request, clinician_patient_or_404(request.user, pk), own=False)


@require_GET
def clinic_report_pdf(request, pk: int):
    return _pdf(request, clinician_patient_or_404(request.user, pk), own=False)
