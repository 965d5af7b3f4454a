"""Body regions, coordinates and who may inject where (DESIGN §3)."""

import math

import pytest

from injections.rules.geometry import (
    Administrator,
    Site,
    distance_mm,
    format_cm,
    is_inside,
    may_inject,
    parse_cm,
    region_sides_for,
)
from injections.rules.invalid import Invalid
from injections.text.invalid import explain
from injections.text.places import place, spot

# The table of DESIGN §3, written out by hand: region, sides, width and height in mm.
REGION_TABLE = [
    ("abdomen", "", 240, 160),
    ("thigh", "left", 120, 200),
    ("thigh", "right", 120, 200),
    ("upper_arm", "left", 80, 120),
    ("upper_arm", "right", 80, 120),
    ("buttock", "left", 120, 100),
    ("buttock", "right", 120, 100),
]


def points_on_the_edges(width, height):
    """Points on each edge of the region, all far from the navel."""
    return [(0, 0), (width, 0), (0, height), (width, height), (0, 10), (width, 10)]


@pytest.mark.parametrize(("region", "side", "width", "height"), REGION_TABLE)
def test_the_corners_and_edges_of_every_region_are_inside(region, side, width, height):
    for x, y in points_on_the_edges(width, height):
        assert is_inside(Site(region, side, x, y)), (x, y)


@pytest.mark.parametrize(("region", "side", "width", "height"), REGION_TABLE)
def test_one_millimetre_beyond_any_edge_of_every_region_is_outside(region, side, width, height):
    beyond = [(-1, 10), (width + 1, 10), (10, -1), (10, height + 1)]
    for x, y in beyond:
        assert not is_inside(Site(region, side, x, y)), (x, y)


@pytest.mark.parametrize(("region", "side", "width", "height"), REGION_TABLE)
def test_one_millimetre_inside_every_edge_is_inside(region, side, width, height):
    within = [(1, 10), (width - 1, 10), (10, 1), (10, height - 1)]
    for x, y in within:
        assert is_inside(Site(region, side, x, y)), (x, y)


@pytest.mark.parametrize(
    ("x_mm", "y_mm"),
    [(120, 30), (120, 130), (70, 80), (170, 80), (150, 40), (90, 120)],
)
def test_a_point_on_the_navel_circle_is_inside(x_mm, y_mm):
    # Each point is exactly 5 cm from the navel at (12, 8): 3-4-5 triangles included.
    assert math.hypot(x_mm - 120, y_mm - 80) == 50
    assert is_inside(Site("abdomen", "", x_mm, y_mm))


@pytest.mark.parametrize(
    ("x_mm", "y_mm"),
    [(120, 31), (120, 129), (71, 80), (169, 80), (120, 80), (150, 41)],
)
def test_a_point_strictly_inside_the_navel_disc_is_not_inside(x_mm, y_mm):
    assert is_inside(Site("abdomen", "", x_mm, y_mm)) is False


def test_a_point_at_4_9_cm_from_the_navel_is_not_inside():
    assert is_inside(Site("abdomen", "", 120, 80 - 49)) is False


def test_only_the_abdomen_has_an_excluded_disc():
    # The same coordinates as the navel are fine on a thigh or a buttock.
    assert is_inside(Site("thigh", "left", 120, 80))
    assert is_inside(Site("buttock", "right", 120, 80))


def test_the_distance_between_two_points_of_a_region_side_is_a_straight_line():
    assert distance_mm(Site("thigh", "left", 0, 0), Site("thigh", "left", 30, 40)) == 50
    assert distance_mm(Site("abdomen", "", 10, 10), Site("abdomen", "", 10, 10)) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (Site("thigh", "left", 60, 100), Site("thigh", "right", 60, 100)),
        (Site("upper_arm", "left", 40, 60), Site("upper_arm", "right", 40, 60)),
        (Site("thigh", "left", 60, 100), Site("buttock", "left", 60, 100)),
        (Site("abdomen", "", 60, 100), Site("thigh", "left", 60, 100)),
    ],
)
def test_the_distance_between_different_regions_or_sides_is_none(a, b):
    assert distance_mm(a, b) is None
    assert distance_mm(b, a) is None


