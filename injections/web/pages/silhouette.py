"""The person the body map is drawn on: front and back silhouettes as SVG path data,
at one unit per millimetre, with the landmarks (navel aside: it belongs to the
abdomen's region) that tell front from back: collarbones, hip bones, kneecaps,
shoulder blades, the spine and the folds of the buttocks."""

from dataclasses import dataclass

VIEW_WIDTH, VIEW_HEIGHT = 600, 1300  # mm: the head to just below the knees
MIDLINE = VIEW_WIDTH // 2

# The right half of the body, as (mm right of the midline, mm down from the top of the
# head); the left half is its mirror image. Smooth curves are drawn through the points.
HEAD = (0, 118, 72, 98)  # centre x, centre y, radii
TRUNK = (
    (30, 150), (42, 200), (48, 250), (110, 276), (190, 296), (218, 330), (190, 380),
    (170, 420), (162, 520), (146, 620), (160, 720), (185, 800), (196, 860), (190, 940),
    (178, 1040), (163, 1140), (150, 1215), (141, 1280), (146, 1350), (140, 1420),
    (48, 1420), (40, 1340), (33, 1270), (30, 1215), (24, 1150), (16, 1050), (9, 965),
    (0, 915),
)  # fmt: skip
ARM = (
    (196, 292), (244, 322), (268, 392), (280, 480), (282, 560), (278, 640), (274, 740),
    (268, 850), (276, 910), (266, 982), (242, 1004), (224, 984), (216, 912), (220, 850),
    (212, 740), (198, 640), (184, 545), (176, 460), (172, 410), (176, 350),
)  # fmt: skip
# Landmarks and the lines that tell the front from the back.
FRONT_LINES = (
    ((36, 262), (95, 268), (150, 292)),  # collarbone
    ((140, 700), (166, 740), (170, 800)),  # hip bone
)
BACK_LINES = (
    ((40, 330), (120, 345), (128, 430), (60, 470)),  # shoulder blade
    ((140, 700), (166, 740), (170, 800)),  # hip bone
    ((8, 980), (90, 1000), (170, 975)),  # fold of the buttock
)
KNEE = (90, 1215, 26, 32)  # centre x, centre y, radii of a kneecap
SPINE = (250, 900)  # from the neck to the cleft of the buttocks


def _mirror(points):
    return tuple((-x, y) for x, y in points)


def _on_view(points):
    return [(MIDLINE + x, y) for x, y in points]


def svg_number(value: float) -> str:
    return f"{round(value, 1):g}"


def smooth_path(points, *, closed: bool) -> str:
    """An SVG path through the points: a Catmull-Rom spline, written as Béziers."""
    count = len(points)

    def at(index):
        if closed:
            return points[index % count]
        return points[min(max(index, 0), count - 1)]

    d = [f"M{svg_number(points[0][0])} {svg_number(points[0][1])}"]
    for i in range(count if closed else count - 1):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = at(i - 1), at(i), at(i + 1), at(i + 2)
        c1 = (x1 + (x2 - x0) / 6, y1 + (y2 - y0) / 6)
        c2 = (x2 - (x3 - x1) / 6, y2 - (y3 - y1) / 6)
        d.append("C" + " ".join(svg_number(v) for v in (*c1, *c2, x2, y2)))
    return "".join(d) + ("Z" if closed else "")


def body_outline() -> dict[str, list[tuple[int, int]]]:
    """The silhouette's parts, on the view: the trunk with the legs, and each arm."""
    trunk = TRUNK + tuple(reversed(_mirror(TRUNK[:-1])))
    return {
        "trunk": _on_view(trunk),
        "arm_right": _on_view(ARM),
        "arm_left": _on_view(tuple(reversed(_mirror(ARM)))),
    }


@dataclass(frozen=True)
class Body:
    """The drawing of one view, as SVG path data."""

    head: tuple[int, int, int, int]
    parts: tuple[str, ...]
    lines: tuple[str, ...]
    knees: tuple[tuple[int, int, int, int], ...] = ()
    spine: str = ""


def _body(view: str) -> Body:
    outline = body_outline()
    x, y, rx, ry = HEAD
    lines = FRONT_LINES if view == "front" else BACK_LINES
    drawn = [smooth_path(_on_view(line), closed=False) for line in lines]
    drawn += [smooth_path(_on_view(_mirror(line)), closed=False) for line in lines]
    knees = ()
    if view == "front":
        kx, ky, krx, kry = KNEE
        knees = ((MIDLINE - kx, ky, krx, kry), (MIDLINE + kx, ky, krx, kry))
    spine = ""
    if view == "back":
        top, bottom = SPINE
        ticks = "".join(f"M{MIDLINE - 9} {at}h18" for at in range(top + 40, bottom - 100, 45))
        spine = f"M{MIDLINE} {top}V{bottom}{ticks}"
    return Body(
        head=(MIDLINE + x, y, rx, ry),
        parts=tuple(smooth_path(points, closed=True) for points in outline.values()),
        lines=tuple(drawn),
        knees=knees,
        spine=spine,
    )


BODIES = {view: _body(view) for view in ("front", "back")}
