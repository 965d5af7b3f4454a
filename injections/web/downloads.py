"""The patient's record as a file to take away (issue 12, item 3): the dose log as
the CSV of DESIGN §7 or as the FHIR bundle, named for the patient and the day, and
never kept by a browser's or a proxy's cache."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header

from ..exports.csvlog import write_log
from ..exports.fhir import bundle_json, patient_bundle
from ..models import Patient

CSV, FHIR = "csv", "fhir"
CONTENT_TYPES = {CSV: "text/csv; charset=utf-8", FHIR: "application/fhir+json; charset=utf-8"}
SUFFIXES = {CSV: ".csv", FHIR: ".fhir.json"}


def record_file(patient: Patient, kind: str) -> HttpResponse:
    """The patient's log as an attachment: `medtrack-alice-2026-11-03.csv`, dated today in
    the zone active for the request (the patient's, which the lookup that found them
    activated). The CSV is the canonical export, so it imports back as it is."""
    now = timezone.now()
    response = HttpResponse(content_type=CONTENT_TYPES[kind])
    if kind == CSV:
        write_log(patient, response)
    else:
        response.write(bundle_json(patient_bundle(patient, now=now)))
    day = timezone.localdate(now).isoformat()
    filename = f"medtrack-{patient.user.get_username()}-{day}{SUFFIXES[kind]}"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A health record: no copy left in a shared computer's cache (no-store).
    add_never_cache_headers(response)
    return response
