"""The commands speak the terminal's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG);
what scripts read stays the same in every language."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from injections.management.base import terminal_language


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_MX"}, "es"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LC_ALL": "es_ES.UTF-8"}, "es"),
        ({"LC_ALL": "en_GB.UTF-8", "LANGUAGE": "fr:es:en"}, "es"),
        ({"LANG": "ca_ES.UTF-8@euro"}, "en"),
        ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:es"}, "es"),
        # C is what scripts ask for: English, whatever else is set.
        ({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "es"}, "en"),
        ({"LANGUAGE": "es"}, "en"),
    ],
)
def test_the_terminal_language_is_the_first_locale_medtrack_has_words_for(environ, language):
    assert terminal_language(environ) == language


def check_site(*options) -> str:
    out = StringIO()
    call_command(
        "check_site", "--patient", "alice", "--region", "thigh", "--side", "left",
        "--x", "6", "--y", "10", *options, stdout=out, stderr=StringIO(),
    )  # fmt: skip
    return out.getvalue()


def test_a_command_answers_in_spanish_in_a_spanish_terminal(patient, monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert "bien, no incumple ninguna norma" in check_site()


def test_a_command_answers_in_english_in_a_terminal_without_a_language(patient, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert "fine, no rule broken" in check_site()


def test_a_commands_error_is_in_the_terminals_language(db, monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    with pytest.raises(CommandError) as spanish:
        call_command("slot_status", "--patient", "nobody", stdout=StringIO())
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    with pytest.raises(CommandError) as english:
        call_command("slot_status", "--patient", "nobody", stdout=StringIO())
    assert "nobody" in str(spanish.value)
    assert str(spanish.value) != str(english.value)
    assert str(english.value) == "no patient with the username “nobody”"


def test_what_scripts_read_is_the_same_in_every_language(patient, monkeypatch):
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    spanish = json.loads(check_site("--x", "60", "--json"))
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    english = json.loads(check_site("--x", "60", "--json"))
    assert [problem["code"] for problem in spanish] == ["outside_region"]
    assert [problem["code"] for problem in spanish] == [problem["code"] for problem in english]
    assert spanish[0].keys() == english[0].keys()
    assert spanish[0]["message"] != english[0]["message"]


def test_a_command_leaves_the_language_it_found(patient, monkeypatch):
    from django.utils import translation

    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    check_site()
    assert translation.get_language() == "en"
