"""The language each person reads medtrack in (issue 15)."""

from django.conf import settings
from django.utils import timezone

from ..models import LanguageChoice

LANGUAGES = dict(settings.LANGUAGES)


def chosen_language(user) -> str | None:
    """The language `user` chose, or None when they never chose one."""
    if user is None or not getattr(user, "pk", None):
        return None
    return LanguageChoice.objects.filter(user=user).values_list("language", flat=True).first()


def language_of(user) -> str:
    """The language `user` chose, else the site's (settings.LANGUAGE_CODE): what their
    emails and notifications are in."""
    return chosen_language(user) or settings.LANGUAGE_CODE


def choose_language(user, language: str) -> None:
    """Remember `language` for `user`, on every device they sign in on."""
    if language not in LANGUAGES:
        raise ValueError(f"not one of the site's languages: {language!r}")
    LanguageChoice.objects.update_or_create(
        user=user, defaults={"language": language, "chosen_at": timezone.now()}
    )
