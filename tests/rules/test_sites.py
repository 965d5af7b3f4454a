"""The hard site rules and the site suggestions (DESIGN §4).

Unless a test says otherwise the instant is Friday 20 November 2026, 08:00 UTC, and
messages are read in Europe/London (GMT then, so local times equal UTC; before
25 October London is on BST, UTC+1).
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from injections.rules.flags import Flag as Rule
from injections.rules.geometry import REGION_SIDES, REGIONS, Site, region_sides_for
from injections.rules.sites import (
    AvoidZone,
    PastInjection,
    SpacingRules,
    check_site,
    clearance_mm,
    suggest_sites,
)
from injections.text.flags import site_problems
from injections.text.sites import suggestion_reason

AT = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def injection(region, side, x_mm, y_mm, *, ago=timedelta(days=1), unresolved=False):
    return PastInjection(Site(region, side, x_mm, y_mm), AT - ago, reaction_unresolved=unresolved)


def days(n):
    return timedelta(days=n)


DEFAULT_RULES = SpacingRules()


@dataclass(frozen=True)
class Told:
    """A broken rule as the check-in tells it: the rule's answer and its words."""

    code: Rule
    message: str
    closest: PastInjection | None
    distance_mm: float | None


def check(site, *, history=(), by="self", zones=(), rules=DEFAULT_RULES, at=AT, tz=LONDON):
    violations = check_site(
        site, at=at, administered_by=by, history=history, avoid_zones=zones, rules=rules
    )
    return [
        Told(p.code, p.message, p.violation.closest, p.violation.distance_mm)
        for p in site_problems(violations, site, at=at, rules=rules, tz=tz)
    ]


def codes(violations):
    return [violation.code for violation in violations]


def suggest(*, history=(), by="self", zones=(), at=AT, tz=LONDON, count=3):
    suggestions = suggest_sites(
        at=at, administered_by=by, history=history, avoid_zones=zones, count=count
    )
    return [
        (s.site.region, s.site.side, s.site.x_mm, s.site.y_mm,
         suggestion_reason(s, at=at, tz=tz))
        for s in suggestions
    ]  # fmt: skip


# region_not_allowed


