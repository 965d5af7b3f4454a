"""Body regions and the geometry of injection sites (DESIGN §3).

Coordinates are whole millimetres in the region's own frame: y runs down from the
edge nearer the head. On the abdomen x runs from the patient's left side to their
right; on every sided region (thighs, upper arms, buttocks) the frame is mirrored,
so x runs from the inner edge (nearer the body's midline) outward: x = 0 is the
inner edge of either thigh. People type and read centimetres; `parse_cm` and
`format_cm` convert.
"""

import math
import re
from dataclasses import dataclass
from enum import StrEnum

from .invalid import Invalid


class Administrator(StrEnum):
    """Who gave the injection (DESIGN §3)."""

    SELF = "self"
    CAREGIVER = "caregiver"
    CLINICIAN = "clinician"


@dataclass(frozen=True)
class Disc:
    x_mm: int
    y_mm: int
    radius_mm: int


@dataclass(frozen=True)
class Region:
    name: str
    sides: tuple[str, ...]
    width_mm: int
    height_mm: int
    self_injectable: bool
    exclusions: tuple[Disc, ...] = ()

    @property
    def centre(self) -> tuple[float, float]:
        return self.width_mm / 2, self.height_mm / 2

    def within_frame(self, x_mm: float, y_mm: float) -> bool:
        """Inside the region's rectangle, exclusions aside."""
        return 0 <= x_mm <= self.width_mm and 0 <= y_mm <= self.height_mm


NAVEL = Disc(x_mm=120, y_mm=80, radius_mm=50)

REGIONS: dict[str, Region] = {
    region.name: region
    for region in (
        Region("abdomen", ("",), 240, 160, self_injectable=True, exclusions=(NAVEL,)),
        Region("thigh", ("left", "right"), 120, 200, self_injectable=True),
        Region("upper_arm", ("left", "right"), 80, 120, self_injectable=False),
        Region("buttock", ("left", "right"), 120, 100, self_injectable=False),
    )
}

# Every region-side, in the tie-break order of DESIGN §4.
REGION_SIDES: tuple[tuple[str, str], ...] = tuple(
    (region.name, side) for region in REGIONS.values() for side in region.sides
)


@dataclass(frozen=True)
class Site:
    """A point on the body: region, side ("" for the abdomen) and position in mm."""

    region: str
    side: str
    x_mm: int
    y_mm: int

    def __post_init__(self):
        if self.region not in REGIONS:
            raise Invalid("unknown_region", region=self.region, choices=", ".join(REGIONS))
        sides = REGIONS[self.region].sides
        if self.side not in sides:
            if sides == ("",):
                raise Invalid("side_not_wanted", region=self.region)
            raise Invalid("side_needed", region=self.region)

    @property
    def region_side(self) -> tuple[str, str]:
        return self.region, self.side


@dataclass(frozen=True)
class Position:
    """Where a point lies in its region, coarsely, for words a person uses: `across`
    and `down` are -1, 0 or 1. On a sided region they are its thirds (across: inner,
    middle, outer; down: top, middle, bottom). On the abdomen they say which way the
    point lies from the navel (across: left, level, right; down: above, level,
    below), level meaning within 2 cm of it."""

    across: int
    down: int
    from_navel_mm: float | None = None


NEAR_NAVEL_MM = 20


def position(site: Site) -> Position:
    region = REGIONS[site.region]
    if site.region == "abdomen":

        def way(offset):
            return 0 if abs(offset) <= NEAR_NAVEL_MM else (1 if offset > 0 else -1)

        dx, dy = site.x_mm - NAVEL.x_mm, site.y_mm - NAVEL.y_mm
        return Position(way(dx), way(dy), math.hypot(dx, dy))

    def third(value, length):
        return min(int(3 * value / length), 2) - 1 if length else 0

    return Position(third(site.x_mm, region.width_mm), third(site.y_mm, region.height_mm))


def distance_mm(a: Site, b: Site) -> float | None:
    """Straight-line distance, or None when the points are on different region-sides."""
    if a.region_side != b.region_side:
        return None
    return math.hypot(a.x_mm - b.x_mm, a.y_mm - b.y_mm)


def is_inside(site: Site) -> bool:
    """Within the region's bounds and not strictly inside an excluded disc (DESIGN §3)."""
    region = REGIONS[site.region]
    if not region.within_frame(site.x_mm, site.y_mm):
        return False
    return all(
        math.hypot(site.x_mm - disc.x_mm, site.y_mm - disc.y_mm) >= disc.radius_mm
        for disc in region.exclusions
    )


def may_inject(region: str, administered_by: Administrator | str) -> bool:
    """Back of the upper arms and buttocks only when someone else injects (DESIGN §2, §3)."""
    return REGIONS[region].self_injectable or administered_by != Administrator.SELF


def region_sides_for(administered_by: Administrator | str) -> list[tuple[str, str]]:
    return [rs for rs in REGION_SIDES if may_inject(rs[0], administered_by)]


_CM = re.compile(r"^\s*(-?\d+)(?:\.(\d))?\s*$")


def parse_cm(text: str | float | int) -> int:
    """'3.5' -> 35 mm. At most one decimal, as the CSV format and the body map use."""
    match = _CM.match(str(text))
    if not match:
        raise Invalid("not_cm", value=text)
    whole, tenth = match.groups()
    mm = abs(int(whole)) * 10 + int(tenth or 0)
    return -mm if whole.startswith("-") else mm


def format_cm(mm: float) -> str:
    """35 -> '3.5', 30 -> '3', 14.14 -> '1.4'."""
    text = f"{mm / 10:.1f}"
    return text.removesuffix(".0")