@pytest.mark.parametrize(
    ("text", "mm"),
    [
        ("3.5", 35),
        ("3", 30),
        ("0", 0),
        ("0.1", 1),
        ("24", 240),
        (" 12.0 ", 120),
        (3.5, 35),
        (12, 120),
    ],
)
def test_parse_cm_reads_centimetres_with_at_most_one_decimal(text, mm):
    assert parse_cm(text) == mm


@pytest.mark.parametrize("text", ["3.25", "3.", ".5", "3,5", "abc", "", "1e2", "3.5 cm", "2.5.1"])
def test_parse_cm_refuses_anything_else_with_a_clear_message(text):
    with pytest.raises(Invalid) as refused:
        parse_cm(text)
    assert "at most one decimal" in explain(refused.value)


@pytest.mark.parametrize(
    ("mm", "text"),
    [(35, "3.5"), (30, "3"), (0, "0"), (5, "0.5"), (240, "24"), (14.142, "1.4"), (25, "2.5")],
)
def test_format_cm_writes_at_most_one_decimal(mm, text):
    assert format_cm(mm) == text


@pytest.mark.parametrize("mm", [0, 1, 35, 99, 240])
def test_format_cm_and_parse_cm_round_trip(mm):
    assert parse_cm(format_cm(mm)) == mm


@pytest.mark.parametrize("region", ["abdomen", "thigh"])
@pytest.mark.parametrize("administered_by", ["self", "caregiver", "clinician"])
def test_anyone_may_inject_the_abdomen_and_thighs(region, administered_by):
    assert may_inject(region, administered_by)


@pytest.mark.parametrize("region", ["upper_arm", "buttock"])
def test_a_patient_may_not_inject_their_own_arms_or_buttocks(region):
    assert may_inject(region, "self") is False
    assert may_inject(region, Administrator.SELF) is False


@pytest.mark.parametrize("region", ["upper_arm", "buttock"])
@pytest.mark.parametrize("administered_by", [Administrator.CAREGIVER, "caregiver", "clinician"])
def test_someone_else_may_inject_arms_and_buttocks(region, administered_by):
    assert may_inject(region, administered_by)


def test_region_sides_for_a_patient_are_the_abdomen_and_thighs_in_order():
    assert region_sides_for("self") == [("abdomen", ""), ("thigh", "left"), ("thigh", "right")]


@pytest.mark.parametrize("administered_by", ["caregiver", "clinician"])
def test_region_sides_for_someone_else_are_all_seven_in_the_tie_break_order(administered_by):
    assert region_sides_for(administered_by) == [
        ("abdomen", ""),
        ("thigh", "left"),
        ("thigh", "right"),
        ("upper_arm", "left"),
        ("upper_arm", "right"),
        ("buttock", "left"),
        ("buttock", "right"),
    ]


@pytest.mark.parametrize("region", ["leg", "Abdomen", "", "upper arm"])
def test_a_site_rejects_an_unknown_region(region):
    with pytest.raises(Invalid) as refused:
        Site(region, "left", 10, 10)
    assert "unknown region" in explain(refused.value)


@pytest.mark.parametrize("side", ["left", "right", "middle"])
def test_a_site_on_the_abdomen_rejects_a_side(side):
    with pytest.raises(Invalid) as refused:
        Site("abdomen", side, 10, 10)
    assert "the abdomen has no side" in explain(refused.value)


@pytest.mark.parametrize("region", ["thigh", "upper_arm", "buttock"])
@pytest.mark.parametrize("side", ["", "middle", "Left"])
def test_a_site_on_a_paired_region_needs_left_or_right(region, side):
    with pytest.raises(Invalid) as refused:
        Site(region, side, 10, 10)
    assert "needs a side: left or right" in explain(refused.value)


def test_a_site_describes_itself_in_centimetres():
    assert spot(Site("thigh", "left", 35, 100)) == "thigh left at 3.5, 10 cm"
    assert spot(Site("abdomen", "", 120, 30)) == "abdomen at 12, 3 cm"
    assert place(Site("upper_arm", "right", 5, 0)) == "upper arm right"
