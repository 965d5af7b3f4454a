"""A skip's reason in words for whoever reads it (text.skips, issue 15)."""

import pytest
from django.utils import translation

from injections.rules.schedule import SkipReason
from injections.text.skips import LABELS, english_reason, reason_words, recognised_reason


def test_a_chosen_reason_reads_as_its_neutral_label_then_the_details():
    assert reason_words("fever", "since Tuesday") == "Fever or infection: since Tuesday"
    assert reason_words("forgot", "") == "Forgot"


def test_a_reason_in_words_reads_as_it_was_typed():
    assert reason_words("other", "Stomach bug") == "Stomach bug"
    assert reason_words("", "imported: ill") == "imported: ill"


def test_every_code_but_other_has_a_neutral_label():
    assert set(LABELS) == set(SkipReason) - {SkipReason.OTHER}


def test_a_reason_reads_in_the_active_language_but_exports_in_english():
    with translation.override("es"):
        assert reason_words("away", "") == str(LABELS[SkipReason.AWAY])
        assert english_reason("away", "de viaje") == "Away from the syringes: de viaje"


@pytest.mark.parametrize(
    "text, code, details",
    [
        ("Fever or infection", "fever", ""),
        ("No usable syringe: the box froze", "no-syringe", "the box froze"),
        ("Forgot: then: again", "forgot", "then: again"),
    ],
)
def test_a_reason_as_the_export_writes_it_is_recognised(text, code, details):
    assert recognised_reason(text) == (code, details)


@pytest.mark.parametrize(
    "text",
    ["fever", "Forgot:", "Forgot: ", "forgot", "I forgot", "Fever or infections", "Another reason"],
)
def test_any_other_text_is_kept_whole_as_a_reason_in_words(text):
    assert recognised_reason(text) == ("", text)


@pytest.mark.parametrize("code", [code for code in SkipReason if code != SkipReason.OTHER])
def test_every_reason_comes_back_from_its_english_words(code):
    assert recognised_reason(english_reason(code, "")) == (code, "")
    assert recognised_reason(english_reason(code, "details")) == (code, "details")
