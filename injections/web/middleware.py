from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.middleware.gzip import GZipMiddleware
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django_htmx.http import HttpResponseClientRedirect

from ..services import audit
from . import trail


class LoginRequired(LoginRequiredMiddleware):
    """Deny by default. When a session expires under an htmx request, send the whole
    page to the sign-in form, rather than the sign-in form into a part of the page."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            page = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(page, settings.LOGIN_URL).url)
        return super().handle_no_permission(request, view_func)


class PatientTimeZone:
    """Pages about one patient show times in that patient's zone: `web.lookup`
    activates it when it finds the patient. Reset after every request, so that no
    zone outlives the request that chose it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NeverCache:
    """No copy of any answer in a browser's or a proxy's cache: every page of
    medtrack is about a person, even a refusal or the sign-in form, so every
    response a view makes is `no-store` (with Django's never-cache headers). Only
    static files are cached: whitenoise serves them before this middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class AuditTrail:
    """Who and from where, for every audit event written while a request is answered
    (services.audit.origin); and after the view, the one event of what the page
    showed of another person's record, or of a refusal (web.trail). One INSERT at
    most; none for the patient's own pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = audit.origin.set(trail.origin_of(request))
        seen = trail.begin()
        try:
            response = self.get_response(request)
            audit.record_many(trail.events_for(request, response, trail.end(seen)))
            seen = None
            return response
        finally:
            if seen is not None:
                trail.end(seen)
            audit.origin.reset(origin)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            trail.refused()


class Compress(GZipMiddleware):
    """Pages and fragments gzip-compressed (a check-in's HTML shrinks to a fifth),
    with Django's random padding of each response against BREACH; CSRF tokens are
    masked anew in every response. A page that shows a secret which outlives the
    response (an invitation code, a clinic's join code, a calendar address, a
    two-step key) is sent as it is (`uncompressed`): no length to learn from."""

    def process_response(self, request, response):
        if getattr(response, "shows_secret", False):
            return response
        return super().process_response(request, response)


def uncompressed(response):
    """Mark a response that shows a lasting secret: Compress leaves it alone."""
    response.shows_secret = True
    return response
