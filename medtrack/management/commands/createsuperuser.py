"""Django's createsuperuser, with the password validators applied without a prompt
too: `--noinput` with DJANGO_SUPERUSER_PASSWORD skips them in Django, and a site
admin's password is the last that should be weak (issue 13, item 2). The
interactive prompt is Django's, which validates and asks before any bypass."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError

from injections.services.accounts import WeakPassword, check_password


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if not options["interactive"] and password is not None:
            User = get_user_model()
            names = [User.USERNAME_FIELD, *User.REQUIRED_FIELDS, User.get_email_field_name()]
            known = {
                name: options.get(name) or os.environ.get(f"DJANGO_SUPERUSER_{name.upper()}", "")
                for name in dict.fromkeys(names)
                if not User._meta.get_field(name).is_relation
            }
            try:
                check_password(password=password, user=User(**known))
            except WeakPassword as error:
                raise CommandError(str(error)) from None
        return super().handle(*args, **options)
