"""The body map: a person seen from the front and from behind, each injection region
drawn where it is on a body, and the marks on it (DESIGN §3).

Drawn at one SVG unit per millimetre. Each region is a group in its own frame, so a
mark is drawn at its stored coordinates and a tap there reads them back; the group's
transform puts the frame on the body. Sided frames run from the region's inner edge
(nearer the midline) outward, so a region whose inner edge is on the screen's right
is drawn mirrored, as is the abdomen (x from the patient's left to their right) when
the patient's left is on the screen's right. No text is drawn in the SVG: every word
is HTML, so that it keeps its size when the page is zoomed.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ...rules.geometry import NAVEL, REGIONS, Administrator, Site, format_cm, may_inject
from ...rules.sites import SpacingRules
from ...text.flags import zone_label
from ...text.places import REGION_SIDE_LABELS, place, spot, where
from ...text.sites import injection_phrase
from .silhouette import BODIES, MIDLINE, VIEW_HEIGHT, VIEW_WIDTH, Body, svg_number

# Where each region lies on the body: its view, the distance of its inner edge from
# the midline (None: centred on it) and its top edge, in mm from the top of the head.
PLACEMENT = {
    "abdomen": ("front", None, 600),  # the navel 68 cm below the top of the head
    "thigh": ("front", 30, 940),  # a hand's width below the groin, above the knee
    "upper_arm": ("back", 188, 420),  # the middle of the back of the upper arm
    "buttock": ("back", 50, 760),  # the upper outer part, below the hip bone
}
ZOOM_MARGIN = 12  # mm of the body shown around a region when it is enlarged
ZOOM_PX_PER_MM = 2.6  # its natural size; it shrinks to fit a narrow screen
# The abdomen is enlarged one half at a time (24 cm would not fit a phone at 20 px a cm).
ABDOMEN_HALVES = ((0, 130), (110, 240))
MARK_ORDER = ("recent", "unhealed", "avoid", "suggestion", "chosen")
# Dots fade over the weeks the suggestions remember (DESIGN §4: 28 days).
FADE_DAYS = SpacingRules.suggestion_memory_days


@dataclass(frozen=True)
class Mark:
    """Something drawn on a region, at a point of its frame (stored coordinates, mm)."""

    x: float
    y: float
    label: str
    kind: str  # recent, unhealed, avoid, suggestion, chosen
    radius: float = 0
    opacity: float = 1
    number: int | None = None
    place: str = ""  # the region, for the map's text alternative when the label lacks it
    words: str = ""  # the sentence the map's text alternative says about it


@dataclass
class Zoom:
    """A region, or a part of one, enlarged for a precise tap."""

    id: str
    region: "RegionShape"
    label: str
    x_from: int  # the part of the frame shown, mm
    x_to: int
    part: str = ""  # which part of the region, when it is not the whole: "left of the navel"
    open: bool = False

    @property
    def name(self) -> str:
        return capfirst(self.region.label)

    @property
    def view_box(self) -> str:
        left, _y0, right, _y1 = self.region.span(self.x_from, self.x_to)
        top = self.region.y - ZOOM_MARGIN
        width = right - left + 2 * ZOOM_MARGIN
        height = self.region.height + 2 * ZOOM_MARGIN
        return f"{svg_number(left - ZOOM_MARGIN)} {top} {svg_number(width)} {height}"

    @property
    def width_px(self) -> int:
        return round((self.x_to - self.x_from + 2 * ZOOM_MARGIN) * ZOOM_PX_PER_MM)

    @property
    def edges(self) -> tuple[str, str]:
        """The words for the screen's left and right edges of the enlarged part."""
        at_start, at_end = self.region.edge_words(self.x_from, self.x_to)
        return (at_end, at_start) if self.region.mirrored else (at_start, at_end)

    def holds(self, x_mm: float) -> bool:
        """Whether a point belongs to this part: the halves of the abdomen share 2 cm
        around the navel, which goes to the left half."""
        if self.region.region != "abdomen":
            return True
        return x_mm < NAVEL.x_mm if self.x_from == 0 else x_mm >= NAVEL.x_mm

    @property
    def suggestion(self) -> int | None:
        """The number of the suggested spot it shows, if any."""
        numbers = [
            m.number for m in self.region.marks if m.kind == "suggestion" and self.holds(m.x)
        ]
        return numbers[0] if numbers else None


