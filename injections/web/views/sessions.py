"""Where one is signed in (issue 13, item 2): every session of one's account, with
its device, address and times, and a way to sign any of them out."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ...reading.sessions import session_kind, sessions_of
from ...rules.sessions import Kind
from ...services import sessions
from ...services.twofactor import confirmed_device
from ...text.sessions import device_words
from ..lookup import about, id_or_none, own_patient


@require_GET
def sessions_page(request):
    """The sessions, the most recently used first; this one marked."""
    if patient := own_patient(request.user):
        about(patient)  # times in the patient's own zone
    this = request.session.session_key
    rows = [
        {
            "session": session,
            "device": device_words(session.user_agent),
            "this": session.session_key == this,
        }
        for session in sessions_of(request.user)
    ]
    staff = session_kind(request.user) == Kind.STAFF
    return render(
        request,
        "injections/sessions.html",
        {
            "rows": rows,
            "others": sum(not row["this"] for row in rows),
            "offer_second_factor": staff,
            "second_factor_on": staff and confirmed_device(request.user) is not None,
        },
    )


@require_POST
def end_session(request, pk: int):
    """Sign out one other session; signing out this one is the header's button."""
    # An id longer than a database integer is no session's (not an OverflowError).
    row = sessions_of(request.user).filter(pk=id_or_none(pk)).first() if id_or_none(pk) else None
    if row is None:
        raise Http404("no such session")
    if row.session_key == request.session.session_key:
        logout(request)
        return redirect("login")
    sessions.end_session(user=request.user, pk=row.pk)
    messages.success(
        request, _("Signed out of %(device)s.") % {"device": device_words(row.user_agent)}
    )
    return redirect("sessions")


@require_POST
def end_other_sessions(request):
    count = sessions.end_sessions(user=request.user, except_keys=[request.session.session_key])
    messages.success(
        request,
        ngettext(
            "Signed out of %(count)d other session.",
            "Signed out of %(count)d other sessions.",
            count,
        )
        % {"count": count},
    )
    return redirect("sessions")


@require_POST
def end_all_sessions(request):
    sessions.end_sessions(user=request.user, except_keys=[request.session.session_key])
    logout(request)
    messages.success(request, _("Signed out everywhere, this device too."))
    return redirect("login")
