"""Signed-in sessions (issue 13, item 2): each one begun is recorded, its last-seen
time kept (at most once a minute), and ending one removes both its row and its entry
in Django's session store, so that it is signed out at its next request."""

import ipaddress
from collections.abc import Collection
from datetime import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import SignedInSession

USER_AGENT_LENGTH = SignedInSession._meta.get_field("user_agent").max_length


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _address(ip: str | None) -> str | None:
    """An IP address as the request gave it, or None for anything else."""
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


@transaction.atomic
def begin_session(
    *,
    user: AbstractBaseUser,
    session_key: str,
    ip: str | None,
    user_agent: str,
    kept: bool,
    now: datetime | None = None,
) -> SignedInSession:
    """Record the session `session_key` of `user`, begun at `now` (again, when the same
    key signs in again)."""
    now = now or timezone.now()
    row, _created = SignedInSession.objects.update_or_create(
        session_key=session_key,
        defaults={
            "user": user,
            "started_at": now,
            "last_seen_at": now,
            "ip": _address(ip),
            "user_agent": (user_agent or "")[:USER_AGENT_LENGTH],
            "kept": kept,
        },
    )
    return row


def keep_session(*, user: AbstractBaseUser, session_key: str, kept: bool) -> None:
    """The person asked to stay signed in on this device (or not)."""
    SignedInSession.objects.filter(user=user, session_key=session_key).update(kept=kept)


def touch_session(*, user: AbstractBaseUser, session_key: str, now: datetime) -> bool:
    """The session was used at `now`. False when its row is gone: it was ended."""
    rows = SignedInSession.objects.filter(user=user, session_key=session_key)
    return rows.update(last_seen_at=now) > 0


@transaction.atomic
def rename_session(*, user: AbstractBaseUser, old_key: str, new_key: str) -> None:
    """Django gave this browser's session a new key: a password change keeps the
    session under a new key, and its row follows; signing in as someone else leaves
    the old key's session behind, and its row goes."""
    if not SignedInSession.objects.filter(session_key=new_key).exists():
        SignedInSession.objects.filter(user=user, session_key=old_key).update(session_key=new_key)
    SignedInSession.objects.filter(session_key=old_key).delete()


def forget_session(*, session_key: str) -> None:
    """The session signed out by itself: only its row is left to remove."""
    SignedInSession.objects.filter(session_key=session_key).delete()


def end_session(*, user: AbstractBaseUser, pk: int) -> bool:
    """Sign out one of `user`'s sessions, elsewhere. False if it is not theirs (or
    already ended)."""
    keys = list(
        SignedInSession.objects.filter(user=user, pk=pk).values_list("session_key", flat=True)
    )
    _end(user, keys)
    return bool(keys)


def end_sessions(*, user: AbstractBaseUser, except_keys: Collection[str] = ()) -> int:
    """Sign out every session of `user` but those of `except_keys`; how many there were."""
    rows = SignedInSession.objects.filter(user=user).exclude(session_key__in=list(except_keys))
    keys = list(rows.values_list("session_key", flat=True))
    _end(user, keys)
    return len(keys)


def _end(user: AbstractBaseUser, keys: list[str]) -> None:
    store = _session_store()
    for key in keys:
        store(session_key=key).delete()
    SignedInSession.objects.filter(user=user, session_key__in=keys).delete()