@dataclass
class RegionShape:
    region: str
    side: str
    label: str
    x: int  # the top left corner of its box on the view
    y: int
    width: int
    height: int
    allowed: bool
    mirrored: bool = False  # frame x runs leftward on the screen
    seen_by_self: bool = True
    marks: list[Mark] = field(default_factory=list)
    zooms: list[Zoom] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.region}:{self.side}" if self.side else self.region

    @property
    def slug(self) -> str:
        return f"{self.region}-{self.side}" if self.side else self.region

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.x, self.y, self.x + self.width, self.y + self.height

    @property
    def transform(self) -> str:
        if self.mirrored:
            return f"translate({self.x + self.width} {self.y}) scale(-1 1)"
        return f"translate({self.x} {self.y})"

    @property
    def navel(self) -> tuple[int, int, int] | None:
        return (NAVEL.x_mm, NAVEL.y_mm, NAVEL.radius_mm) if self.region == "abdomen" else None

    @property
    def zoom_ids(self) -> str:
        return " ".join(zoom.id for zoom in self.zooms)

    @property
    def zoom_split(self) -> int:
        """Frame x at which a tap on the overview opens the second zoom instead."""
        return NAVEL.x_mm

    @property
    def grid(self) -> str:
        """Lines every 2 cm across the frame, for judging a spot when enlarged."""
        across = "".join(f"M{x} 0V{self.height}" for x in range(20, self.width, 20))
        down = "".join(f"M0 {y}H{self.width}" for y in range(20, self.height, 20))
        return across + down

    def on_view(self, x_mm: float, y_mm: float) -> tuple[float, float]:
        """Where a point of the frame is drawn on the view."""
        across = self.width - x_mm if self.mirrored else x_mm
        return self.x + across, self.y + y_mm

    def span(self, x_from: float, x_to: float) -> tuple[float, float, float, float]:
        """The box on the view of the frame's strip from x_from to x_to."""
        (a, top), (b, bottom) = self.on_view(x_from, 0), self.on_view(x_to, self.height)
        return min(a, b), top, max(a, b), bottom

    def edge_words(self, x_from: int, x_to: int) -> tuple[str, str]:
        """What lies at frame x = x_from and at x = x_to."""
        if self.region != "abdomen":
            return str(SIDE_WORDS[self.region][0]), str(SIDE_WORDS[self.region][1])
        left, right = ABDOMEN_SIDES[self.seen_by_self]
        start = str(left) if x_from == 0 else _("navel")
        end = str(right) if x_to == self.width else _("navel")
        return start, end

    @property
    def top_word(self) -> str:
        return str(END_WORDS[self.region][0])

    @property
    def bottom_word(self) -> str:
        return str(END_WORDS[self.region][1])


# What lies beyond each edge of a region, in the words of its enlarged view.
SIDE_WORDS = {  # x = 0, x = width
    "thigh": (gettext_lazy("inner edge"), gettext_lazy("outer edge")),
    "upper_arm": (gettext_lazy("inner edge"), gettext_lazy("outer edge")),
    "buttock": (gettext_lazy("spine"), gettext_lazy("hip")),
}
ABDOMEN_SIDES = {  # seen by the patient, seen by someone else
    True: (gettext_lazy("your left side"), gettext_lazy("your right side")),
    False: (gettext_lazy("their left side"), gettext_lazy("their right side")),
}
END_WORDS = {  # top, bottom
    "abdomen": (gettext_lazy("ribs"), gettext_lazy("groin")),
    "thigh": (gettext_lazy("hip"), gettext_lazy("knee")),
    "upper_arm": (gettext_lazy("shoulder"), gettext_lazy("elbow")),
    "buttock": (gettext_lazy("waist"), gettext_lazy("lower buttock")),
}
HALVES = (gettext_lazy("left of the navel"), gettext_lazy("right of the navel"))
CAPTIONS = {  # (view, seen by the patient)
    ("front", True): gettext_lazy("As you look down at yourself: your left is on the left"),
    ("back", True): gettext_lazy("Seen from behind: your left is on the left"),
    ("front", False): gettext_lazy("Facing them: their left is on your right"),
    ("back", False): gettext_lazy("As you stand behind them: their left is on your left"),
}


@dataclass
class View:
    name: str
    title: str
    caption: str
    width: int
    height: int
    body: Body
    regions: list[RegionShape] = field(default_factory=list)

    @property
    def marks(self) -> list[Mark]:
        return [mark for region in self.regions for mark in region.marks]

    @property
    def described(self) -> list[Mark]:
        """The marks in the order the text alternative says them."""
        return sorted(self.marks, key=lambda mark: MARK_ORDER.index(mark.kind))

    @property
    def zooms(self) -> list[Zoom]:
        return [zoom for _kind, zoom in self.menu if _kind == "zoom"]

    @property
    def menu(self) -> list[tuple[str, object]]:
        """What the view's list offers, in the order the screen shows it: each allowed
        region (or half of the abdomen) to enlarge, and together the regions that are
        not available, to say why."""
        items, unavailable = [], []
        for region in sorted(self.regions, key=lambda r: (r.y, r.x)):
            if not region.allowed:
                unavailable.append(region)
                continue
            zooms = sorted(region.zooms, key=lambda z: region.span(z.x_from, z.x_to)[0])
            items += [("zoom", zoom) for zoom in zooms]
        return items + ([("unavailable", unavailable)] if unavailable else [])


