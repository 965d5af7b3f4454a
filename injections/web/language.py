"""The language switcher on every page (issue 15): remembered for the person signed
in (services.language), and in a cookie for the pages before signing in."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ..services.language import LANGUAGES, choose_language, chosen_language

# Where the signed-in person's language is kept for their session: set when they
# sign in and when they choose, so that no page pays a query for it.
SESSION_KEY = "language"


class ChosenLanguage:
    """After LocaleMiddleware (the cookie, else the browser's Accept-Language) and the
    sign-in: the language the person signed in chose wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        if chosen in LANGUAGES and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


@receiver(user_logged_in)
def remember_language(sender, request, user, **kwargs):
    """Signing in on a new device brings the language chosen on another; a person who
    never chose one keeps what this browser reads in."""
    session = getattr(request, "session", None)
    chosen = chosen_language(user)
    if session is not None and chosen is not None:
        session[SESSION_KEY] = chosen


@login_not_required
@require_POST
def set_language(request):
    """The switcher's form: back to the page it was on, in the language chosen."""
    language = request.POST.get("language", "")
    following = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        following = reverse("home")
    response = HttpResponseRedirect(following)
    if language not in LANGUAGES:
        return response
    if request.user.is_authenticated:
        choose_language(request.user, language)
        request.session[SESSION_KEY] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
