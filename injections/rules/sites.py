"""The site rules and site suggestions (DESIGN §4).

Pure functions over plain data: the caller passes the patient's injections (every
medication, voided records left out), the avoid zones active at the instant, the
regimen's spacing settings and the instant itself. They answer with codes and
numbers; `text.flags` and `text.sites` put them in words.
"""

import math
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import takewhile

from .flags import Flag, Violation
from .geometry import (
    REGIONS,
    Administrator,
    Site,
    distance_mm,
    is_inside,
    may_inject,
    region_sides_for,
)

# An area to avoid reaches at least this far from its centre (DESIGN §4: radius >= 0.5 cm).
MIN_AVOID_RADIUS_MM = 5


@dataclass(frozen=True)
class PastInjection:
    site: Site
    at: datetime
    reaction_unresolved: bool = False
    dose_id: int | None = None  # the stored record it came from, if any
    site_checked: bool = False  # how the site looked afterwards is recorded


@dataclass(frozen=True)
class AvoidZone:
    """An area the patient marked to keep away from: centre and radius (>= 5 mm)."""

    centre: Site
    radius_mm: int
    kind: str = ""  # vein, scar, tattoo, bruise, other


@dataclass(frozen=True)
class SpacingRules:
    min_spacing_mm: int = 25
    site_rest_days: int = 14
    suggestion_memory_days: int = 28


def strictest_spacing(running: Iterable[SpacingRules]) -> SpacingRules:
    """The spacing of the regimens running on a day: rotation counts every injection
    of every medication, so the widest spacing and longest rest win; the defaults
    when none runs."""
    running = list(running)
    if not running:
        return SpacingRules()
    return SpacingRules(
        min_spacing_mm=max(r.min_spacing_mm for r in running),
        site_rest_days=max(r.site_rest_days for r in running),
    )


@dataclass(frozen=True)
class Suggestion:
    site: Site
    last_used: datetime | None  # the latest injection on its region-side, if any


@dataclass(frozen=True)
class _Context:
    """What every candidate point is checked against, sorted out once per request and
    grouped by region-side: a point is only ever near what lies on its own."""

    at: datetime
    spacing: dict[tuple[str, str], list[PastInjection]]  # the previous and rest-period ones
    reactions: dict[tuple[str, str], list[PastInjection]]
    avoid_zones: dict[tuple[str, str], list[AvoidZone]]
    rules: SpacingRules


def _by_region_side[T](items: Iterable[T], site_of) -> dict[tuple[str, str], list[T]]:
    grouped: dict[tuple[str, str], list[T]] = {}
    for item in items:
        grouped.setdefault(site_of(item).region_side, []).append(item)
    return grouped


def _context(at, history, avoid_zones, rules) -> _Context:
    past = [injection for injection in history if injection.at < at]
    rest_from = at - timedelta(days=rules.site_rest_days)
    spacing = [injection for injection in past if injection.at >= rest_from]
    if past:
        previous = max(past, key=lambda injection: injection.at)
        if previous not in spacing:
            spacing.append(previous)
    return _Context(
        at=at,
        spacing=_by_region_side(spacing, lambda injection: injection.site),
        reactions=_by_region_side(
            (injection for injection in past if injection.reaction_unresolved),
            lambda injection: injection.site,
        ),
        avoid_zones=_by_region_side(avoid_zones, lambda zone: zone.centre),
        rules=rules,
    )


def _nearest(site: Site, injections: Iterable[PastInjection]):
    """(distance, injection) of the nearest injection on the same region-side, or None.
    (`distance_mm`, written out: the suggestion search asks this of every point.)"""
    best = None
    region, side, x, y = site.region, site.side, site.x_mm, site.y_mm
    for injection in injections:
        other = injection.site
        if other.region != region or other.side != side:
            continue
        distance = math.hypot(x - other.x_mm, y - other.y_mm)
        if best is None or distance < best[0]:
            best = (distance, injection)
    return best


def _broken(site: Site, administered_by, context: _Context) -> list[Violation]:
    """The rules `site` breaks (the suggestion search asks this of hundreds of points)."""
    limit = context.rules.min_spacing_mm
    found = []
    if not may_inject(site.region, administered_by):
        found.append(Violation(Flag.REGION_NOT_ALLOWED))
    if not is_inside(site):
        found.append(Violation(Flag.OUTSIDE_REGION))
    here = site.region_side
    nearest = _nearest(site, context.spacing.get(here, ()))
    if nearest and nearest[0] < limit:
        found.append(Violation(Flag.TOO_CLOSE, closest=nearest[1], distance_mm=nearest[0]))
    for zone in context.avoid_zones.get(here, ()):
        distance = distance_mm(site, zone.centre)
        if distance is not None and distance < zone.radius_mm:
            found.append(Violation(Flag.AVOID_ZONE, distance_mm=distance, zone=zone))
            break
    reaction = _nearest(site, context.reactions.get(here, ()))
    if reaction and reaction[0] < limit:
        found.append(
            Violation(Flag.UNRESOLVED_REACTION, closest=reaction[1], distance_mm=reaction[0])
        )
    return found


