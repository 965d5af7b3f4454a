"""The base of the medtrack commands: they speak the language of the terminal they run
in, as command-line programs do, so support staff in Spain read Spanish."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

# Where a terminal names its language, first to last (POSIX and GNU gettext's order).
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def terminal_language(environ=os.environ) -> str:
    """The first of medtrack's languages that the terminal's locale names ("es_ES.UTF-8"
    is Spanish; GNU's LANGUAGE may list several, "es:en"), or the site's language when
    it names none of them ("C", "POSIX", a language medtrack has no words for)."""
    offered = {code for code, _name in settings.LANGUAGES}
    for variable in LOCALE_VARIABLES:
        for locale in environ.get(variable, "").split(":"):
            language = translation.to_language(locale.split(".")[0].split("@")[0])
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
