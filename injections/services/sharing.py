"""Who else may see a patient's record: caregivers by the patient's invitation,
clinics by the patient joining with the clinic's code (DESIGN §1). Access ends at
once when revoked or left; the links are kept, ended, never deleted."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    CalendarFeed,
    CareInvitation,
    CareLink,
    Clinic,
    Enrollment,
    Patient,
    WrongCode,
)
from ..rules import throttle
from ..rules.sharing import INVITATION_LIFETIME
from . import audit
from .errors import ServiceError
from .locking import lock_patient


def _party(link: CareLink) -> str:
    """The caregiver a care link's audit event is about (a name, no health data)."""
    return f"caregiver {link.caregiver.get_username()}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


@transaction.atomic
def invite_caregiver(
    *, patient: Patient, invitee: str, invited_by: AbstractBaseUser, now: datetime | None = None
) -> tuple[CareInvitation, str]:
    """An invitation for the person with that email or username; returns it and the
    secret token for the link or code, which is not stored and cannot be shown again."""
    now = now or timezone.now()
    invitee = invitee.strip()
    if not invitee:
        raise ServiceError(_("give the email address or username of the person to invite"))
    own = {patient.user.get_username().lower(), (patient.user.email or "").lower()}
    if invitee.lower() in own:
        raise ServiceError(_("that is your own account: invite someone else"))
    token = secrets.token_urlsafe(24)
    invitation = CareInvitation.objects.create(
        patient=patient,
        invited_by=invited_by,
        invitee=invitee,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
    )
    audit.record(audit.Action.INVITED, actor=invited_by, patient=patient, obj=invitation, at=now)
    return invitation, token


def send_invitation(*, invitation: CareInvitation, link: str) -> bool:
    """Email the link when the invitation names an email address; returns whether it
    did. The patient is shown the link and code either way, to pass on themselves."""
    if "@" not in invitation.invitee:
        return False
    send_mail(
        _("%(name)s invites you to medtrack") % {"name": invitation.patient},
        _(
            "%(name)s would like you to help with their injections in medtrack.\n\n"
            "Sign in or create an account, then open this link within 7 days:\n%(link)s\n"
        )
        % {"name": invitation.patient, "link": link},
        None,
        [invitation.invitee],
    )
    return True


class WrongCodeTyped(ServiceError):
    """The code opens nothing for this account; counted against rules.throttle."""


class TooManyWrongCodes(ServiceError):
    """Too many codes that did not work, for the account or from its address: no more
    tries until the cool-off ends (rules.throttle)."""

    def __init__(self):
        minutes = throttle.minutes_to_wait()
        super().__init__(
            ngettext(
                "too many codes that did not work: wait %(minutes)d minute, then try again",
                "too many codes that did not work: wait %(minutes)d minutes, then try again",
                minutes,
            )
            % {"minutes": minutes}
        )


def _refuse_while_cooling_off(*, user: AbstractBaseUser, address: str | None, now: datetime):
    since = now - throttle.COOL_OFF
    recent = WrongCode.objects.filter(at__gt=since)
    per_address = recent.filter(address=address).count() if address else 0
    if throttle.over_limit(per_account=recent.filter(user=user).count(), per_address=per_address):
        raise TooManyWrongCodes()


def _count_wrong_code(
    *, kind: str, user: AbstractBaseUser, address: str | None, now: datetime
) -> None:
    """Outside the refused transaction, so that the refusal does not undo the count."""
    WrongCode.objects.filter(at__lt=now - timedelta(days=1)).delete()
    WrongCode.objects.create(kind=kind, user=user, address=address, at=now)


def accept_invitation(
    *, token: str, user: AbstractBaseUser, address: str | None = None, now: datetime | None = None
) -> CareLink:
    """Accept an invitation as `user`: it must be meant for them, unused, unrevoked
    and unexpired. Gives `user` caregiver access to the patient.

    To anyone but the person invited, a real code and a made-up one get the same
    answer, which names no one, and count alike against the limit on wrong codes."""
    now = now or timezone.now()
    _refuse_while_cooling_off(user=user, address=address, now=now)
    try:
        return _accept_invitation(token=token, user=user, now=now)
    except WrongCodeTyped:
        _count_wrong_code(kind=WrongCode.Kind.INVITATION, user=user, address=address, now=now)
        raise


