"""Sessions end on their own (issue 13, item 2): after a spell without activity and
at the end of their lifetime (rules.sessions), and a password change ends the other
sessions of its user. Each session signed in is tracked (services.sessions) so that
its person can list and end it.

The session carries its own state (when it began, when it was last seen, whether it
is kept, whose it is), so a request reads no table to know whether the session goes
on; its last-seen time is written at most once a minute, to the session and its row.
"""

from contextvars import ContextVar
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from ..reading.sessions import session_kind
from ..rules.sessions import Ending, Kind, SessionLimits, needs_refresh, session_ending
from ..services import sessions
from .trail import client_ip

STATE_KEY = "medtrack.session"
# Why the last session of this browser ended, for the sign-in page to say.
ENDED_KEY = "medtrack.ended"
# The request being answered, for a password change to spare its own session.
_current_request: ContextVar = ContextVar("medtrack_current_request", default=None)


def session_limits() -> SessionLimits:
    """The limits as configured (README, Configuration)."""
    return SessionLimits(
        staff_idle=timedelta(minutes=settings.MEDTRACK_STAFF_IDLE_MINUTES),
        idle=timedelta(hours=settings.MEDTRACK_IDLE_HOURS),
        kept_idle=timedelta(days=settings.MEDTRACK_KEPT_IDLE_DAYS),
        lifetime=timedelta(hours=settings.MEDTRACK_SESSION_HOURS),
        kept_lifetime=timedelta(days=settings.MEDTRACK_KEPT_SESSION_DAYS),
    )


def track_session(request, user, *, kept: bool) -> None:
    """Begin tracking the session `request` signed `user` into. Only patients and
    caregivers are kept signed in; for them the cookie outlives the browser."""
    kind = session_kind(user)
    kept = kept and session_limits().may_keep(kind)
    now = timezone.now()
    request.session[STATE_KEY] = {
        "started": now.timestamp(),
        "seen": now.timestamp(),
        "kept": kept,
        "kind": str(kind),
    }
    request.session.set_expiry(None if kept else 0)
    if request.session.session_key is None:
        request.session.save()
    sessions.begin_session(
        user=user,
        session_key=request.session.session_key,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        kept=kept,
        now=now,
    )


def _instant(timestamp) -> datetime:
    return datetime.fromtimestamp(float(timestamp), tz=UTC)


class SessionTimeouts:
    """Ends a session gone idle or past its lifetime, or ended elsewhere, before the
    view runs: the sign-in page then says why, and `next` brings the person back
    (htmx requests get a full-page redirect, as in LoginRequired)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        self._follow_new_key(request)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        request.medtrack_session_key = request.session.session_key
        user = request.user
        if not user.is_authenticated:
            return None
        state = request.session.get(STATE_KEY)
        if not isinstance(state, dict):  # signed in before sessions were tracked
            track_session(request, user, kept=False)
            return None
        now = timezone.now()
        limits = session_limits()
        try:
            kind, kept = Kind(state["kind"]), bool(state["kept"])
            started, seen = _instant(state["started"]), _instant(state["seen"])
        except (KeyError, TypeError, ValueError):
            return self._sign_out(request, view_func, None, None)
        ending = session_ending(
            started_at=started, last_seen_at=seen, now=now, kind=kind, kept=kept, limits=limits
        )
        if ending == Ending.IDLE:
            return self._sign_out(request, view_func, ending, limits.idle_for(kind, kept=kept))
        if ending == Ending.LIFETIME:
            return self._sign_out(request, view_func, ending, limits.lifetime_for(kind, kept=kept))
        if needs_refresh(seen, now):
            key = request.session.session_key
            if not sessions.touch_session(user=user, session_key=key, now=now):
                return self._sign_out(request, view_func, None, None)  # ended elsewhere
            # A role given or taken away applies from here on.
            state = state | {"seen": now.timestamp(), "kind": str(session_kind(user))}
            request.session[STATE_KEY] = state
        return None

    def _sign_out(self, request, view_func, ending: Ending | None, length: timedelta | None):
        where = _where(request)
        logout(request)
        if ending is not None:
            request.session[ENDED_KEY] = {"ending": str(ending), "seconds": length.total_seconds()}
        if getattr(view_func, "login_required", True) is False:
            return None  # a page anyone may open: it opens, signed out
        login_url = redirect_to_login(where, settings.LOGIN_URL).url
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(login_url)
        return redirect(login_url)

    def _follow_new_key(self, request):
        """A password change keeps its session under a new key: its row follows."""
        old = getattr(request, "medtrack_session_key", None)
        session = getattr(request, "session", None)
        new = session.session_key if session is not None else None
        if old and new and old != new and request.user.is_authenticated:
            sessions.rename_session(user=request.user, old_key=old, new_key=new)


def _where(request) -> str:
    """Where the person was: the page of an htmx request, the address of a page, or
    for a form posted, the page it was on."""
    if getattr(request, "htmx", False) and request.htmx.current_url_abs_path:
        return request.htmx.current_url_abs_path
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("home")


def ended_sentence_data(request) -> tuple[Ending, timedelta] | None:
    """Why this browser's last session ended on its own, once."""
    ended = request.session.pop(ENDED_KEY, None)
    try:
        return Ending(ended["ending"]), timedelta(seconds=float(ended["seconds"]))
    except (KeyError, TypeError, ValueError):
        return None


# --- Signals --------------------------------------------------------------------


@receiver(user_logged_in)
def track_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        track_session(request, user, kept=False)


@receiver(user_logged_out)
def untrack_sign_out(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        sessions.forget_session(session_key=session.session_key)


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def notice_password_change(sender, instance, raw=False, update_fields=None, **kwargs):
    """Compare the stored hash: every way of changing a password passes here (the
    pages, the admin, a command, a shell)."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    instance.medtrack_password_changed = stored.first() not in (None, instance.password)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def end_sessions_on_password_change(sender, instance, created, raw=False, **kwargs):
    """A new password ends every other session of its user. The session that changed
    it on its own account goes on (Django's `update_session_auth_hash` keeps it)."""
    if not getattr(instance, "medtrack_password_changed", False):
        return
    instance.medtrack_password_changed = False
    request = _current_request.get()
    own = request is not None and getattr(request, "user", None) is not None
    if not (own and request.user.is_authenticated and request.user.pk == instance.pk):
        request = None
    keep = request.session.session_key if request is not None else None

    def end_the_others():
        # Once committed; by then the session may have its new key already.
        spared = {keep, request.session.session_key} - {None} if request is not None else set()
        sessions.end_sessions(user=instance, except_keys=spared)

    transaction.on_commit(end_the_others)
