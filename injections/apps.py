from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InjectionsConfig(AppConfig):
    name = "injections"
    verbose_name = _("Injections")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .web import language, sessions, signals  # noqa: F401  (what signing in and out does)
