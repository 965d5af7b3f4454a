"""What a request showed of whose record, for the audit log (issue 13, item 4).

The access helpers (`web.lookup`) note here the patient a page is about and the
viewer's role, or that they were refused; `AuditTrail` (web.middleware) writes one
event when the answer is ready: "viewed" for a page, "exported" for a file
(an answer with a Content-Disposition), "refused" for a 403 or an access helper's
404. The patient's own pages write nothing; nor do htmx fragments of a page, whose
full page was audited when it was opened (docs/decisions.md).
"""

import ipaddress
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings

from ..models import AuditEvent, Patient
from ..reading.access import Role
from ..services import audit


@dataclass(slots=True)
class Seen:
    """The patients the page shows, with the viewer's role; or a refusal."""

    patients: list[tuple[Patient, str, object]] = field(default_factory=list)
    refused: bool = False
    refused_patient: Patient | None = None


_seen: ContextVar[Seen | None] = ContextVar("audit_seen", default=None)


def begin() -> object:
    return _seen.set(Seen())


def end(token) -> Seen:
    seen = _seen.get()
    _seen.reset(token)
    return seen


def saw(patient: Patient, role: Role | str, record=None) -> None:
    """The request reads `patient`'s record as `role`, one `record` of it if it is
    about one (nothing is noted for the patient themselves, nor outside a request)."""
    seen = _seen.get()
    if seen is None or role == Role.PATIENT:
        return
    kept = [(p, r, o) for p, r, o in seen.patients if p.pk == patient.pk]
    record = record or (kept[0][2] if kept else None)
    seen.patients = [(p, r, o) for p, r, o in seen.patients if p.pk != patient.pk]
    seen.patients.append((patient, str(role), record))


def saw_many(patients, role: Role | str) -> None:
    for patient in patients:
        saw(patient, role)


def refused(patient: Patient | None = None) -> None:
    """The request was refused access, to `patient`'s record if it is known."""
    seen = _seen.get()
    if seen is not None:
        seen.refused = True
        if patient is None and seen.patients:
            patient = seen.patients[-1][0]  # a view's 403 on the page's patient
        seen.refused_patient = patient or seen.refused_patient


def client_ip(request) -> str | None:
    """The address the request came from: REMOTE_ADDR, or behind
    MEDTRACK_TRUSTED_PROXIES proxies, the address the farthest of them saw in
    X-Forwarded-For (each proxy appends the address it received from). An address
    that does not parse is not kept."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "MEDTRACK_TRUSTED_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def origin_of(request) -> audit.Origin:
    return audit.Origin(
        source=AuditEvent.Source.WEB,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        user=getattr(request, "user", None),
    )


def events_for(request, response, seen: Seen) -> list[AuditEvent]:
    """The events a finished request leaves: at most one row per patient shown, and
    nothing for the patient's own pages."""
    name = getattr(request.resolver_match, "url_name", "") or ""
    if seen.refused and response.status_code in (403, 404):
        return [
            audit.event(
                AuditEvent.Action.REFUSED, patient=seen.refused_patient, detail=request.path
            )
        ]
    if not seen.patients or response.status_code != 200:
        return []
    if request.method not in ("GET", "HEAD"):
        return []  # a change is audited by the service that makes it
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        return []
    action = (
        AuditEvent.Action.EXPORTED
        if response.has_header("Content-Disposition")
        else AuditEvent.Action.VIEWED
    )
    return [
        audit.event(action, patient=patient, role=role, obj=record, detail=name)
        for patient, role, record in seen.patients
    ]