@transaction.atomic
def _accept_invitation(*, token: str, user: AbstractBaseUser, now: datetime) -> CareLink:
    invitation = (
        CareInvitation.objects.select_for_update()
        .select_related("patient__user")
        .filter(token_hash=_hash(token))
        .first()
    )
    names = {user.get_username().lower(), (user.email or "").lower()} - {""}
    if invitation is None or invitation.invitee.lower() not in names:
        raise WrongCodeTyped(
            _("this code does not work for your account: check it, check that you signed in "
              "as the person invited, or ask for a new invitation")
        )  # fmt: skip
    if invitation.accepted_at is not None:
        raise ServiceError(_("this invitation has already been used"))
    if invitation.revoked_at is not None:
        raise ServiceError(_("this invitation was withdrawn"))
    if now >= invitation.expires_at:
        raise ServiceError(_("this invitation has expired: ask for a new one"))
    if invitation.patient.user_id == user.pk:
        raise ServiceError(_("you cannot be your own caregiver"))
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    link = CareLink.objects.filter(
        patient=invitation.patient, caregiver=user, revoked_at__isnull=True
    ).first()
    link = link or CareLink.objects.create(
        patient=invitation.patient, caregiver=user, granted_at=now
    )
    audit.record(audit.Action.ACCESS_GRANTED, actor=user, patient=invitation.patient, obj=link,
                 detail=_party(link), at=now)  # fmt: skip
    return link


@transaction.atomic
def withdraw_invitation(*, invitation: CareInvitation, now: datetime | None = None) -> None:
    """Make an invitation unusable. One already accepted cannot be: the access it
    gave is ended by revoking the care link."""
    if invitation.accepted_at is not None:
        raise ServiceError(
            _("this invitation was already accepted by %(who)s: remove them from your "
              "caregivers to end their access") % {"who": invitation.invitee}
        )  # fmt: skip
    if invitation.revoked_at is None:
        invitation.revoked_at = now or timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit.record(audit.Action.INVITATION_WITHDRAWN, patient=invitation.patient,
                     obj=invitation, at=invitation.revoked_at)  # fmt: skip


@transaction.atomic
def revoke_care(*, link: CareLink, now: datetime | None = None) -> CareLink:
    """End a caregiver's access, effective at once."""
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
        audit.record(audit.Action.ACCESS_ENDED, patient=link.patient, obj=link,
                     detail=_party(link), at=link.revoked_at)  # fmt: skip
    return link


def set_missed_dose_alerts(*, link: CareLink, on: bool) -> CareLink:
    """The patient's choice: tell this caregiver when a dose is missed (issue 11)."""
    if link.revoked_at is not None:
        raise ServiceError(_("this caregiver no longer has access"))
    link.missed_dose_alerts = on
    link.save(update_fields=["missed_dose_alerts"])
    return link


def join_clinic(
    *, patient: Patient, code: str, address: str | None = None, now: datetime | None = None
) -> Enrollment:
    """Enrol the patient in the clinic whose join code this is. Codes that match no
    clinic count against the limit on wrong codes (rules.throttle)."""
    now = now or timezone.now()
    _refuse_while_cooling_off(user=patient.user, address=address, now=now)
    clinic = Clinic.objects.filter(join_code=code.strip().upper()).first()
    if clinic is None:
        _count_wrong_code(kind=WrongCode.Kind.CLINIC, user=patient.user, address=address, now=now)
        raise WrongCodeTyped(_("no clinic has the code “%(code)s”: check it with your clinic")
                             % {"code": code.strip()})  # fmt: skip
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(patient=patient, clinic=clinic, joined_at=now)
            audit.record(audit.Action.ENROLLED, patient=patient, obj=enrollment,
                         detail=clinic.name, at=now)  # fmt: skip
    except IntegrityError:
        raise ServiceError(_("you are already in %(clinic)s") % {"clinic": clinic.name}) from None
    return enrollment


@transaction.atomic
def leave_clinic(*, enrollment: Enrollment, now: datetime | None = None) -> Enrollment:
    """Leave a clinic: its staff no longer see the patient, from now on."""
    if enrollment.left_at is None:
        enrollment.left_at = now or timezone.now()
        enrollment.save(update_fields=["left_at"])
        audit.record(audit.Action.UNENROLLED, patient=enrollment.patient, obj=enrollment,
                     detail=enrollment.clinic.name, at=enrollment.left_at)  # fmt: skip
    return enrollment


@transaction.atomic
def start_calendar_feed(*, patient: Patient, now: datetime | None = None) -> CalendarFeed:
    """A new secret calendar address for `patient`; the one before it stops working."""
    now = now or timezone.now()
    lock_patient(patient)
    stop_calendar_feed(patient=patient, now=now)
    feed = CalendarFeed.objects.create(patient=patient, created_at=now)
    audit.record(audit.Action.ACCESS_GRANTED, patient=patient, obj=feed, detail="calendar_feed",
                 at=now)  # fmt: skip
    return feed


@transaction.atomic
def stop_calendar_feed(*, patient: Patient, now: datetime | None = None) -> int:
    """Revoke the patient's calendar address: from now on it answers 404."""
    now = now or timezone.now()
    stopped = CalendarFeed.objects.filter(patient=patient, revoked_at__isnull=True).update(
        revoked_at=now
    )
    if stopped:
        audit.record(audit.Action.ACCESS_ENDED, patient=patient, detail="calendar_feed", at=now)
    return stopped