def check_site(
    site: Site,
    *,
    at: datetime,
    administered_by: Administrator | str,
    history: Iterable[PastInjection],
    avoid_zones: Iterable[AvoidZone] = (),
    rules: SpacingRules = SpacingRules(),
) -> list[Violation]:
    """Every hard rule of DESIGN §4 that `site` breaks at `at`; empty when it is fine.

    Only injections strictly before `at` count.
    """
    return _broken(site, administered_by, _context(at, history, avoid_zones, rules))


def suggest_sites(
    *,
    at: datetime,
    administered_by: Administrator | str,
    history: Sequence[PastInjection],
    avoid_zones: Iterable[AvoidZone] = (),
    rules: SpacingRules = SpacingRules(),
    count: int = 3,
) -> list[Suggestion]:
    """The best point of each of the first `count` usable region-sides (DESIGN §4).

    Region-sides are ranked least recently used first (never used is oldest, ties in
    the order of REGION_SIDES). In each, candidates are the whole-centimetre points
    that pass every hard rule; the best is the one with the largest clearance
    (`clearance_mm`); ties go to the smaller y, then the smaller x.
    """
    context = _context(at, history, avoid_zones, rules)
    past = [injection for injection in history if injection.at < at]
    last_used: dict[tuple[str, str], datetime] = {}
    for injection in past:
        key = injection.site.region_side
        if key not in last_used or injection.at > last_used[key]:
            last_used[key] = injection.at
    memory_from = at - timedelta(days=rules.suggestion_memory_days)
    recent = [injection.site for injection in past if injection.at >= memory_from]

    order = region_sides_for(administered_by)
    # Never used ranks as oldest: False sorts before True.
    ranked = sorted(order, key=lambda rs: (rs in last_used, last_used.get(rs, at), order.index(rs)))
    suggestions = []
    for region_side in ranked:
        site = _best_point(region_side, administered_by, context, recent)
        if site is not None:
            suggestions.append(Suggestion(site, last_used.get(region_side)))
            if len(suggestions) == count:
                break
    return suggestions


def clearance_mm(
    site: Site, *, avoid_zones: Iterable[AvoidZone] = (), recent: Iterable[Site] = ()
) -> float:
    """How much room a point has (DESIGN §4): the smallest of its distances to the
    region's four edges, to the edge of each excluded disc and of each avoid zone on
    its region-side, and to each recent injection on its region-side. A point on an
    edge has none; the middle of an empty region has the most."""
    region = REGIONS[site.region]
    x, y = site.x_mm, site.y_mm
    room = min(x, region.width_mm - x, y, region.height_mm - y)
    for disc in region.exclusions:
        room = min(room, math.hypot(x - disc.x_mm, y - disc.y_mm) - disc.radius_mm)
    for zone in avoid_zones:
        distance = distance_mm(site, zone.centre)
        if distance is not None:
            room = min(room, distance - zone.radius_mm)
    for other in recent:  # distance_mm, written out as in _nearest
        if other.region == site.region and other.side == site.side:
            room = min(room, math.hypot(x - other.x_mm, y - other.y_mm))
    return room


def _best_point(region_side, administered_by, context, recent) -> Site | None:
    region_name, side = region_side
    region = REGIONS[region_name]
    here = [site for site in recent if site.region_side == region_side]
    zones = context.avoid_zones.get(region_side, [])
    best_key, best_site = None, None
    for y in range(0, region.height_mm + 1, 10):
        for x in range(0, region.width_mm + 1, 10):
            site = Site(region_name, side, x, y)
            if _broken(site, administered_by, context):
                continue
            # The most room first: negate so that smaller sorts first.
            key = (-clearance_mm(site, avoid_zones=zones, recent=here), y, x)
            if best_key is None or key < best_key:
                best_key, best_site = key, site
    return best_site


class RestWindow:
    """The injections the spacing rule can see at a moving instant t, kept up as t
    advances: those of the last `rest_days` before t and the latest one before them
    (the "previous injection" of DESIGN §4 when none is recent), as `check_site`
    selects them. For walking a long history in time order: ask for instants in
    increasing order."""

    def __init__(self, existing: Iterable[PastInjection], rest_days: int):
        self.pending = deque(sorted(existing, key=lambda injection: injection.at))
        self.window: deque[PastInjection] = deque()
        self.rest = timedelta(days=rest_days)

    def at(self, t: datetime) -> list[PastInjection]:
        while self.pending and self.pending[0].at < t:
            self.window.append(self.pending.popleft())
        rest_from = t - self.rest
        before = [injection.at for injection in takewhile(lambda i: i.at < rest_from, self.window)]
        # Keep the latest of them (all of them, if several share its instant).
        while before and self.window[0].at < before[-1]:
            self.window.popleft()
        return list(self.window)

    def add(self, injection: PastInjection) -> None:
        """An injection at or after the last instant asked for."""
        while self.pending and self.pending[0].at <= injection.at:
            self.window.append(self.pending.popleft())
        self.window.append(injection)
