"""Sending the reminders that are due (issue 11, DESIGN §8 `send_reminders`).

Exactly once, from any number of senders: a reminder is sent by the process that
inserted its row (unique per patient, kind, slot, recipient and channel); the others
find the row and move on. A failed delivery is retried by whichever sender next
finds it due for a retry and claims it with a conditional update, a bounded number
of times (rules.reminders.RETRY_AFTER), then recorded as failed. A sender that dies
between claiming and sending leaves a claim that runs out (CLAIM_LEASE); the
reminder is then sent by another. A sender that dies after sending but before
recording it could send it twice: between "maybe twice" and "maybe never" for a
dose, the first is the safer.
"""

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Channel, Patient, Reminder, ReminderChoice
from ..reading.reminders import Due, due_reminders, local_time
from ..rules import reminders as rules
from ..text.reminders import Message, message, settings_url
from . import push
from .errors import DeliveryFailed
from .language import language_of

log = logging.getLogger(__name__)


@dataclass
class Report:
    sent: int = 0
    failed: int = 0  # deliveries that failed this run (retried later, or given up)
    given_up: int = 0


def choice_of(user) -> rules.Choice:
    """What the person chose, or the defaults (rules.reminders.default_choice)."""
    try:
        row = user.reminder_choice
    except ReminderChoice.DoesNotExist:
        return rules.default_choice()
    return rules.Choice(
        kinds=frozenset(row.kinds),
        urgent=frozenset(row.urgent),
        by_email=row.by_email,
        by_push=row.by_push,
        quiet_from=row.quiet_from,
        quiet_until=row.quiet_until,
    )


def offered_kinds(user) -> tuple[str, ...]:
    """The reminders this person can choose from (rules.reminders.kinds_for)."""
    return rules.kinds_for(
        patient=Patient.objects.filter(user=user).exists(),
        caregiver=user.care_links.filter(revoked_at__isnull=True).exists(),
    )


def save_choice(
    user, choice: rules.Choice, *, offered: tuple[str, ...] | None = None, now=None
) -> ReminderChoice:
    """Save what the person chose among `offered` (default: every kind)."""
    if offered is not None:
        choice = rules.chosen(choice, previous=choice_of(user), offered=offered)
    row, _created = ReminderChoice.objects.update_or_create(
        user=user,
        defaults={
            "kinds": sorted(choice.kinds),
            "urgent": sorted(choice.urgent & choice.kinds),
            "by_email": choice.by_email,
            "by_push": choice.by_push,
            "quiet_from": choice.quiet_from,
            "quiet_until": choice.quiet_until,
            "changed_at": now or timezone.now(),
        },
    )
    return row


def recipients(patient: Patient, kind: str) -> list:
    """Who a reminder goes to: the patient, or for a missed dose the caregivers the
    patient chose to tell."""
    if kind != rules.MISSED:
        return [patient.user]
    links = patient.care_links.filter(revoked_at__isnull=True, missed_dose_alerts=True)
    return [link.caregiver for link in links.select_related("caregiver").order_by("pk")]


def channels(user, choice: rules.Choice) -> list[str]:
    """The channels that reach this person: email to their address, pushes to the
    devices they enabled (when the server has push keys)."""
    found = []
    if choice.by_email and user.email:
        found.append(Channel.EMAIL)
    if choice.by_push and push.configured() and user.push_subscriptions.exists():
        found.append(Channel.PUSH)
    return found


def patients_to_remind():
    return Patient.objects.filter(regimens__isnull=False).distinct().select_related("user")


def send_due(*, at: datetime | None = None) -> Report:
    """Send every reminder due now that is not sent yet. `at` fixes the instant, for
    the tests; without it each patient is read at the moment the sender reaches them,
    so that a dose logged while a long run goes on is not reminded of."""
    report = Report(given_up=give_up(at=at or timezone.now()))
    for patient in patients_to_remind().order_by("pk"):
        now = at or timezone.now()
        try:
            dues = due_reminders(patient, at=now)
        except Exception:  # one patient's broken record never stops the others' reminders
            log.exception("reminders of patient %s could not be read", patient.pk)
            continue
        for due, user, channel in wanted(patient, dues, at=now):
            row = claim(patient, due, user, channel, at=now)
            if row is not None:
                deliver(row, due, at=now, report=report)
    return report


def wanted(patient: Patient, dues: list[Due], *, at: datetime):
    """Each (reminder, recipient, channel) the recipient wants at `at`."""
    for due in dues:
        for user in recipients(patient, due.kind):
            choice = choice_of(user)
            if rules.may_send(due.kind, choice, local=local_time(at, due.zone)):
                for channel in channels(user, choice):
                    yield due, user, channel


