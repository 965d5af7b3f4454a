"""The second factor (issue 13, item 2): a TOTP authenticator app, optional for clinic
staff and site admins (django-otp). Wrong codes are throttled by django-otp: after
each wrong code the next is refused for 1, 2, 4, 8... seconds."""

import math
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "authenticator app"


@dataclass(frozen=True)
class CodeCheck:
    right: bool
    wait_seconds: int = 0  # more than 0: too many wrong codes, try again after this


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


@transaction.atomic
def start_totp(*, user: AbstractBaseUser) -> TOTPDevice:
    """A new key for the user's app, unconfirmed until a code from the app is right.
    The same one again while it waits, so that a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def check_code(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Whether `code` is the device's code now (each code is taken once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    allowed, details = device.verify_is_allowed()
    if not allowed:
        locked_until = (details or {}).get("locked_until")
        wait = (locked_until - timezone.now()).total_seconds() if locked_until else 1
        return CodeCheck(right=False, wait_seconds=max(1, math.ceil(wait)))
    return CodeCheck(right=device.verify_token(code))


@transaction.atomic
def confirm_totp(*, device: TOTPDevice, code: str) -> CodeCheck:
    """Turn the second factor on once its first code is right; other devices go."""
    check = check_code(device=device, code=code)
    if check.right:
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.refresh_from_db()
    return check


@transaction.atomic
def remove_totp(*, user: AbstractBaseUser) -> int:
    """Turn the second factor off: the user signs in with the password alone."""
    deleted, _rows = TOTPDevice.objects.filter(user=user).delete()
    return deleted
