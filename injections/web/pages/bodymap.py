"""The body map: where each region is drawn, and the marks on it (DESIGN §3).

Regions are drawn at 1 SVG unit per millimetre, each in its own frame, so that a
point's coordinates on the map are its stored coordinates plus the region's
origin. Left and right are the patient's own, as they look down at themselves
(front) or over their shoulder (back): the patient's left is on the left.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from django.utils.translation import gettext as _

from ...rules.geometry import NAVEL, REGIONS, Site, may_inject
from ...rules.sites import SpacingRules
from ...text.flags import zone_label
from ...text.places import REGION_SIDE_LABELS, place, spot
from ...text.sites import injection_phrase

# (region, side) -> (view, x, y) of the region's top left corner on that view.
# Each region's name is written just above it, so nothing is drawn over the marks.
LAYOUT = {
    ("abdomen", ""): ("front", 50, 24),
    ("thigh", "left"): ("front", 45, 214),
    ("thigh", "right"): ("front", 175, 214),
    ("upper_arm", "left"): ("back", 30, 24),
    ("upper_arm", "right"): ("back", 230, 24),
    ("buttock", "left"): ("back", 40, 174),
    ("buttock", "right"): ("back", 180, 174),
}
VIEW_SIZE = {"front": (340, 420), "back": (340, 280)}
# Dots fade over the weeks the suggestions remember (DESIGN §4: 28 days).
FADE_DAYS = SpacingRules.suggestion_memory_days


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    label: str
    kind: str  # recent, unhealed, avoid, suggestion, chosen
    radius: float = 0
    opacity: float = 1
    number: int | None = None
    place: str = ""  # the region, for the map's text alternative when the label lacks it


@dataclass
class RegionShape:
    region: str
    side: str
    label: str
    x: int
    y: int
    width: int
    height: int
    allowed: bool
    navel: tuple[int, int, int] | None = None  # x, y, r on the map

    @property
    def key(self) -> str:
        return f"{self.region}:{self.side}" if self.side else self.region

    @property
    def half_width(self) -> float:
        return self.width / 2

    @property
    def half_height(self) -> float:
        return self.height / 2


@dataclass
class View:
    name: str
    title: str
    width: int
    height: int
    regions: list[RegionShape] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)


def _place(site: Site) -> tuple[str, float, float]:
    view, x0, y0 = LAYOUT[site.region_side]
    return view, x0 + site.x_mm, y0 + site.y_mm


def body_map(
    *,
    administered_by: str,
    at: datetime,
    tz: tzinfo = UTC,
    recent=(),
    unhealed=(),
    avoid_zones=(),
    suggestions=(),
    chosen: Site | None = None,
) -> list[View]:
    """The front and back views with their regions and marks. The back view's regions
    are shown as not available when the patient injects themselves."""
    views = {
        "front": View("front", _("Front"), *VIEW_SIZE["front"]),
        "back": View("back", _("Back"), *VIEW_SIZE["back"]),
    }
    for (region, side), (view, x0, y0) in LAYOUT.items():
        shape = RegionShape(
            region=region,
            side=side,
            label=str(REGION_SIDE_LABELS[(region, side)]),
            x=x0,
            y=y0,
            width=REGIONS[region].width_mm,
            height=REGIONS[region].height_mm,
            allowed=may_inject(region, administered_by),
        )
        if region == "abdomen":
            shape.navel = (x0 + NAVEL.x_mm, y0 + NAVEL.y_mm, NAVEL.radius_mm)
        views[view].regions.append(shape)

    def mark(site: Site, label: str, kind: str, **options) -> None:
        view, x, y = _place(site)
        views[view].marks.append(Mark(x, y, label, kind, **options))

    for zone in avoid_zones:
        mark(zone.centre, zone_label(zone.kind), "avoid", radius=zone.radius_mm)
    for injection in recent:
        days = (at - injection.at).days
        mark(
            injection.site,
            injection_phrase(injection.at, at, tz),
            "recent",
            opacity=round(max(0.25, 1 - days / FADE_DAYS), 2),
            place=place(injection.site),
        )
    for injection in unhealed:
        mark(
            injection.site,
            _("site reaction not yet healed"),
            "unhealed",
            radius=25,
            place=place(injection.site),
        )
    for number, suggestion in enumerate(suggestions, start=1):
        mark(suggestion.site, suggestion.reason, "suggestion", number=number)
    if chosen is not None:
        mark(chosen, _("your chosen spot: %(site)s") % {"site": spot(chosen)}, "chosen")
    return list(views.values())

