"""Every page read by a Spanish browser has no English sentence left (issue 15, item 1):
each page's words are checked against the catalogue, so that a string translated at
import time (in the server's language, not the reader's), or never marked, shows.

Alice injects anakinra daily from 1 November; carol cares for her and dr-dee treats
her. It is Tuesday 3 November 2026, 08:30 in London, and Monday's dose is logged.
"""

import re
from datetime import UTC, datetime

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from injections.rules.geometry import Site
from injections.services.doses import record_dose
from tests.views.pages import document, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
SPANISH = {"Accept-Language": "es"}
CATALOGUE = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|%%|<[^>]+>")
pytestmark = pytest.mark.clock(NOW)


def english_sentences() -> set[str]:
    """The pieces of English, of two words or more, that the Spanish does not share:
    each string of the catalogue, cut at its placeholders and markup."""
    found = set()
    for entry in polib.pofile(str(CATALOGUE)):
        spanish = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            for piece in PLACEHOLDER.split(english):
                piece = " ".join(piece.split()).strip(" .,:;()")
                if len(piece.split()) >= 2 and piece not in spanish:
                    found.add(piece)
    return found


ENGLISH = english_sentences()


def english_on(response) -> list[str]:
    """The English pieces on the page, as whole words: the cities of the time-zone list
    in a row ("Kyzylorda Macao") hold "a Mac" but no English."""
    page = words(response)
    return sorted(
        piece
        for piece in ENGLISH
        if piece in page and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", page)
    )


@pytest.fixture
def monday(regimen):
    return record_dose(regimen=regimen, taken_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
                       site=Site("thigh", "left", 60, 100), administered_by="self",
                       entered_by=regimen.patient.user)  # fmt: skip


PATIENT_PAGES = ["home", "history", "health", "supplies", "settings", "sharing", "guide",
                 "record-log", "sessions"]  # fmt: skip


def test_the_catalogue_gives_english_to_look_for():
    assert "Before you inject, check the syringe" in ENGLISH
    assert len(ENGLISH) > 500


@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_the_patients_pages_are_all_spanish(alice, monday, name):
    response = alice.get(reverse(name), headers=SPANISH)
    assert response.status_code == 200
    assert document(response).find("html").get("lang") == "es"
    assert english_on(response) == []


def test_the_check_in_in_english_is_found_english(alice, monday):
    """The check above can fail: in English, it finds English."""
    assert english_on(alice.get(reverse("home")))


def test_the_caregivers_pages_are_all_spanish(carol, patient, monday):
    for url in (reverse("patients"), reverse("patient", args=[patient.pk]),
                reverse("patient-history", args=[patient.pk])):  # fmt: skip
        assert english_on(carol.get(url, headers=SPANISH)) == [], url


def test_the_clinics_pages_are_all_spanish(dee, patient, monday):
    for url in (reverse("clinic"), reverse("clinic-patient", args=[patient.pk])):
        assert english_on(dee.get(url, headers=SPANISH)) == [], url


def test_the_pages_before_signing_in_are_all_spanish(client, db):
    for url in (reverse("login"), reverse("password-reset")):
        assert english_on(client.get(url, headers=SPANISH)) == [], url
