"""Spanish pages and the language switcher (issue 15, item 1): a Spanish browser reads
medtrack in Spanish under lang="es"; the switcher at the foot of every page changes
it, remembered for the person signed in on every device, and in a cookie before
signing in. It is Tuesday 3 November 2026, 08:30 in London."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from injections.models import LanguageChoice
from tests.conftest import PASSWORD
from tests.views.pages import document, element, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
SPANISH = {"Accept-Language": "es-ES,es;q=0.9"}
pytestmark = pytest.mark.clock(NOW)


def lang(response) -> str:
    return document(response).find("html").get("lang")


def test_a_spanish_browser_reads_the_check_in_in_spanish(alice):
    english = alice.get(reverse("home"))
    assert lang(english) == "en" and "Your dose" in words(english)
    spanish = alice.get(reverse("home"), headers=SPANISH)
    assert lang(spanish) == "es"
    page = words(spanish)
    assert "Su dosis" in page and "Your dose" not in page
    assert "0, nada" in page and "none" not in page  # the scales, labelled when read


def test_the_switcher_is_on_every_page_with_each_language_in_its_own_name(alice, client):
    for response in (alice.get(reverse("home")), client.get(reverse("login"))):
        switcher = element(response, "language-choice")
        options = {option.get("value"): option.text for option in switcher.find_all("option")}
        assert options == {"en": "English", "es": "Español"}


def test_the_choice_is_remembered_for_the_person_on_every_device(alice, patient):
    response = alice.post(reverse("set-language"), {"language": "es", "next": "/history/"})
    assert response.status_code == 302 and response["Location"] == "/history/"
    assert LanguageChoice.objects.get(user=patient.user).language == "es"
    # The browser asks for English: the person's choice wins.
    assert lang(alice.get(reverse("home"), headers={"Accept-Language": "en"})) == "es"
    elsewhere = Client()
    elsewhere.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert lang(elsewhere.get(reverse("home"))) == "es"
    alice.post(reverse("set-language"), {"language": "en", "next": "/"})
    assert lang(alice.get(reverse("home"), headers=SPANISH)) == "en"


def test_before_signing_in_the_choice_is_kept_in_a_cookie(client, db):
    assert lang(client.get(reverse("login"))) == "en"
    client.post(reverse("set-language"), {"language": "es", "next": reverse("login")})
    page = client.get(reverse("login"))
    assert lang(page) == "es" and "Iniciar sesión" in words(page)
    assert not LanguageChoice.objects.exists()


def test_a_language_medtrack_does_not_have_or_a_page_elsewhere_changes_nothing(alice, patient):
    response = alice.post(reverse("set-language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302 and not LanguageChoice.objects.exists()
    response = alice.post(
        reverse("set-language"), {"language": "es", "next": "https://elsewhere.example/"}
    )
    assert response["Location"] == reverse("home")


def test_dates_read_the_spanish_way(alice):
    """ "3 de noviembre", not "3 noviembre": the date formats are translated."""
    spanish = words(alice.get(reverse("history"), headers=SPANISH))
    assert re.search(r"\b3 de noviembre\b", spanish)
    assert not re.search(r"\b\d{1,2} (noviembre|diciembre)\b", spanish)
    assert "3 November" in words(alice.get(reverse("history")))
