"""Places on the body in words (DESIGN §3)."""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..rules.geometry import Site, format_cm, position


def cm(mm: float) -> str:
    """Millimetres as centimetres in words, with the reader's decimal mark: "3.5" in
    English, "3,5" in Spanish (forms and files keep the point: rules.geometry)."""
    return format_cm(mm).replace(".", formats.get_format("DECIMAL_SEPARATOR"))


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
        "x": cm(site.x_mm),
        "y": cm(site.y_mm),
    }


# Where a point lies in its region, in the words a nurse uses (rules.geometry.position).
ACROSS = {
    "thigh": (gettext_lazy("inner side"), gettext_lazy("front"), gettext_lazy("outer side")),
    "upper_arm": (gettext_lazy("inner side"), gettext_lazy("middle"), gettext_lazy("outer side")),
    "buttock": (gettext_lazy("inner part"), gettext_lazy("middle"),
                gettext_lazy("outer part, towards the hip")),
}  # fmt: skip
DOWN = {
    "thigh": (gettext_lazy("near the top"), gettext_lazy("halfway down"),
              gettext_lazy("a hand's width above the knee")),
    "upper_arm": (gettext_lazy("near the shoulder"), gettext_lazy("halfway down"),
                  gettext_lazy("above the elbow")),
    "buttock": (gettext_lazy("just below the waist"), gettext_lazy("halfway down"),
                gettext_lazy("lower down")),
}  # fmt: skip
FROM_NAVEL = {
    # (across, down) -> words
    (-1, -1): gettext_lazy("above and to the left of the navel"),
    (0, -1): gettext_lazy("above the navel"),
    (1, -1): gettext_lazy("above and to the right of the navel"),
    (-1, 0): gettext_lazy("to the left of the navel"),
    (0, 0): gettext_lazy("beside the navel"),
    (1, 0): gettext_lazy("to the right of the navel"),
    (-1, 1): gettext_lazy("below and to the left of the navel"),
    (0, 1): gettext_lazy("below the navel"),
    (1, 1): gettext_lazy("below and to the right of the navel"),
}


def where(site: Site) -> str:
    """Where in its region a point lies, without the region's name: "outer side, a
    hand's width above the knee", "below and to the left of the navel"."""
    at = position(site)
    if site.region == "abdomen":
        return str(FROM_NAVEL[(at.across, at.down)])
    return _("%(across)s, %(down)s") % {
        "across": ACROSS[site.region][at.across + 1],
        "down": DOWN[site.region][at.down + 1],
    }


def measures(site: Site) -> str:
    """The point in centimetres, as the map's frame has it (DESIGN §3)."""
    values = {"x": cm(site.x_mm), "y": cm(site.y_mm)}
    if site.region == "abdomen":
        at = position(site)
        return _("%(x)s cm from the left side, %(y)s cm down, %(navel)s cm from the navel") % (
            values | {"navel": cm(at.from_navel_mm)}
        )
    return _("%(x)s cm from the inner edge, %(y)s cm down") % values
