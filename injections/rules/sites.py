"""The site rules and site suggestions (DESIGN §4).

Pure functions over plain data: the caller passes the patient's injections (every
medication, voided records left out), the avoid zones active at the instant, the
regimen's spacing settings and the instant itself.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .geometry import (
    REGION_SIDE_LABELS,
    REGIONS,
    Administrator,
    Site,
    distance_mm,
    format_cm,
    is_inside,
    may_inject,
    region_sides_for,
)


class Rule(StrEnum):
    REGION_NOT_ALLOWED = "region_not_allowed"
    OUTSIDE_REGION = "outside_region"
    TOO_CLOSE = "too_close"
    AVOID_ZONE = "avoid_zone"
    UNRESOLVED_REACTION = "unresolved_reaction"


@dataclass(frozen=True)
class PastInjection:
    site: Site
    at: datetime
    reaction_unresolved: bool = False
    dose_id: int | None = None  # the stored record it came from, if any


@dataclass(frozen=True)
class AvoidZone:
    """An area the patient marked to keep away from: centre and radius (>= 5 mm)."""

    centre: Site
    radius_mm: int
    label: str = ""


@dataclass(frozen=True)
class SpacingRules:
    min_spacing_mm: int = 25
    site_rest_days: int = 14
    suggestion_memory_days: int = 28


@dataclass(frozen=True)
class Violation:
    code: Rule
    message: str
    closest: PastInjection | None = None
    distance_mm: float | None = None


@dataclass(frozen=True)
class Suggestion:
    site: Site
    reason: str


@dataclass(frozen=True)
class _Context:
    """What every candidate point is checked against, sorted out once per request."""

    at: datetime
    spacing: list[PastInjection]  # the previous injection and the rest-period ones
    reactions: list[PastInjection]
    avoid_zones: list[AvoidZone]
    rules: SpacingRules


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
        spacing=spacing,
        reactions=[injection for injection in past if injection.reaction_unresolved],
        avoid_zones=list(avoid_zones),
        rules=rules,
    )


def _nearest(site: Site, injections: Iterable[PastInjection]):
    """(distance, injection) of the nearest injection on the same region-side, or None."""
    best = None
    for injection in injections:
        distance = distance_mm(site, injection.site)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, injection)
    return best


def injection_phrase(instant: datetime, at: datetime, tz: tzinfo) -> str:
    """Names an injection the way a person would: "yesterday's injection at 08:05",
    "Tuesday's injection at 08:05", or with its date when older than a week."""
    local = instant.astimezone(tz)
    days = (at.astimezone(tz).date() - local.date()).days
    values = {"time": formats.time_format(local, "H:i"), "day": formats.date_format(local, "l")}
    if days == 0:
        return _("today's injection at %(time)s") % values
    if days == 1:
        return _("yesterday's injection at %(time)s") % values
    if days < 7:
        return _("%(day)s's injection at %(time)s") % values
    return _("the injection of %(date)s") % {"date": formats.date_format(local, "D j M H:i")}


def _broken(site: Site, administered_by, context: _Context) -> list[Violation]:
    """The rules `site` breaks, without their messages (the suggestion search asks this
    of hundreds of points; only `check_site` words them)."""
    limit = context.rules.min_spacing_mm
    found = []
    if not may_inject(site.region, administered_by):
        found.append(Violation(Rule.REGION_NOT_ALLOWED, ""))
    if not is_inside(site):
        found.append(Violation(Rule.OUTSIDE_REGION, ""))
    nearest = _nearest(site, context.spacing)
    if nearest and nearest[0] < limit:
        found.append(Violation(Rule.TOO_CLOSE, "", closest=nearest[1], distance_mm=nearest[0]))
    for zone in context.avoid_zones:
        distance = distance_mm(site, zone.centre)
        if distance is not None and distance < zone.radius_mm:
            found.append(Violation(Rule.AVOID_ZONE, zone.label, distance_mm=distance))
            break
    reaction = _nearest(site, context.reactions)
    if reaction and reaction[0] < limit:
        found.append(
            Violation(Rule.UNRESOLVED_REACTION, "", closest=reaction[1], distance_mm=reaction[0])
        )
    return found


def _message(
    violation: Violation, site: Site, *, at: datetime, rules: SpacingRules, tz: tzinfo
) -> str:
    region = REGIONS[site.region]
    match violation.code:
        case Rule.REGION_NOT_ALLOWED:
            return _("%(place)s is only for when someone else gives the injection") % {
                "place": site.label
            }
        case Rule.OUTSIDE_REGION if region.exclusions and _within_bounds(site):
            return _("too near the navel: keep at least 5 cm away from it")
        case Rule.OUTSIDE_REGION:
            return _("outside the %(place)s area, which is %(w)s by %(h)s cm") % {
                "place": site.label,
                "w": format_cm(region.width_mm),
                "h": format_cm(region.height_mm),
            }
        case Rule.TOO_CLOSE:
            text = _("%(distance)s cm from %(injection)s; keep at least %(limit)s cm")
        case Rule.AVOID_ZONE:
            return _("inside an area you marked to avoid (%(label)s)") % {
                "label": violation.message or _("no label")
            }
        case Rule.UNRESOLVED_REACTION:
            text = _(
                "%(distance)s cm from %(injection)s, whose site reaction has not healed; "
                "keep at least %(limit)s cm"
            )
    return text % {
        # Rounded down to the millimetre, so that a refused distance never reads as the
        # limit itself ("2.5 cm ...; keep at least 2.5 cm" for 24.8 mm).
        "distance": format_cm(math.floor(violation.distance_mm)),
        "injection": injection_phrase(violation.closest.at, at, tz),
        "limit": format_cm(rules.min_spacing_mm),
    }


def _within_bounds(site: Site) -> bool:
    region = REGIONS[site.region]
    return 0 <= site.x_mm <= region.width_mm and 0 <= site.y_mm <= region.height_mm


def check_site(
    site: Site,
    *,
    at: datetime,
    administered_by: Administrator | str,
    history: Iterable[PastInjection],
    avoid_zones: Iterable[AvoidZone] = (),
    rules: SpacingRules = SpacingRules(),
    tz: tzinfo,
) -> list[Violation]:
    """Every hard rule of DESIGN §4 that `site` breaks at `at`; empty when it is fine.

    Only injections strictly before `at` count. Messages name times in `tz`.
    """
    context = _context(at, history, avoid_zones, rules)
    return [
        replace(violation, message=_message(violation, site, at=at, rules=rules, tz=tz))
        for violation in _broken(site, administered_by, context)
    ]


def suggest_sites(
    *,
    at: datetime,
    administered_by: Administrator | str,
    history: Sequence[PastInjection],
    avoid_zones: Iterable[AvoidZone] = (),
    rules: SpacingRules = SpacingRules(),
    tz: tzinfo,
    count: int = 3,
) -> list[Suggestion]:
    """The best point of each of the first `count` usable region-sides (DESIGN §4).

    Region-sides are ranked least recently used first (never used is oldest, ties in
    the order of REGION_SIDES). In each, candidates are the whole-centimetre points
    that pass every hard rule; the best is the one farthest from the injections there
    in the last `suggestion_memory_days`, or with none, the nearest to the centre;
    ties go to the smaller y, then the smaller x.
    """
    context = _context(at, history, avoid_zones, rules)
    past = [injection for injection in history if injection.at < at]
    last_used: dict[tuple[str, str], datetime] = {}
    for injection in past:
        key = injection.site.region_side
        if key not in last_used or injection.at > last_used[key]:
            last_used[key] = injection.at
    memory_from = at - timedelta(days=rules.suggestion_memory_days)
    recent = [injection for injection in past if injection.at >= memory_from]

    order = region_sides_for(administered_by)
    # Never used ranks as oldest: False sorts before True.
    ranked = sorted(order, key=lambda rs: (rs in last_used, last_used.get(rs, at), order.index(rs)))
    suggestions = []
    for region_side in ranked:
        site = _best_point(region_side, administered_by, context, recent)
        if site is not None:
            reason = _reason(region_side, last_used.get(region_side), at, tz)
            suggestions.append(Suggestion(site, reason))
            if len(suggestions) == count:
                break
    return suggestions


def _best_point(region_side, administered_by, context, recent) -> Site | None:
    region_name, side = region_side
    region = REGIONS[region_name]
    here = [injection for injection in recent if injection.site.region_side == region_side]
    centre_x, centre_y = region.centre
    best_key, best_site = None, None
    for y in range(0, region.height_mm + 1, 10):
        for x in range(0, region.width_mm + 1, 10):
            site = Site(region_name, side, x, y)
            if _broken(site, administered_by, context):
                continue
            if here:
                # Farthest from recent use first: negate so that smaller sorts first.
                score = -min(math.hypot(x - i.site.x_mm, y - i.site.y_mm) for i in here)
            else:
                score = math.hypot(x - centre_x, y - centre_y)
            key = (score, y, x)
            if best_key is None or key < best_key:
                best_key, best_site = key, site
    return best_site


def _reason(region_side, last_used: datetime | None, at: datetime, tz: tzinfo) -> str:
    place = REGION_SIDE_LABELS[region_side]
    if last_used is None:
        return _("%(place)s: not used yet") % {"place": place}
    days = (at.astimezone(tz).date() - last_used.astimezone(tz).date()).days
    if days == 0:
        return _("%(place)s: last used today") % {"place": place}
    return ngettext(
        "%(place)s: last used %(days)d day ago",
        "%(place)s: last used %(days)d days ago",
        days,
    ) % {"place": place, "days": days}