@pytest.mark.parametrize("region", ["upper_arm", "buttock"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_a_patient_may_not_inject_their_own_arms_or_buttocks(region, side):
    violations = check(Site(region, side, 40, 50), by="self")
    assert codes(violations) == [Rule.REGION_NOT_ALLOWED]


def test_region_not_allowed_names_the_place_in_words():
    [violation] = check(Site("upper_arm", "left", 40, 60), by="self")
    assert violation.code == "region_not_allowed"
    assert violation.message == "upper arm left is only for when someone else gives the injection"


@pytest.mark.parametrize("region", ["upper_arm", "buttock"])
@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("by", ["caregiver", "clinician"])
def test_someone_else_may_inject_arms_and_buttocks(region, side, by):
    assert check(Site(region, side, 40, 50), by=by) == []


@pytest.mark.parametrize(
    "site",
    [Site("abdomen", "", 120, 30), Site("thigh", "left", 60, 100), Site("thigh", "right", 0, 0)],
)
def test_a_patient_may_inject_their_abdomen_and_thighs(site):
    assert check(site, by="self") == []


# outside_region


@pytest.mark.parametrize(("x_mm", "y_mm"), [(121, 100), (-1, 100), (60, 201), (60, -1), (200, 300)])
def test_a_point_beyond_the_thigh_is_outside_the_region(x_mm, y_mm):
    [violation] = check(Site("thigh", "left", x_mm, y_mm))
    assert violation.code == "outside_region"
    assert violation.message == "outside the thigh left area, which is 12 by 20 cm"


@pytest.mark.parametrize(("x_mm", "y_mm"), [(120, 200), (0, 0), (120, 0), (0, 200)])
def test_a_point_on_the_edge_of_the_thigh_is_inside_the_region(x_mm, y_mm):
    assert check(Site("thigh", "left", x_mm, y_mm)) == []


def test_a_point_beyond_the_abdomen_says_how_big_the_abdomen_is():
    [violation] = check(Site("abdomen", "", 241, 80))
    assert violation.code == "outside_region"
    assert violation.message == "outside the abdomen area, which is 24 by 16 cm"


def test_a_point_4_9_cm_from_the_navel_is_refused_as_too_near_the_navel():
    [violation] = check(Site("abdomen", "", 120, 31))
    assert violation.code == "outside_region"
    assert violation.message == "too near the navel: keep at least 5 cm away from it"


def test_a_point_exactly_5_cm_from_the_navel_is_accepted():
    assert check(Site("abdomen", "", 120, 30)) == []
    assert check(Site("abdomen", "", 150, 40)) == []


# too_close


def test_exactly_2_5_cm_from_the_previous_injection_passes():
    history = [injection("thigh", "left", 60, 100)]
    assert check(Site("thigh", "left", 60, 125), history=history) == []
    assert check(Site("thigh", "left", 75, 120), history=history) == []  # 15-20-25


def test_2_4_cm_from_the_previous_injection_is_too_close():
    previous = injection("thigh", "left", 60, 100)
    [violation] = check(Site("thigh", "left", 60, 124), history=[previous])
    assert violation.code == "too_close"
    assert violation.closest == previous
    assert violation.distance_mm == 24
    assert violation.message == ("2.4 cm from yesterday's injection at 08:00; keep at least 2.5 cm")


def test_the_too_close_message_gives_the_distance_to_a_tenth_of_a_cm():
    history = [injection("thigh", "left", 60, 100)]
    [violation] = check(Site("thigh", "left", 70, 110), history=history)
    assert violation.distance_mm == pytest.approx(14.142, abs=0.001)
    assert violation.message == ("1.4 cm from yesterday's injection at 08:00; keep at least 2.5 cm")


def test_a_distance_just_under_the_limit_is_never_shown_as_the_limit():
    # 18-17 gives 24.76 mm: rounded it would read "2.5 cm ...; keep at least 2.5 cm".
    history = [injection("thigh", "left", 60, 100)]
    [violation] = check(Site("thigh", "left", 78, 117), history=history)
    assert violation.code == "too_close"
    assert violation.distance_mm == pytest.approx(math.sqrt(613))
    assert violation.message.startswith("2.4 cm from yesterday's injection")


def test_the_previous_injection_counts_even_when_older_than_the_rest_days():
    previous = injection("thigh", "left", 60, 100, ago=days(30))
    [violation] = check(Site("thigh", "left", 60, 110), history=[previous])
    assert violation.code == "too_close"
    assert violation.closest == previous
    # 21 October 08:00 UTC is 09:00 in London (BST).
    assert violation.message == (
        "1 cm from the injection of Wed 21 Oct 09:00; keep at least 2.5 cm"
    )


def test_an_injection_in_the_rest_days_counts_even_when_it_is_not_the_previous_one():
    earlier = injection("thigh", "left", 60, 100, ago=days(13))
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    [violation] = check(Site("thigh", "left", 60, 110), history=[earlier, previous])
    assert violation.code == "too_close"
    assert violation.closest == earlier


def test_an_injection_exactly_at_the_start_of_the_rest_days_counts():
    earlier = injection("thigh", "left", 60, 100, ago=days(14))
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    assert codes(check(Site("thigh", "left", 60, 110), history=[earlier, previous])) == [
        Rule.TOO_CLOSE
    ]


def test_an_injection_older_than_the_rest_days_that_is_not_the_previous_one_does_not_count():
    older = injection("thigh", "left", 60, 100, ago=days(14) + timedelta(seconds=1))
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    assert check(Site("thigh", "left", 60, 110), history=[older, previous]) == []


def test_an_old_injection_does_not_count_once_the_previous_one_is_elsewhere():
    # The previous injection is on the other thigh: it cannot be close, and an older
    # one on this thigh outside the rest days does not count either.
    older = injection("thigh", "left", 60, 100, ago=days(20))
    previous = injection("thigh", "right", 60, 110, ago=days(1))
    assert check(Site("thigh", "left", 60, 110), history=[older, previous]) == []


@pytest.mark.parametrize(
    "elsewhere",
    [
        Site("thigh", "right", 60, 100),
        Site("abdomen", "", 60, 100),
        Site("buttock", "left", 60, 100),
    ],
)
def test_an_injection_on_another_region_or_side_is_never_close(elsewhere):
    history = [PastInjection(elsewhere, AT - days(1))]
    assert check(Site("thigh", "left", 60, 100), history=history) == []


def test_too_close_names_the_closest_injection_and_its_distance():
    farther = injection("thigh", "left", 60, 100, ago=days(2))  # 18 mm away
    previous = injection("thigh", "left", 60, 130, ago=days(1))  # 12 mm away
    closest = injection("thigh", "left", 70, 118, ago=days(3))  # 10 mm away
    [violation] = check(Site("thigh", "left", 60, 118), history=[farther, previous, closest])
    assert violation.code == "too_close"
    assert violation.closest == closest
    assert violation.distance_mm == 10
    assert violation.message == ("1 cm from Tuesday's injection at 08:00; keep at least 2.5 cm")


def test_an_injection_at_the_very_instant_does_not_count():
    same_instant = injection("thigh", "left", 60, 100, ago=timedelta(0))
    assert check(Site("thigh", "left", 60, 100), history=[same_instant]) == []


def test_an_injection_after_the_instant_does_not_count():
    later = injection("thigh", "left", 60, 100, ago=-timedelta(hours=1))
    assert check(Site("thigh", "left", 60, 100), history=[later]) == []


def test_an_injection_a_second_before_the_instant_counts():
    just_before = injection("thigh", "left", 60, 100, ago=timedelta(seconds=1))
    assert codes(check(Site("thigh", "left", 60, 100), history=[just_before])) == [Rule.TOO_CLOSE]


def test_a_later_injection_does_not_hide_the_previous_one():
    # The newest record is after `at`, so the previous injection is the one before it.
    previous = injection("thigh", "left", 60, 100, ago=days(30))
    later = injection("abdomen", "", 120, 30, ago=-days(1))
    [violation] = check(Site("thigh", "left", 60, 110), history=[previous, later])
    assert violation.closest == previous


def test_a_wider_min_spacing_is_obeyed():
    rules = SpacingRules(min_spacing_mm=30)
    history = [injection("thigh", "left", 60, 100)]
    [violation] = check(Site("thigh", "left", 60, 125), history=history, rules=rules)
    assert violation.code == "too_close"
    assert violation.message == ("2.5 cm from yesterday's injection at 08:00; keep at least 3 cm")
    assert check(Site("thigh", "left", 60, 130), history=history, rules=rules) == []


def test_shorter_rest_days_let_an_older_injection_go():
    earlier = injection("thigh", "left", 60, 100, ago=days(10))
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    site = Site("thigh", "left", 60, 110)
    assert check(site, history=[earlier, previous], rules=SpacingRules(site_rest_days=7)) == []
    assert codes(check(site, history=[earlier, previous])) == [Rule.TOO_CLOSE]


def test_shorter_rest_days_still_count_an_injection_inside_them():
    earlier = injection("thigh", "left", 60, 100, ago=days(6))
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    site = Site("thigh", "left", 60, 110)
    rules = SpacingRules(site_rest_days=7)
    assert codes(check(site, history=[earlier, previous], rules=rules)) == [Rule.TOO_CLOSE]


# avoid_zone


def vein(radius_mm=10, label="vein", side="left"):
    return AvoidZone(Site("thigh", side, 60, 100), radius_mm, label)


@pytest.mark.parametrize("y_mm", [100, 105, 109])
def test_a_point_inside_an_avoid_zone_is_refused(y_mm):
    [violation] = check(Site("thigh", "left", 60, y_mm), zones=[vein()])
    assert violation.code == "avoid_zone"
    assert violation.message == "inside an area marked to avoid (vein)"


@pytest.mark.parametrize(("x_mm", "y_mm"), [(60, 110), (66, 108), (60, 150)])
def test_a_point_on_or_beyond_the_edge_of_an_avoid_zone_passes(x_mm, y_mm):
    assert check(Site("thigh", "left", x_mm, y_mm), zones=[vein()]) == []


def test_an_avoid_zone_on_the_other_side_is_ignored():
    assert check(Site("thigh", "left", 60, 100), zones=[vein(side="right")]) == []


def test_an_avoid_zone_without_a_label_says_so():
    [violation] = check(Site("thigh", "left", 60, 100), zones=[vein(label="")])
    assert violation.message == "inside an area marked to avoid (no label)"


def test_overlapping_avoid_zones_are_reported_once():
    zones = [vein(label="vein"), vein(radius_mm=30, label="scar")]
    assert codes(check(Site("thigh", "left", 60, 100), zones=zones)) == [Rule.AVOID_ZONE]


# unresolved_reaction


def test_an_old_unresolved_reaction_still_blocks_within_2_5_cm():
    reaction = injection("thigh", "left", 60, 100, ago=days(40), unresolved=True)
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    [violation] = check(Site("thigh", "left", 60, 110), history=[reaction, previous])
    assert violation.code == "unresolved_reaction"
    assert violation.closest == reaction
    assert violation.distance_mm == 10
    # 11 October 08:00 UTC is 09:00 in London (BST).
    assert violation.message == (
        "1 cm from the injection of Sun 11 Oct 09:00, whose site reaction has not healed; "
        "keep at least 2.5 cm"
    )


def test_a_resolved_reaction_does_not_block():
    resolved = injection("thigh", "left", 60, 100, ago=days(40), unresolved=False)
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    assert check(Site("thigh", "left", 60, 110), history=[resolved, previous]) == []


def test_exactly_2_5_cm_from_an_unresolved_reaction_passes_and_2_4_cm_fails():
    reaction = injection("thigh", "left", 60, 100, ago=days(40), unresolved=True)
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    history = [reaction, previous]
    assert check(Site("thigh", "left", 60, 125), history=history) == []
    assert codes(check(Site("thigh", "left", 60, 124), history=history)) == [
        Rule.UNRESOLVED_REACTION
    ]


def test_an_unresolved_reaction_on_the_other_side_does_not_block():
    reaction = injection("thigh", "right", 60, 100, ago=days(40), unresolved=True)
    assert check(Site("thigh", "left", 60, 100), history=[reaction]) == []


def test_an_unresolved_reaction_recorded_after_the_instant_does_not_block():
    later = injection("thigh", "left", 60, 100, ago=-days(1), unresolved=True)
    assert check(Site("thigh", "left", 60, 100), history=[later]) == []


def test_the_nearest_unresolved_reaction_is_named():
    near = injection("thigh", "left", 60, 112, ago=days(50), unresolved=True)
    far = injection("thigh", "left", 60, 80, ago=days(40), unresolved=True)
    previous = injection("abdomen", "", 120, 30, ago=days(1))
    [violation] = check(Site("thigh", "left", 60, 100), history=[far, near, previous])
    assert violation.closest == near
    assert violation.distance_mm == 12


def test_a_recent_unresolved_reaction_is_both_too_close_and_unresolved():
    previous = injection("thigh", "left", 60, 100, ago=days(1), unresolved=True)
    violations = check(Site("thigh", "left", 60, 110), history=[previous])
    assert codes(violations) == [Rule.TOO_CLOSE, Rule.UNRESOLVED_REACTION]
    assert all("1 cm from yesterday's injection at 08:00" in v.message for v in violations)


# several rules at once


def test_every_broken_rule_is_reported_together_in_the_order_of_the_design():
    # A patient aims 5 mm beyond the edge of their own upper arm, next to yesterday's
    # unhealed injection there, inside a marked bruise.
    history = [injection("upper_arm", "left", 80, 60, ago=days(1), unresolved=True)]
    zones = [AvoidZone(Site("upper_arm", "left", 80, 60), 10, "bruise")]
    violations = check(Site("upper_arm", "left", 85, 60), history=history, zones=zones)
    assert codes(violations) == [
        "region_not_allowed",
        "outside_region",
        "too_close",
        "avoid_zone",
        "unresolved_reaction",
    ]
    assert [v.message for v in violations] == [
        "upper arm left is only for when someone else gives the injection",
        "outside the upper arm left area, which is 8 by 12 cm",
        "0.5 cm from yesterday's injection at 08:00; keep at least 2.5 cm",
        "inside an area marked to avoid (bruise)",
        "0.5 cm from yesterday's injection at 08:00, whose site reaction has not healed; "
        "keep at least 2.5 cm",
    ]


def test_a_caregiver_at_the_same_spot_breaks_every_rule_but_the_region_one():
    history = [injection("upper_arm", "left", 80, 60, ago=days(1), unresolved=True)]
    zones = [AvoidZone(Site("upper_arm", "left", 80, 60), 10, "bruise")]
    violations = check(
        Site("upper_arm", "left", 85, 60), history=history, zones=zones, by="caregiver"
    )
    assert codes(violations) == [
        "outside_region",
        "too_close",
        "avoid_zone",
        "unresolved_reaction",
    ]


def test_messages_name_times_in_the_given_time_zone():
    history = [injection("thigh", "left", 60, 100)]
    [violation] = check(Site("thigh", "left", 60, 110), history=history, tz=ZoneInfo("Asia/Tokyo"))
    assert violation.message == ("1 cm from yesterday's injection at 17:00; keep at least 2.5 cm")


# suggestions


def not_used_yet(region, side, x_mm, y_mm, label):
    return (region, side, x_mm, y_mm, f"{label}: not used yet")


# An empty region is entered where it has the most room (DESIGN §4). The navel's
# disc fills the abdomen's middle: (4, 4) is 4 cm from the left and top edges and
# 3.9 cm from the disc, more room than any other point. On a 12 cm wide thigh every
# point of the middle line from y = 6 to 14 is 6 cm from its nearest edge: the
# smaller y wins. Likewise (4, 4) on an 8 x 12 arm and (5, 5) on a 12 x 10 buttock.
ABDOMEN_FRESH = not_used_yet("abdomen", "", 40, 40, "abdomen")
THIGH_LEFT_FRESH = not_used_yet("thigh", "left", 60, 60, "thigh left")
THIGH_RIGHT_FRESH = not_used_yet("thigh", "right", 60, 60, "thigh right")
UPPER_ARM_LEFT_FRESH = not_used_yet("upper_arm", "left", 40, 40, "upper arm left")
UPPER_ARM_RIGHT_FRESH = not_used_yet("upper_arm", "right", 40, 40, "upper arm right")
BUTTOCK_LEFT_FRESH = not_used_yet("buttock", "left", 50, 50, "buttock left")
BUTTOCK_RIGHT_FRESH = not_used_yet("buttock", "right", 50, 50, "buttock right")


def test_with_no_history_a_patient_is_offered_the_abdomen_then_each_thigh():
    assert suggest() == [ABDOMEN_FRESH, THIGH_LEFT_FRESH, THIGH_RIGHT_FRESH]


def test_the_first_abdomen_suggestion_keeps_clear_of_the_navel_margin():
    # The old rule offered (12, 3): exactly on the navel's 5 cm line.
    site = Site("abdomen", "", 40, 40)
    assert clearance_mm(site) == pytest.approx(math.hypot(80, 40) - 50)
    assert clearance_mm(Site("abdomen", "", 120, 30)) == 0


def test_clearance_is_the_distance_to_the_nearest_edge_disc_zone_or_recent_injection():
    site = Site("thigh", "left", 60, 60)
    assert clearance_mm(site) == 60
    assert clearance_mm(site, recent=[Site("thigh", "left", 60, 90)]) == 30
    # Other region-sides are never close.
    assert clearance_mm(site, recent=[Site("thigh", "right", 60, 60)]) == 60
    zone = AvoidZone(Site("thigh", "left", 60, 100), 25, "vein")
    assert clearance_mm(site, avoid_zones=[zone]) == 15
    assert clearance_mm(Site("thigh", "left", 0, 60)) == 0


def test_after_the_first_injection_the_next_goes_into_the_largest_gap():
    history = [injection("thigh", "left", 60, 60, ago=days(2))]
    # (6, 12) is the first point with 6 cm to both sides and to the injection at
    # (6, 6), and 8 cm to the knee's edge.
    assert suggest(history=history)[2][:4] == ("thigh", "left", 60, 120)


def test_the_navel_margin_pushes_the_spot_away():
    # Without the disc the abdomen's best point would be its middle (12, 8).
    [abdomen] = [s for s in suggest() if s[0] == "abdomen"]
    assert math.hypot(abdomen[2] - 120, abdomen[3] - 80) > 50 + 30


def test_an_avoid_zone_pushes_the_spot_away_from_its_edge():
    zones = [AvoidZone(Site("thigh", "left", 60, 60), 10, "bruise")]
    thigh = suggest(zones=zones)[1]
    assert thigh[:2] == ("thigh", "left")
    assert math.hypot(thigh[2] - 60, thigh[3] - 60) - 10 >= 50


def test_with_no_history_a_caregiver_sees_every_region_side_in_the_tie_break_order():
    assert suggest(by="caregiver", count=7) == [
        ABDOMEN_FRESH,
        THIGH_LEFT_FRESH,
        THIGH_RIGHT_FRESH,
        UPPER_ARM_LEFT_FRESH,
        UPPER_ARM_RIGHT_FRESH,
        BUTTOCK_LEFT_FRESH,
        BUTTOCK_RIGHT_FRESH,
    ]


def test_three_suggestions_are_given_by_default():
    assert suggest(by="clinician") == [ABDOMEN_FRESH, THIGH_LEFT_FRESH, THIGH_RIGHT_FRESH]


def test_a_patient_never_gets_arms_or_buttocks_however_many_are_asked_for():
    assert suggest(by="self", count=7) == [ABDOMEN_FRESH, THIGH_LEFT_FRESH, THIGH_RIGHT_FRESH]


BUSY_ABDOMEN = [
    injection("thigh", "right", 30, 50, ago=days(9)),
    injection("thigh", "left", 60, 100, ago=days(3)),
    injection("abdomen", "", 200, 80, ago=days(2)),
    injection("abdomen", "", 30, 80, ago=days(1)),
    # Older than the 28 days remembered: it must not pull the abdomen point away.
    injection("abdomen", "", 110, 0, ago=days(30)),
]


def test_a_busy_abdomen_ranks_the_thighs_first_least_recently_used_first():
    assert suggest(history=BUSY_ABDOMEN) == [
        # 6 cm from both sides and 6.7 cm from (3, 5); at y 10 it would be 5.8 cm.
        ("thigh", "right", 60, 110, "thigh right: last used 9 days ago"),
        # 5 cm from the inner and top edges and 5.1 cm from (6, 10); (7, 5) ties
        # and the smaller x wins.
        ("thigh", "left", 50, 50, "thigh left: last used 3 days ago"),
        # 4.1 cm from (3, 8): the navel's 3.9 cm still limits it.
        ("abdomen", "", 40, 40, "abdomen: last used 1 day ago"),
    ]


def test_fewer_suggestions_can_be_asked_for():
    assert [s[:2] for s in suggest(history=BUSY_ABDOMEN, count=2)] == [
        ("thigh", "right"),
        ("thigh", "left"),
    ]


CAREGIVER_HISTORY = [
    injection("abdomen", "", 120, 30, ago=days(1)),
    injection("thigh", "left", 60, 100, ago=days(2)),
    injection("thigh", "right", 60, 100, ago=days(3)),
]


def test_a_caregiver_is_offered_the_unused_arms_and_buttocks_first():
    assert suggest(history=CAREGIVER_HISTORY, by="caregiver") == [
        UPPER_ARM_LEFT_FRESH,
        UPPER_ARM_RIGHT_FRESH,
        BUTTOCK_LEFT_FRESH,
    ]


def test_the_same_history_gives_a_patient_only_their_own_regions():
    assert suggest(history=CAREGIVER_HISTORY, by="self") == [
        # 5 cm from the edges and 5.1 cm from the injection at (6, 10).
        ("thigh", "right", 50, 50, "thigh right: last used 3 days ago"),
        ("thigh", "left", 50, 50, "thigh left: last used 2 days ago"),
        # The injection at (12, 3) is 8.1 cm away; the navel's margin limits it.
        ("abdomen", "", 40, 40, "abdomen: last used 1 day ago"),
    ]


def test_the_best_abdomen_point_is_never_inside_the_navel_disc():
    # Injections in the four corners: the edges and the disc limit the room more.
    history = [
        injection("abdomen", "", 0, 0, ago=days(20)),
        injection("abdomen", "", 240, 0, ago=days(21)),
        injection("abdomen", "", 0, 160, ago=days(22)),
        injection("abdomen", "", 240, 160, ago=days(23)),
    ]
    assert suggest(history=history)[2] == ("abdomen", "", 40, 40, "abdomen: last used 20 days ago")


@pytest.mark.parametrize(
    "points",
    [
        [(0, 80), (240, 80), (120, 0), (120, 160)],
        [(60, 40), (180, 40), (60, 120), (180, 120)],
        [(120, 20), (120, 140)],
        [(60, 80), (180, 80)],
    ],
)
def test_no_suggestion_is_strictly_inside_the_navel_disc(points):
    history = [injection("abdomen", "", x, y, ago=days(15 + i)) for i, (x, y) in enumerate(points)]
    [abdomen] = [s for s in suggest(history=history) if s[0] == "abdomen"]
    assert math.hypot(abdomen[2] - 120, abdomen[3] - 80) >= 50


def test_region_sides_used_at_the_same_instant_keep_the_tie_break_order():
    history = [
        injection("thigh", "right", 60, 100, ago=days(5)),
        injection("thigh", "left", 60, 100, ago=days(5)),
        injection("abdomen", "", 120, 30, ago=days(1)),
    ]
    assert [s[:2] for s in suggest(history=history)] == [
        ("thigh", "left"),
        ("thigh", "right"),
        ("abdomen", ""),
    ]


def test_a_region_side_with_no_candidate_is_skipped():
    # A zone of radius 12 cm at the thigh's centre covers it all (corners: 11.7 cm).
    zones = [AvoidZone(Site("thigh", "left", 60, 100), 120, "eczema")]
    assert suggest(zones=zones) == [ABDOMEN_FRESH, THIGH_RIGHT_FRESH]
    assert suggest(zones=zones, by="caregiver") == [
        ABDOMEN_FRESH,
        THIGH_RIGHT_FRESH,
        UPPER_ARM_LEFT_FRESH,
    ]


def test_a_suggestion_keeps_2_5_cm_from_an_unresolved_reaction():
    # The reaction (40 days ago, outside the 28 days remembered) sits where the
    # fresh thigh's best point (6, 6) would be; the next best with 6 cm of edge
    # room, (6, 9), is 3 cm from it.
    history = [injection("thigh", "left", 60, 60, ago=days(40), unresolved=True)]
    assert suggest(history=history)[2] == (
        "thigh",
        "left",
        60,
        90,
        "thigh left: last used 40 days ago",
    )


def test_a_suggestion_keeps_clear_of_an_avoid_zone():
    # A zone of 2.5 cm at (6, 10) leaves (6, 6) only 1.5 cm; (4, 4) has 4 cm to the
    # inner and top edges and 3.8 cm to the zone's edge, the most of any point.
    zones = [AvoidZone(Site("thigh", "left", 60, 100), 25, "tattoo")]
    best = suggest(zones=zones)[1]
    assert best == ("thigh", "left", 40, 40, "thigh left: not used yet")
    assert clearance_mm(Site("thigh", "left", 40, 40), avoid_zones=zones) == pytest.approx(
        math.hypot(20, 60) - 25
    )


def test_every_suggestion_passes_every_hard_rule():
    for history, by in [
        (BUSY_ABDOMEN, "self"),
        (CAREGIVER_HISTORY, "caregiver"),
        ((), "clinician"),
    ]:
        suggestions = suggest_sites(at=AT, administered_by=by, history=history, count=7)
        assert suggestions
        for suggestion in suggestions:
            assert check(suggestion.site, history=history, by=by) == []


def test_an_injection_at_the_very_instant_does_not_count_for_suggestions():
    history = [injection("thigh", "left", 60, 100, ago=timedelta(0))]
    assert suggest(history=history) == [ABDOMEN_FRESH, THIGH_LEFT_FRESH, THIGH_RIGHT_FRESH]


def test_the_reason_counts_the_days_since_last_use():
    history = [injection("thigh", "left", 60, 100, ago=days(9))]
    assert suggest(history=history)[2][4] == "thigh left: last used 9 days ago"


def test_the_reason_says_1_day_in_the_singular():
    history = [injection("thigh", "left", 60, 100, ago=days(1))]
    assert suggest(history=history)[2][4] == "thigh left: last used 1 day ago"


def test_the_reason_says_today_for_an_injection_earlier_the_same_day():
    history = [injection("thigh", "left", 60, 100, ago=timedelta(hours=2))]
    assert suggest(history=history)[2] == ("thigh", "left", 50, 50, "thigh left: last used today")


@pytest.mark.parametrize(
    ("zone", "reason"),
    [
        # 23:00 UTC on the 19th and 01:00 UTC on the 20th.
        ("Europe/London", "thigh left: last used 1 day ago"),
        ("Asia/Tokyo", "thigh left: last used today"),  # 08:00 and 10:00 on the 20th
        ("America/New_York", "thigh left: last used today"),  # 18:00 and 20:00 on the 19th
    ],
)
def test_the_reason_counts_calendar_days_in_the_given_time_zone(zone, reason):
    at = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    history = [
        PastInjection(Site("thigh", "left", 60, 100), datetime(2026, 11, 19, 23, 0, tzinfo=UTC))
    ]
    assert suggest(history=history, at=at, tz=ZoneInfo(zone))[2][4] == reason


def test_the_reason_counts_calendar_days_not_periods_of_24_hours():
    at = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    history = [PastInjection(Site("thigh", "left", 60, 100), at - timedelta(hours=26))]
    assert suggest(history=history, at=at)[2][4] == "thigh left: last used 2 days ago"


def _on_edge(site: Site) -> bool:
    region = REGIONS[site.region]
    return site.x_mm in (0, region.width_mm) or site.y_mm in (0, region.height_mm)


def follow_the_first_suggestion(days_: int, who_injects) -> list[PastInjection]:
    """Every day at 08:00 the first suggestion is taken, as a patient who trusts the
    app would; `who_injects(day)` says who gives that day's dose."""
    history: list[PastInjection] = []
    start = AT - days(days_)
    for day in range(days_):
        at = start + days(day)
        by = who_injects(day)
        first = suggest_sites(at=at, administered_by=by, history=history, count=1)[0]
        assert check_site(first.site, at=at, administered_by=by, history=history) == []
        history.append(PastInjection(first.site, at))
    return history


@pytest.mark.parametrize(
    ("who_injects", "allowed"),
    [
        (lambda day: "self", region_sides_for("self")),
        (lambda day: "caregiver", region_sides_for("caregiver")),
        (lambda day: ("self", "caregiver")[day % 2], region_sides_for("caregiver")),
    ],
    ids=["self", "caregiver", "alternating"],
)
def test_ninety_days_of_first_suggestions_break_no_rule_and_never_touch_an_edge(
    who_injects, allowed
):
    history = follow_the_first_suggestion(90, who_injects)
    sites = [injection.site for injection in history]
    assert [site for site in sites if _on_edge(site)] == []
    # Well inside: at least 2 cm from every edge and from the navel's disc.
    assert min(clearance_mm(site) for site in sites) >= 20
    assert {site.region_side for site in sites} == set(allowed)


@pytest.mark.parametrize("seed", range(20))
def test_a_suggestion_is_never_on_an_edge_while_an_inner_point_passes(seed):
    rng = random.Random(seed)
    history = []
    for _ in range(rng.randint(1, 30)):
        region, side = rng.choice(REGION_SIDES)
        shape = REGIONS[region]
        x, y = rng.randrange(0, shape.width_mm + 1, 10), rng.randrange(0, shape.height_mm + 1, 10)
        history.append(injection(region, side, x, y, ago=timedelta(hours=rng.randint(1, 27 * 24))))
    for suggestion in suggest_sites(at=AT, administered_by="caregiver", history=history, count=7):
        if not _on_edge(suggestion.site):
            continue
        region = REGIONS[suggestion.site.region]
        inner = [
            Site(suggestion.site.region, suggestion.site.side, x, y)
            for x in range(10, region.width_mm, 10)
            for y in range(10, region.height_mm, 10)
        ]
        assert all(
            check_site(s, at=AT, administered_by="caregiver", history=history) for s in inner
        )
