"""Accounts with a password: every password a service sets passes the validators
(AUTH_PASSWORD_VALIDATORS; issue 13, item 2)."""

import pytest
from django.contrib.auth import get_user_model

from injections.services.accounts import WeakPassword, create_user, set_password
from injections.services.errors import ServiceError
from tests.conftest import PASSWORD

User = get_user_model()


def test_an_account_is_created_with_a_password_that_passes_the_validators(db):
    user = create_user(username="frank", email="frank@example.org", password=PASSWORD)
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
    assert user.email == "frank@example.org"


def test_an_account_with_a_weak_password_is_refused_with_every_reason(db):
    with pytest.raises(WeakPassword) as refused:
        create_user(username="frank", password="12345")
    assert refused.value.messages == [
        "This password is too short. It must contain at least 12 characters.",
        "This password is too common.",
        "This password is entirely numeric.",
    ]
    assert not User.objects.exists()


def test_a_password_like_the_username_is_refused(db):
    with pytest.raises(WeakPassword, match="too similar to the username"):
        create_user(username="francesca-jones", password="francescajones")


def test_an_account_that_exists_is_not_created_again(outsider):
    with pytest.raises(ServiceError, match="already exists"):
        create_user(username="eve", password=PASSWORD)


def test_a_new_password_is_checked_against_the_person_it_is_for(invitee):
    with pytest.raises(WeakPassword, match="too similar to the email address"):
        set_password(user=invitee, password="carol@example.com")
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)
    set_password(user=invitee, password="a much longer passphrase")
    invitee.refresh_from_db()
    assert invitee.check_password("a much longer passphrase")
