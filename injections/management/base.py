"""The base of the medtrack commands: they speak the language of the terminal they run
in, as command-line programs do, so support staff in Spain read Spanish."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

# Where a terminal names its locale, the first set of them winning (POSIX).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _language_of(locale: str) -> str:
    return translation.to_language(locale.split(".")[0].split("@")[0])


def terminal_language(environ=os.environ) -> str:
    """The language the terminal asks for, as GNU gettext reads it: the locale of the
    first of LC_ALL, LC_MESSAGES and LANG that is set ("es_ES.UTF-8" is Spanish),
    after GNU's LANGUAGE list ("es:en") when there is one; the site's language when
    none of them names a language medtrack has. The C or POSIX locale (what scripts
    set, `LC_ALL=C`) is English whatever LANGUAGE says, as gettext has it."""
    locale = next((environ[name] for name in LOCALE_VARIABLES if environ.get(name)), "C")
    if locale.split(".")[0] in ("C", "POSIX"):
        return settings.LANGUAGE_CODE
    offered = {code for code, _name in settings.LANGUAGES}
    for wanted in [*environ.get("LANGUAGE", "").split(":"), locale]:
        if not wanted:
            continue
        language = _language_of(wanted)
        for code in (language, language.split("-")[0]):
            if code in offered:
                return code
    return settings.LANGUAGE_CODE


class MedtrackCommand(BaseCommand):
    """A command whose messages are in the terminal's language. What scripts read stays
    the same in every language: the JSON keys and codes, CSV, FHIR, ISO 8601 times."""

    def execute(self, *args, **options):
        with translation.override(terminal_language()):
            return super().execute(*args, **options)
