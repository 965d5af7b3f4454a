"""The health log's words: side effects as a patient names them (DESIGN §2)."""

from django.utils.translation import gettext_lazy as _

from ..rules.health import COMMON_SIDE_EFFECTS, URGENT_SIDE_EFFECTS

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
