"""Where the body map draws regions and marks (injections/web/pages/bodymap.py)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string

from injections.reading.sites import SuggestedSite
from injections.rules.geometry import REGIONS, Site
from injections.rules.sites import AvoidZone, PastInjection
from injections.web.pages.bodymap import body_map
from injections.web.pages.silhouette import MIDLINE, body_outline
from tests.views.pages import document

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
WHO = ["self", "caregiver", "clinician"]


def regions(views) -> dict:
    return {(r.region, r.side): r for view in views for r in view.regions}


def inside(polygon, x, y) -> bool:
    """Whether a point lies inside a polygon (even-odd rule)."""
    result = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            result = not result
    return result


# --- Geometry ---------------------------------------------------------------------


@pytest.mark.parametrize("who", WHO)
def test_every_region_keeps_its_size_fits_its_view_and_overlaps_no_other(who):
    for view in body_map(administered_by=who, at=NOW):
        for region in view.regions:
            shape = REGIONS[region.region]
            assert (region.width, region.height) == (shape.width_mm, shape.height_mm)
            x0, y0, x1, y1 = region.box
            assert 0 <= x0 and x1 <= view.width and 0 <= y0 and y1 <= view.height
        for a in view.regions:
            for b in view.regions:
                if a is not b:
                    (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.box, b.box
                    apart = ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0
                    assert apart, f"{a.key} overlaps {b.key} on the {view.name}"


def test_every_region_lies_on_the_body():
    parts = body_outline()
    for region in regions(body_map(administered_by="caregiver", at=NOW)).values():
        x0, y0, x1, y1 = region.box
        part = parts["trunk"] if region.region != "upper_arm" else parts[f"arm_{region.side}"]
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            assert inside(part, *corner), f"{region.key}'s corner {corner} is off the body"


def test_each_region_is_on_its_view_the_thighs_and_abdomen_in_front():
    front, back = body_map(administered_by="caregiver", at=NOW)
    assert {r.key for r in front.regions} == {"abdomen", "thigh:left", "thigh:right"}
    assert {r.key for r in back.regions} == {
        "upper_arm:left", "upper_arm:right", "buttock:left", "buttock:right",
    }  # fmt: skip
    abdomen, thigh = regions([front])[("abdomen", "")], regions([front])[("thigh", "left")]
    assert abdomen.box[3] < thigh.box[1]  # the belly above the legs
    assert abdomen.on_view(120, 80)[0] == MIDLINE  # the navel on the midline


def test_a_thigh_point_is_drawn_from_the_thighs_inner_edge_on_either_side():
    shapes = regions(body_map(administered_by="self", at=NOW))
    left, right = shapes[("thigh", "left")], shapes[("thigh", "right")]
    # The patient's left is on the screen's left: the left thigh's inner edge, nearer
    # the midline, is its right-hand side, and the right thigh's its left-hand side.
    assert left.box[2] < MIDLINE < right.box[0]
    (left_x, left_y), (right_x, right_y) = left.on_view(20, 50), right.on_view(20, 50)
    assert left_x == left.box[2] - 20
    assert right_x == right.box[0] + 20
    assert MIDLINE - left_x == right_x - MIDLINE  # mirror images
    assert left_y == right_y == left.box[1] + 50
    assert left.mirrored and not right.mirrored
    assert left.transform == f"translate({left.box[2]} {left.box[1]}) scale(-1 1)"
    assert right.transform == f"translate({right.box[0]} {right.box[1]})"


def test_facing_the_patient_their_left_is_on_the_right_of_the_front_only():
    shapes = regions(body_map(administered_by="caregiver", at=NOW))
    left, right = shapes[("thigh", "left")], shapes[("thigh", "right")]
    assert right.box[2] < MIDLINE < left.box[0]
    assert left.on_view(20, 0)[0] == left.box[0] + 20  # still 2 cm from the inner edge
    assert right.on_view(20, 0)[0] == right.box[2] - 20
    abdomen = shapes[("abdomen", "")]
    assert abdomen.on_view(0, 0)[0] == abdomen.box[2]  # their left side on the right
    # From behind, their left is on the left, as for the patient.
    arm = shapes[("upper_arm", "left")]
    assert arm.box[2] < MIDLINE and arm.on_view(0, 0)[0] == arm.box[2]


def test_the_patient_sees_the_abdomen_from_their_left_on_the_left():
    abdomen = regions(body_map(administered_by="self", at=NOW))[("abdomen", "")]
    assert not abdomen.mirrored
    assert abdomen.on_view(0, 0) == (abdomen.box[0], abdomen.box[1])


def test_the_patient_marking_an_area_sees_their_own_left_on_the_left():
    shapes = regions(body_map(administered_by="caregiver", seen_by="self", at=NOW))
    assert shapes[("thigh", "left")].box[2] < MIDLINE
    assert all(shape.allowed for shape in shapes.values())


# --- Who may inject where, and the captions --------------------------------------


def test_the_back_regions_are_unavailable_when_the_patient_injects():
    front, back = body_map(administered_by="self", at=NOW)
    assert all(region.allowed for region in front.regions)
    assert not any(region.allowed for region in back.regions)
    assert back.zooms == []  # nothing there opens
    [(kind, unavailable)] = back.menu
    assert kind == "unavailable" and len(unavailable) == 4


def test_someone_else_may_use_every_region():
    views = body_map(administered_by="caregiver", at=NOW)
    assert all(region.allowed for view in views for region in view.regions)


def test_the_caption_follows_who_injects():
    front, back = body_map(administered_by="self", at=NOW)
    assert front.caption == "As you look down at yourself: your left is on the left"
    front, back = body_map(administered_by="clinician", at=NOW)
    assert front.caption == "Facing them: their left is on your right"
    assert back.caption == "As you stand behind them: their left is on your left"


# --- Enlarged regions -------------------------------------------------------------


def test_the_abdomen_opens_one_half_at_a_time_in_the_order_the_screen_shows():
    front, _back = body_map(administered_by="self", at=NOW)
    labels = [zoom.label for zoom in front.zooms]
    assert labels == [
        "Abdomen, left of the navel",
        "Abdomen, right of the navel",
        "Thigh left",
        "Thigh right",
    ]
    left_half = front.zooms[0]
    assert (left_half.x_from, left_half.x_to) == (0, 130)
    assert left_half.edges == ("your left side", "navel")
    front, _back = body_map(administered_by="caregiver", at=NOW)
    assert [zoom.label for zoom in front.zooms][:2] == [
        "Abdomen, right of the navel",
        "Abdomen, left of the navel",
    ]
    assert front.zooms[1].edges == ("navel", "their left side")


def test_an_enlarged_thigh_says_which_edge_is_inner_as_drawn():
    front, _back = body_map(administered_by="self", at=NOW)
    zooms = {zoom.id: zoom for zoom in front.zooms}
    assert zooms["bm-zoom-thigh-left"].edges == ("outer edge", "inner edge")
    assert zooms["bm-zoom-thigh-right"].edges == ("inner edge", "outer edge")
    assert zooms["bm-zoom-thigh-left"].region.top_word == "hip"
    assert zooms["bm-zoom-thigh-left"].region.bottom_word == "knee"


def test_an_enlarged_region_is_drawn_at_least_20_px_a_cm_even_on_a_360_px_phone():
    phone = 360 - 2 * 18  # the page's padding: 1rem of 18 px either side
    for view in body_map(administered_by="caregiver", at=NOW):
        for zoom in view.zooms:
            width_mm = float(zoom.view_box.split()[2])
            assert min(zoom.width_px, phone) / width_mm * 10 >= 20, zoom.label


def test_a_chosen_spot_opens_its_region_enlarged():
    front, _back = body_map(administered_by="self", at=NOW, chosen=Site("abdomen", "", 200, 60))
    assert [zoom.label for zoom in front.zooms if zoom.open] == ["Abdomen, right of the navel"]


# --- Marks ------------------------------------------------------------------------


def test_a_mark_is_kept_in_its_regions_own_frame():
    site = Site("thigh", "right", 30, 40)
    [front, _back] = body_map(
        administered_by="self", at=NOW, recent=[PastInjection(site, NOW - timedelta(days=7))]
    )
    [mark] = front.marks
    assert (mark.x, mark.y, mark.kind) == (30, 40, "recent")
    assert mark.opacity == 0.75  # 7 of 28 days faded
    assert mark in regions([front])[("thigh", "right")].marks


def test_old_marks_fade_but_never_vanish():
    site = Site("abdomen", "", 30, 30)
    [front, _back] = body_map(
        administered_by="self", at=NOW, recent=[PastInjection(site, NOW - timedelta(days=27))]
    )
    assert front.marks[0].opacity == 0.25


def test_suggestions_are_numbered_and_zones_keep_their_radius():
    arm = Site("upper_arm", "left", 40, 60)
    views = body_map(
        administered_by="caregiver",
        at=NOW,
        suggestions=[SuggestedSite(arm, "upper arm left: not used yet")],
        avoid_zones=[AvoidZone(Site("abdomen", "", 30, 30), 15, "vein")],
        chosen=arm,
    )
    marks = {mark.kind: mark for view in views for mark in view.marks}
    assert marks["suggestion"].number == 1
    assert marks["avoid"].radius == 15
    assert "upper arm left" in marks["chosen"].label
    [arm_zoom] = [
        zoom for view in views for zoom in view.zooms if zoom.region.key == "upper_arm:left"
    ]
    assert arm_zoom.suggestion == 1


def render(views, form_id="pick-form"):
    return document(
        render_to_string("injections/_bodymap.html", {"views": views, "form_id": form_id})
    )


def test_marks_at_a_regions_corner_are_drawn_inside_it_and_clipped_to_it():
    corner = Site("thigh", "left", 120, 200)
    views = body_map(
        administered_by="self",
        at=NOW,
        recent=[PastInjection(corner, NOW - timedelta(days=1))],
        unhealed=[PastInjection(corner, NOW - timedelta(days=1), reaction_unresolved=True)],
        chosen=corner,
    )
    [mark, *_others] = regions(views)[("thigh", "left")].marks
    assert (mark.x, mark.y) == (120, 200)  # the frame's corner: within 0..120, 0..200
    page = render(views)
    clip = page.find("clippath", id="bm-clip-thigh-left").find("rect")
    assert (clip.get("width"), clip.get("height")) == ("120", "200")
    groups = page.find_all("g", clip_path="url(#bm-clip-thigh-left)")
    assert len(groups) == 2  # the overview's and the enlarged thigh's
    for group in groups:
        region = [g for g in page.iter() if group in g.children][0]
        assert region.get("transform") == regions(views)[("thigh", "left")].transform
        drawn = group.find_all("circle") + group.find_all("g", class_="mark-chosen")
        assert len(drawn) >= 3  # recent, unhealed, chosen: every one inside the clip


def test_no_word_is_drawn_as_svg_text():
    views = body_map(administered_by="caregiver", at=NOW)
    assert render(views).find_all("text") == []


def test_the_text_alternative_says_each_injection_where_and_when_once():
    yesterday = PastInjection(Site("thigh", "left", 100, 100), NOW - timedelta(days=1))
    views = body_map(
        administered_by="self",
        at=NOW,
        recent=[yesterday],
        suggestions=[SuggestedSite(Site("thigh", "right", 60, 100), "thigh right: not used yet")],
    )
    page = render(views)
    description = page.find(id="map-front-desc").text
    assert "Thigh left, outer side, halfway down: yesterday's injection at 08:00." in description
    assert "Thigh right, front, halfway down: suggested spot 1." in description
    back = page.find(id="map-back-desc").text
    assert "Upper arm left (only when someone else injects)." in back
    # Said once: the enlarged drawings are hidden from assistive technology.
    zooms = page.find_all("svg", class_="bodymap-zoom-svg")
    assert zooms and all(svg.get("aria-hidden") == "true" for svg in zooms)
    assert all(svg.find_all("title") == [] for svg in zooms)


def test_only_the_enlarged_regions_pick_a_spot_and_the_overview_opens_them():
    page = render(body_map(administered_by="self", at=NOW))
    overview = page.find("svg", class_="bodymap-svg")
    assert overview.find_all("g", data_place=True) == []
    abdomen = overview.find("g", data_zooms="bm-zoom-abdomen-left bm-zoom-abdomen-right")
    assert abdomen.get("data-zoom-split") == "120"
    places = [g.get("data-place") for g in page.find_all("g", data_place=True)]
    assert places == ["abdomen", "abdomen", "thigh:left", "thigh:right"]
    buttons = page.find_all("button", data_zoom=True)
    assert [b.get("aria-controls") for b in buttons] == [b.get("data-zoom") for b in buttons]
    assert all(b.get("aria-expanded") == "false" for b in buttons)
    # A map that fills no form (the clinic's) opens regions but picks nothing.
    assert (
        render(body_map(administered_by="self", at=NOW), form_id="").find_all("g", data_place=True)
        == []
    )