def _shape(region: str, side: str, *, left_on_left: bool, administered_by, seen_by_self):
    _view, inner, top = PLACEMENT[region]
    width, height = REGIONS[region].width_mm, REGIONS[region].height_mm
    if inner is None:  # the abdomen, centred; x runs from the patient's left
        x, mirrored = MIDLINE - width // 2, not left_on_left
    elif (side == "left") == left_on_left:  # on the screen's left: the inner edge on its right
        x, mirrored = MIDLINE - inner - width, True
    else:
        x, mirrored = MIDLINE + inner, False
    return RegionShape(
        region=region,
        side=side,
        label=str(REGION_SIDE_LABELS[(region, side)]),
        x=x,
        y=top,
        width=width,
        height=height,
        allowed=may_inject(region, administered_by),
        mirrored=mirrored,
        seen_by_self=seen_by_self,
    )


def _zooms(shape: RegionShape) -> list[Zoom]:
    if shape.region != "abdomen":
        return [Zoom(f"bm-zoom-{shape.slug}", shape, capfirst(shape.label), 0, shape.width)]
    return [
        Zoom(
            f"bm-zoom-abdomen-{half}",
            shape,
            _("%(region)s, %(part)s") % {"region": capfirst(shape.label), "part": part},
            x_from,
            x_to,
            part=str(part),
        )
        for half, part, (x_from, x_to) in zip(
            ("left", "right"), HALVES, ABDOMEN_HALVES, strict=True
        )
    ]


def _sentence(site: Site, what: str) -> str:
    return _("%(place)s, %(where)s: %(what)s.") % {
        "place": capfirst(place(site)),
        "where": where(site),
        "what": what,
    }


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
    seen_by: str | None = None,
) -> list[View]:
    """The front and back views with their regions and marks. Regions the administrator
    may not use are shown as not available. `seen_by` is who looks at the body (by
    default whoever injects): the patient sees their left on the left; someone else
    faces them, and sees their left on the right of the front view."""
    seen_by_self = (seen_by or administered_by) == Administrator.SELF
    views = {
        name: View(
            name,
            title,
            str(CAPTIONS[(name, seen_by_self)]),
            VIEW_WIDTH,
            VIEW_HEIGHT,
            BODIES[name],
        )
        for name, title in (
            ("front", pgettext("the body seen from", "Front")),
            ("back", pgettext("the body seen from", "Back")),
        )
    }
    shapes = {}
    for region, (view, _inner, _top) in PLACEMENT.items():
        left_on_left = view == "back" or seen_by_self
        for side in REGIONS[region].sides:
            shape = _shape(
                region,
                side,
                left_on_left=left_on_left,
                administered_by=administered_by,
                seen_by_self=seen_by_self,
            )
            if shape.allowed:
                shape.zooms = _zooms(shape)
            views[view].regions.append(shape)
            shapes[(region, side)] = shape

    def mark(site: Site, label: str, kind: str, words: str, **options) -> None:
        shapes[site.region_side].marks.append(
            Mark(site.x_mm, site.y_mm, label, kind, words=words, **options)
        )

    for zone in avoid_zones:
        label = zone_label(zone.kind)
        around = _("%(radius)s cm around") % {"radius": format_cm(zone.radius_mm)}
        words = _sentence(zone.centre, f"{label}, {around}")
        mark(zone.centre, label, "avoid", words, radius=zone.radius_mm)
    for injection in recent:
        days = (at - injection.at).days
        label = injection_phrase(injection.at, at, tz)
        mark(
            injection.site,
            label,
            "recent",
            _sentence(injection.site, label),
            opacity=round(max(0.25, 1 - days / FADE_DAYS), 2),
            place=place(injection.site),
        )
    for injection in unhealed:
        label = _("site reaction not yet healed")
        mark(
            injection.site,
            label,
            "unhealed",
            _sentence(injection.site, label),
            radius=25,
            place=place(injection.site),
        )
    for number, suggestion in enumerate(suggestions, start=1):
        words = _sentence(suggestion.site, _("suggested spot %(number)s") % {"number": number})
        mark(suggestion.site, suggestion.reason, "suggestion", words, number=number)
    if chosen is not None:
        label = _("your chosen spot: %(site)s") % {"site": spot(chosen)}
        mark(chosen, label, "chosen", _sentence(chosen, _("your chosen spot")))
        for zoom in shapes[chosen.region_side].zooms:
            zoom.open = zoom.holds(chosen.x_mm)  # the page shows the spot just picked, enlarged
    return list(views.values())
