"""Accounts that sign in with a password: every password a service or command sets
passes the site's validators (AUTH_PASSWORD_VALIDATORS: at least 12 characters, not
common, not only digits, not like the username or address; issue 13, item 2). The
password pages use Django's own forms, which apply the same validators."""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import ServiceError


class WeakPassword(ServiceError):
    """The password fails one or more validators; `messages` are their own words."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


def check_password(*, password: str, user: AbstractBaseUser) -> None:
    """Refuse a password the validators refuse for `user` (who may be unsaved: the
    similarity check reads their username and address)."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise WeakPassword(list(error.messages)) from None


@transaction.atomic
def create_user(*, username: str, email: str = "", password: str) -> AbstractBaseUser:
    """An account that signs in with `password`, once the validators accept it."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ServiceError(_("the user “%(name)s” already exists") % {"name": username})
    user = User(username=username, email=email)
    set_password(user=user, password=password)
    return user


def set_password(*, user: AbstractBaseUser, password: str) -> None:
    """Give `user` a password the validators accept, and save them."""
    check_password(password=password, user=user)
    user.set_password(password)
    user.save()
