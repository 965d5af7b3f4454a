"""Where the body map draws regions and marks (injections/bodymap.py)."""

from datetime import UTC, datetime, timedelta

from injections.reading.sites import SuggestedSite
from injections.rules.geometry import REGIONS, Site
from injections.rules.sites import AvoidZone, PastInjection
from injections.web.pages.bodymap import LAYOUT, VIEW_SIZE, body_map

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_every_region_fits_inside_its_view_without_overlapping_another():
    boxes = {}
    for (region, side), (view, x, y) in LAYOUT.items():
        width, height = REGIONS[region].width_mm, REGIONS[region].height_mm
        view_width, view_height = VIEW_SIZE[view]
        assert 0 <= x and x + width <= view_width and 0 <= y and y + height <= view_height
        boxes[(region, side)] = (view, x, y, x + width, y + height)
    for a, (view_a, *box_a) in boxes.items():
        for b, (view_b, *box_b) in boxes.items():
            if a < b and view_a == view_b:
                apart = (box_a[2] <= box_b[0] or box_b[2] <= box_a[0]
                         or box_a[3] <= box_b[1] or box_b[3] <= box_a[1])  # fmt: skip
                assert apart, f"{a} overlaps {b}"


def test_the_back_regions_are_unavailable_when_the_patient_injects():
    views = {view.name: view for view in body_map(administered_by="self", at=NOW)}
    assert all(region.allowed for region in views["front"].regions)
    assert not any(region.allowed for region in views["back"].regions)


def test_someone_else_may_use_every_region():
    views = body_map(administered_by="caregiver", at=NOW)
    assert all(region.allowed for view in views for region in view.regions)


def test_a_mark_is_drawn_at_its_region_origin_plus_its_coordinates():
    site = Site("thigh", "right", 30, 40)
    [front, _back] = body_map(
        administered_by="self", at=NOW, recent=[PastInjection(site, NOW - timedelta(days=7))]
    )
    [mark] = front.marks
    _view, x0, y0 = LAYOUT[("thigh", "right")]
    assert (mark.x, mark.y, mark.kind) == (x0 + 30, y0 + 40, "recent")
    assert mark.opacity == 0.75  # 7 of 28 days faded


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
