"""The health log's words: side effects as a patient names them, and what a low
neutrophil count means (DESIGN §2)."""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..rules.health import (
    COMMON_SIDE_EFFECTS,
    OTHER_SIDE_EFFECT,
    URGENT_SIDE_EFFECTS,
    SideEffectAdvice,
)
from ..rules.medicines import Advice, Match
from .medicines import A_KIND

SIDE_EFFECT_LABELS = {
    # Call the doctor at once (the leaflet's order).
    "rash": _("rash"),
    "infection": _("fever, sore throat or chills"),
    # The words of the records made when it was listed as common, kept: they are
    # what the patient chose (docs/decisions.md).
    "sinusitis": _("sinus or upper respiratory infection"),
    "chest_infection": _("chest infection"),
    "pneumonia": _("pneumonia"),
    "breathing": _("wheezing or chest tightness"),
    "red_swollen_skin": _("a red, swollen area of skin"),
    "allergy": _("signs of allergy: short of breath, fast heartbeat, heavy sweating"),
    # Tell the doctor if it is severe or does not go away.
    "site_reaction": _("injection-site reaction: redness, swelling, bruising, pain or itching"),
    "headache": _("headache"),
    "nausea": _("nausea"),
    "vomiting": _("vomiting"),
    "diarrhoea": _("diarrhoea"),
    "constipation": _("constipation"),
    OTHER_SIDE_EFFECT: _("something else unusual"),
}
SEVERITY_LABELS = {"mild": _("mild"), "moderate": _("moderate"), "severe": _("severe")}
URGENT_CHOICES = [(kind, SIDE_EFFECT_LABELS[kind]) for kind in URGENT_SIDE_EFFECTS]
COMMON_CHOICES = [(kind, SIDE_EFFECT_LABELS[kind]) for kind in COMMON_SIDE_EFFECTS]
OTHER_CHOICES = [(OTHER_SIDE_EFFECT, SIDE_EFFECT_LABELS[OTHER_SIDE_EFFECT])]
# The classes as the form and the lists name them.
URGENT_CLASS = _("Call your doctor at once")
COMMON_CLASS = _("Tell your doctor if it is severe or does not go away")

SIDE_EFFECT_REFUSALS = {
    "unknown_kind": _("choose what you noticed from the list"),
    "unknown_severity": _("choose mild, moderate or severe"),
    "severity_required": _("say how bad it is: mild, moderate or severe"),
    "description_required": _("say what you noticed, in a few words"),
}


def side_effect_label(kind: str, *, severity: str = "", described: str = "") -> str:
    """A side effect as the lists name it: "headache, severe", "something else
    unusual: itchy eyes"."""
    label = str(SIDE_EFFECT_LABELS.get(kind, kind))
    if described:
        label = gettext("%(what)s: %(described)s") % {"what": label, "described": described}
    if severity in SEVERITY_LABELS:
        label = gettext("%(what)s, %(severity)s") % {
            "what": label,
            "severity": SEVERITY_LABELS[severity],
        }
    return label


def side_effect_advice_words(advice: SideEffectAdvice) -> str:
    """What to do, said right after a side effect that is not urgent is recorded (the
    urgent ones show the "Call your doctor now" panel instead)."""
    match advice:
        case SideEffectAdvice.TELL_SOON:
            return gettext(
                "Noted. As it is severe, tell your doctor soon: call them today or "
                "tomorrow, do not wait for your next visit."
            )
        case SideEffectAdvice.TELL_DOCTOR:
            return gettext(
                "Noted. Tell your doctor about it. If it gets worse or worries you, call "
                "them at once."
            )
    return gettext(
        "Noted. If it becomes severe or does not go away, tell your doctor; otherwise "
        "mention it at your next visit."
    )


def allergy_hold_words(*, since: date, name: str | None = None) -> str:
    """After a sign of allergy (rules.health.holds_next_dose), said on the check-in to
    the patient ("you") or, given their name, to someone who looks after them."""
    values = {"day": formats.date_format(since, _("l j F")), "name": name}
    if name is None:
        words = gettext(
            "You noted signs of allergy on %(day)s. Do not take your next dose until you "
            "have asked a doctor. If you are short of breath now, call your emergency "
            "number."
        )
    else:
        words = gettext(
            "%(name)s noted signs of allergy on %(day)s. %(name)s should not take the next "
            "dose until a doctor has been asked. If %(name)s is short of breath now, call "
            "the emergency number."
        )
    return words % values


def doctor_said_yes_words(*, name: str | None = None) -> str:
    """Said once the patient or someone who looks after them records that a doctor
    said the next dose may be taken."""
    if name is None:
        return gettext("Noted: a doctor said you can take your next dose. Log it as usual.")
    return gettext("Noted: a doctor said %(name)s can take the next dose. Log it as usual.") % {
        "name": name
    }


def allergy_flag(count: int) -> str:
    """The clinic's review: signs of allergy not yet seen by staff. The patient was
    told to take no dose until a doctor has been asked (allergy_hold_words); whether
    one has said yes since is on the patient's page, so the flag claims neither."""
    return ngettext(
        "%(count)s sign of allergy, not yet seen: ask before the next dose",
        "%(count)s signs of allergy, not yet seen: ask before the next dose",
        count,
    ) % {"count": count}


def low_neutrophils_advice(count: Decimal, *, taken_on: date, name: str | None = None) -> str:
    """A count under 1.5 ×10⁹/L (rules.health.neutrophils_low), said to the patient
    ("you") or, given their name, to someone who looks after them."""
    values = {
        "count": formats.number_format(count, 2),
        "day": formats.date_format(taken_on, _("j F Y")),
        "name": name,
    }
    if name is None:
        return gettext(
            "Your neutrophil count of %(count)s ×10⁹/L (blood taken on %(day)s) is low, under "
            "1.5: tell your doctor. Call them at once if you have signs of infection: fever, "
            "sore throat or chills."
        ) % values
    return gettext(
        "The neutrophil count of %(name)s, %(count)s ×10⁹/L (blood taken on %(day)s), is "
        "low, under 1.5: %(name)s should tell their doctor. Call the doctor at once if "
        "%(name)s has signs of infection: fever, sore throat or chills."
    ) % values


# The clinic's review (issue 10, items 7 and 8): a flag each, short enough for a tag.


def biologic_flag(name: str, match: Match) -> str:
    """A biologic on the patient's list, named as they typed it: not recommended with
    anakinra (the leaflet), or anakinra itself a second time."""
    if match.advice == Advice.ALREADY_INJECTED:
        return gettext("%(name)s: %(generic)s again, already injected with medtrack") % {
            "name": name,
            "generic": match.generic,
        }
    return gettext("%(name)s, %(kind)s: not recommended with anakinra") % {
        "name": name,
        "kind": A_KIND[match.kind],
    }


def low_count_flag(count: Decimal, *, taken_on: date) -> str:
    """The latest neutrophil count, under 1.5 ×10⁹/L (rules.health.neutrophils_low)."""
    return gettext("neutrophils low: %(count)s ×10⁹/L on %(day)s") % {
        "count": formats.number_format(count, 2),
        "day": formats.date_format(taken_on, "j M Y"),
    }


def overdue_test_flag(due: date) -> str:
    """A neutrophil test due before today (rules.health.next_test_due)."""
    day = formats.date_format(due, "j M Y")
    return gettext("blood test overdue, due %(day)s") % {"day": day}
