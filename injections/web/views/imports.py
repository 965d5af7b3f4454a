"""Bring in a record from another app (issue 12, item 3): the patient uploads a CSV of
DESIGN §7 from their History page; it is imported all or nothing, and every error is
listed with its line number. Only the patient's own: a caregiver or a clinician gets
404, as for the downloads."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from ...exports.csvlog import FIELDS, read_log, text_lines
from ...services.importing import ImportRefused, import_doses
from ..forms import ImportForm
from ..lookup import own_patient_or_404
from ..uploads import SizeLimit

SAMPLE = "samples/medtrack-import-example.csv"


@csrf_exempt  # checked by csrf_protect below, once the size limit is in place
@require_http_methods(["GET", "POST"])
def import_record(request):
    """The form, and the import. The size limit must see the upload before anything
    reads the request's body, the CSRF check included (Django's "modifying upload
    handlers on the fly")."""
    limit = settings.MEDTRACK_IMPORT_MAX_BYTES
    size_limit = SizeLimit(request, limit=limit)
    if request.method == "POST":
        request.upload_handlers.insert(0, size_limit)
    return _import_record(request, limit=limit, size_limit=size_limit)


@csrf_protect
def _import_record(request, *, limit: int, size_limit: SizeLimit):
    patient = own_patient_or_404(request.user)
    refused = None
    if request.method == "GET":
        form = ImportForm(limit=limit)
    else:
        form = ImportForm(request.POST, request.FILES, limit=limit)
        if size_limit.exceeded:
            form.refuse_size()
        elif form.is_valid():
            try:
                count = import_doses(
                    patient=patient,
                    rows=read_log(text_lines(form.cleaned_data["file"])),
                    entered_by=request.user,
                )
            except ImportRefused as error:
                refused = error
                form.add_error("file", _not_imported(error))
            else:
                messages.success(
                    request,
                    ngettext("Imported %(count)d record.", "Imported %(count)d records.", count)
                    % {"count": count},
                )
                if request.htmx:
                    return HttpResponseClientRedirect(reverse("history"))
                return redirect("history")
    context = {
        "form": form,
        "refused": refused,
        "fields": FIELDS,
        "sample": SAMPLE,
        "limit": limit,
    }
    template = "injections/import.html"
    if request.htmx:
        template += "#import-form"
    return render(request, template, context)


def _not_imported(error: ImportRefused) -> str:
    problems = len(error.errors) + error.more
    return ngettext(
        "Nothing was imported: the file has %(count)d problem, listed above. Fix it and "
        "choose the file again.",
        "Nothing was imported: the file has %(count)d problems, listed above. Fix them and "
        "choose the file again.",
        problems,
    ) % {"count": problems}
