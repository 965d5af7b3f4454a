"""Writing the audit log (issue 13, item 4): one row per event, in the transaction of
the change it records, so that no change is stored without its audit.

Who and from where come from the request being answered: the web's `AuditTrail`
middleware sets `origin` for it, so that a service deep in a view audits without
every caller passing the request. Outside a request (a management command, the
reminder sender) the origin is the command line, with no address.
"""

from contextvars import ContextVar
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from ..models import AuditEvent, Patient
from ..models.audit import DETAIL_CHARS, USER_AGENT_CHARS, USERNAME_CHARS
from ..reading.access import role_for

Action = AuditEvent.Action
Role = AuditEvent.Role


@dataclass(frozen=True, slots=True)
class Origin:
    """Where the request (or command) being answered comes from, and who sent it."""

    source: str = AuditEvent.Source.COMMAND
    ip: str | None = None
    user_agent: str = ""
    user: AbstractBaseUser | None = None


COMMAND_LINE = Origin()
origin: ContextVar[Origin] = ContextVar("audit_origin", default=COMMAND_LINE)


def _plain(text: str, length: int) -> str:
    """Text as a row keeps it: cut to length, without NUL (PostgreSQL holds none)."""
    return text.replace("\x00", "")[:length]


def _signed_in(user) -> AbstractBaseUser | None:
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def role_of(actor: AbstractBaseUser | None, patient: Patient | None) -> str:
    """The actor's role towards the patient, as it is when the event is written: the
    patient themselves costs no query."""
    if actor is None:
        return Role.OTHER
    if patient is not None:
        if patient.user_id == actor.pk:
            return Role.PATIENT
        role = role_for(actor, patient)
        if role is not None:
            return Role(str(role))
    return Role.ADMIN if actor.is_staff else Role.OTHER


def event(
    action: str,
    *,
    actor: AbstractBaseUser | None = None,
    patient: Patient | None = None,
    obj: models.Model | None = None,
    role: str | None = None,
    username: str | None = None,
    detail: str = "",
    at=None,
) -> AuditEvent:
    """An unsaved row: `actor` defaults to whoever the request is from, `role` to the
    actor's towards `patient`, `obj` names the record concerned (its model and id)."""
    here = origin.get()
    actor = _signed_in(actor) or (None if username else _signed_in(here.user))
    if username is None:
        username = actor.get_username() if actor is not None else ""
    row = AuditEvent(
        actor=actor,
        username=_plain(username, USERNAME_CHARS),
        role=role_of(actor, patient) if role is None else role,
        action=action,
        patient=patient,
        object_kind=obj._meta.model_name if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        source=here.source,
        ip=here.ip,
        user_agent=_plain(here.user_agent, USER_AGENT_CHARS),
        detail=_plain(detail, DETAIL_CHARS),
    )
    if at is not None:
        row.at = at
    return row


def record(action: str, **what) -> AuditEvent:
    """Write one event now, in the caller's transaction (see `event` for `what`)."""
    row = event(action, **what)
    row.save(force_insert=True)
    return row


def record_many(rows: list[AuditEvent]) -> None:
    """Write several events in one INSERT (an export of many patients' rows)."""
    if rows:
        AuditEvent.objects.bulk_create(rows)
