"""A skip's reason in words for whoever reads it (issue 15).

The reason chosen from the list is stored as a code (rules.schedule.SkipReason) and
what the person typed beside it as text (`Dose.reason`). A reader reads the code as
a neutral label in their own language, in no one's person ("Fever or infection",
not "I have a fever" nor "alice has a fever"), then the typed details. The forms
keep their own labels, in the chooser's person, for choosing (web.forms).

This module imports no model: the dose model takes its choices from it.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..rules.schedule import SkipReason

# The neutral label of each reason, for reading. OTHER has none of its own: a reason
# in the person's own words reads as they wrote it.
LABELS = {
    SkipReason.FEVER: _("Fever or infection"),
    SkipReason.DOCTOR: _("Doctor said to pause"),
    SkipReason.SURGERY: _("Surgery or dental work planned"),
    SkipReason.NO_SYRINGE: _("No usable syringe"),
    SkipReason.FORGOT: _("Forgot"),
    SkipReason.AWAY: _("Away from the syringes"),
}
# The model's choices: the labels, and "Another reason" for a reason in words.
CHOICES = [(code.value, label) for code, label in LABELS.items()] + [
    (SkipReason.OTHER.value, _("Another reason"))
]


def reason_words(code: str, details: str) -> str:
    """A reason as a reader reads it, in the active language: the chosen reason's
    label, then what was typed after a colon ("Fever or infection: since Tuesday");
    just the text for a reason in words, an unknown code or none (an imported or an
    older record, or a flagged dose's override reason)."""
    label = LABELS.get(code)
    if label is None:
        return details
    return f"{label}: {details}" if details else str(label)


def english_reason(code: str, details: str) -> str:
    """The reason in English, as the exports write it (DESIGN §7): a file read
    anywhere, or imported again, keeps its meaning whoever exported it."""
    with translation.override("en"):
        return reason_words(code, details)


def recognised_reason(text: str) -> tuple[str, str]:
    """The code and the details of a reason written as `english_reason` writes it:
    a neutral English label alone, or followed by ": " and details. Any other text is
    a reason in words, kept whole with no code ("", text): an import never guesses."""
    with translation.override("en"):
        for code, label in LABELS.items():
            label = str(label)
            if text == label:
                return code.value, ""
            if text.startswith(f"{label}: ") and text[len(label) + 2 :].strip():
                return code.value, text[len(label) + 2 :].strip()
    return "", text
