"""The health log's words: side effects as a patient names them, and what a low
neutrophil count means (DESIGN §2)."""

from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..rules.health import COMMON_SIDE_EFFECTS, URGENT_SIDE_EFFECTS
from ..rules.medicines import Advice, Match
from .medicines import A_KIND

SIDE_EFFECT_LABELS = {
    "headache": _("headache"),
    "nausea": _("nausea"),
    "diarrhoea": _("diarrhoea"),
    "sinusitis": _("sinus or upper respiratory infection"),
    "rash": _("rash"),
    "infection": _("fever, sore throat or chills"),
    "breathing": _("wheezing or chest tightness"),
    "red_swollen_skin": _("a red, swollen area of skin"),
    "allergy": _("signs of allergy: short of breath, fast heartbeat, heavy sweating"),
}
COMMON_CHOICES = [(kind, SIDE_EFFECT_LABELS[kind]) for kind in COMMON_SIDE_EFFECTS]
URGENT_CHOICES = [(kind, SIDE_EFFECT_LABELS[kind]) for kind in URGENT_SIDE_EFFECTS]


def low_neutrophils_advice(count: Decimal, *, taken_on: date, name: str | None = None) -> str:
    """A count under 1.5 ×10⁹/L (rules.health.neutrophils_low), said to the patient
    ("you") or, given their name, to someone who looks after them."""
    values = {
        "count": formats.number_format(count, 2),
        "day": formats.date_format(taken_on, "j F Y"),
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
