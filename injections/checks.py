"""System checks that guard the production configuration."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY_FROM_ENVIRONMENT:
        return []
    return [
        Error(
            "DJANGO_SECRET_KEY is not set: medtrack is using its development key.",
            hint="Set DJANGO_SECRET_KEY to a long random value in production.",
            id="medtrack.E001",
        )
    ]
