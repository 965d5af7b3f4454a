"""Places on the body in words (DESIGN §3)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..rules.geometry import Site, format_cm

REGION_SIDE_LABELS = {
    ("abdomen", ""): gettext_lazy("abdomen"),
    ("thigh", "left"): gettext_lazy("thigh left"),
    ("thigh", "right"): gettext_lazy("thigh right"),
    ("upper_arm", "left"): gettext_lazy("upper arm left"),
    ("upper_arm", "right"): gettext_lazy("upper arm right"),
    ("buttock", "left"): gettext_lazy("buttock left"),
    ("buttock", "right"): gettext_lazy("buttock right"),
}


def place(site: Site) -> str:
    """The region-side: "thigh left"."""
    return str(REGION_SIDE_LABELS[site.region_side])


def spot(site: Site) -> str:
    """The point: "thigh left at 3.5, 10 cm"."""
    return _("%(place)s at %(x)s, %(y)s cm") % {
        "place": place(site),
        "x": format_cm(site.x_mm),
        "y": format_cm(site.y_mm),
    }

