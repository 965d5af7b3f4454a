"""What happens when someone signs in, fails to, or signs out: each is audited
(issue 13, item 4), through Django's own signals, whichever view or throttle signs
them in; and on signing out, the notifications this browser turned on stop, so
that a shared computer does not go on showing one person's doses to the next
(issue 11). A pause of signing in (web.throttling) is audited on the record of the
account's patient. A change of an account's rights (staff, superuser, active), in
the admin or anywhere else, is audited too."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from ..models import AuditEvent, Patient, PushSubscription
from ..rules import throttle
from ..services import audit
from . import trail
from .views.push import PUSH_SESSION_KEY

Action = AuditEvent.Action
RIGHTS = ("is_staff", "is_superuser", "is_active")


def _record(request, action, **what) -> None:
    """The event, from the request the signal names when it has one (the login view's
    own, a test client's made-up one)."""
    if request is None or not hasattr(request, "META"):
        audit.record(action, **what)
        return
    token = audit.origin.set(trail.origin_of(request))
    try:
        audit.record(action, **what)
    finally:
        audit.origin.reset(token)


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    _record(request, Action.SIGNED_IN, actor=user)


@receiver(user_login_failed)
def audit_failed_sign_in(sender, credentials, request=None, **kwargs):
    User = get_user_model()
    typed = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")
    actor = User._default_manager.filter(**{User.USERNAME_FIELD: typed}).first() if typed else None
    _record(request, Action.SIGN_IN_FAILED, actor=actor, username=typed)


@receiver(user_locked_out)
def audit_sign_in_paused(sender, request, username=None, ip_address=None, **kwargs):
    """A throttle's pause (web.throttling): on the record of the patient whose account
    it is, so that they read of it; the name typed is kept, the guesser is unknown."""
    typed = str(username or "")
    # Axes signals again at each try during the pause: one event per pause.
    since = timezone.now() - throttle.COOL_OFF
    if AuditEvent.objects.filter(
        action=Action.SIGN_IN_PAUSED, username=typed, at__gt=since
    ).exists():
        return
    account = get_user_model()._default_manager.filter(username__iexact=typed).first()
    patient = Patient.objects.filter(user=account).first() if account else None
    _record(request, Action.SIGN_IN_PAUSED, username=typed, patient=patient)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        _record(request, Action.SIGNED_OUT, actor=user)


@receiver(user_logged_out)
def forget_this_device(sender, request, user, **kwargs):
    pk = request.session.get(PUSH_SESSION_KEY) if request is not None else None
    if user is not None and pk is not None:
        PushSubscription.objects.filter(pk=pk, user=user).delete()


@receiver(pre_save, sender=get_user_model())
def note_rights_before(sender, instance, update_fields=None, raw=False, **kwargs):
    """The rights an account had before this save, when the save may change them."""
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not set(update_fields) & set(RIGHTS))
    ):
        return
    instance._rights_before = sender._default_manager.filter(pk=instance.pk).values(*RIGHTS).first()


@receiver(post_save, sender=get_user_model())
def audit_rights_change(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_rights_before", None)
    if raw:
        return
    if created:
        now = {right: getattr(instance, right) for right in RIGHTS}
        if now["is_staff"] or now["is_superuser"]:
            changed = [f"{right}=True" for right in RIGHTS[:2] if now[right]]
            audit.record(
                Action.ACCOUNT_CHANGED,
                obj=instance,
                detail=f"{instance.get_username()}: " + ", ".join(changed),
            )
        return
    if before is None:
        return
    changed = [
        f"{right}={getattr(instance, right)}"
        for right in RIGHTS
        if before[right] != getattr(instance, right)
    ]
    if changed:
        audit.record(
            Action.ACCOUNT_CHANGED,
            obj=instance,
            detail=f"{instance.get_username()}: " + ", ".join(changed),
        )