def due_now(*, at: datetime) -> list[dict]:
    """What would be sent at `at`, sending and claiming nothing (`send_reminders --at`,
    for support): each reminder, to whom and how, and whether it already went."""
    found = []
    for patient in patients_to_remind().order_by("pk"):
        for due, user, channel in wanted(patient, due_reminders(patient, at=at), at=at):
            row = Reminder.objects.filter(
                patient=patient, kind=due.kind, slot=due.slot, recipient=user, channel=channel
            ).first()
            found.append({
                "patient": str(patient), "kind": due.kind, "slot": due.slot,
                "recipient": user.get_username(), "channel": channel,
                "status": row.status if row else None,
            })  # fmt: skip
    return found


def claim(patient: Patient, due: Due, user, channel: str, *, at: datetime) -> Reminder | None:
    """The reminder's row if this sender may send it now, else None: inserted by this
    sender, or one due for a retry (or left by a sender that died) and claimed by a
    conditional update. Either way the row carries this claim's token."""
    key = {"patient": patient, "kind": due.kind, "slot": due.slot, "recipient": user}
    token = uuid.uuid4().hex
    existing = Reminder.objects.filter(**key, channel=channel).values("pk", "status").first()
    if existing is None:
        try:
            with transaction.atomic():
                return Reminder.objects.create(
                    **key, channel=channel, created_at=at, claim=token,
                    next_try_at=at + rules.CLAIM_LEASE,
                )  # fmt: skip
        except IntegrityError:
            return None  # another sender inserted it first: it sends it
    if existing["status"] != Reminder.Status.PENDING:
        return None
    claimed = Reminder.objects.filter(
        pk=existing["pk"], status=Reminder.Status.PENDING, next_try_at__lte=at
    ).update(next_try_at=at + rules.CLAIM_LEASE, claim=token)
    return Reminder.objects.get(pk=existing["pk"]) if claimed else None


def deliver(row: Reminder, due: Due, *, at: datetime, report: Report) -> None:
    """Hand the reminder to its channel and record what happened, if this sender
    still holds the claim."""
    own = row.kind != rules.MISSED
    try:
        with translation.override(language_of(row.recipient)):
            words = message(due, patient=row.patient, own=own)
            if row.channel == Channel.EMAIL:
                send_email(row.recipient, words)
            else:
                send_push(row.recipient, words)
    except DeliveryFailed as error:
        failed(row, str(error), at=at, permanent=error.permanent)
        report.failed += 1
        return
    except Exception as error:  # a bug or a bad setting: recorded, retried, never fatal
        log.exception("reminder %s could not be sent", row.pk)
        failed(row, f"{type(error).__name__}: {error}", at=at)
        report.failed += 1
        return
    Reminder.objects.filter(pk=row.pk, claim=row.claim).update(
        status=Reminder.Status.SENT,
        sent_at=timezone.now(),
        attempts=row.attempts + 1,
        next_try_at=None,
        error="",
    )
    report.sent += 1


def failed(row: Reminder, error: str, *, at: datetime, permanent: bool = False) -> None:
    attempts = row.attempts + 1
    retry = None if permanent else rules.retry_at(attempts, at=at)
    log.warning("reminder %s failed (attempt %s): %s", row.pk, attempts, error)
    Reminder.objects.filter(pk=row.pk, claim=row.claim).update(
        status=Reminder.Status.PENDING if retry else Reminder.Status.FAILED,
        attempts=attempts,
        next_try_at=retry,
        error=error[:2000],
    )


def give_up(*, at: datetime) -> int:
    """Pending reminders older than GIVE_UP_AFTER are no longer news: failed."""
    return Reminder.objects.filter(
        status=Reminder.Status.PENDING, created_at__lt=at - rules.GIVE_UP_AFTER
    ).update(status=Reminder.Status.FAILED, next_try_at=None)


def send_email(user, words: Message) -> None:
    context = {
        "message": words,
        "settings_url": settings_url(),
        "language": translation.get_language(),
    }
    mail = EmailMultiAlternatives(
        subject=words.subject,
        body=render_to_string("injections/email/reminder.txt", context),
        to=[user.email],
    )
    mail.attach_alternative(
        render_to_string("injections/email/reminder.html", context), "text/html"
    )
    try:
        mail.send()
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailed(f"email: {error}") from error  # no address in the log


def send_push(user, words: Message) -> None:
    if push.send_push(user, words.payload()) == 0:
        # Every device said it is gone (send_push removed them): nothing to retry.
        raise DeliveryFailed("no device accepts notifications any more", permanent=True)
