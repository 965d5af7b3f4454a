"""The site rules applied to a patient's stored record (DESIGN §4)."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..models import Dose, Patient, Regimen
from ..rules.checkin import history_window
from ..rules.geometry import Administrator, Site
from ..rules.sites import AvoidZone, SpacingRules, check_site, strictest_spacing, suggest_sites
from ..text.flags import Problem, site_problems
from ..text.places import measures, where
from ..text.sites import last_used, suggestion_reason
from .facts import LoggedInjection, active_avoid_zones, past_injections
from .regimens import active_regimens, zone_of


def spacing_on(regimens: list[Regimen], day: date) -> SpacingRules:
    """The strictest spacing of the regimens running on `day` (rules.sites)."""
    return strictest_spacing(r.spacing_rules for r in regimens if r.runs_on(day))


@dataclass(frozen=True)
class SuggestedSite:
    site: Site
    reason: str  # "thigh left: last used 9 days ago"
    last_used: str = ""  # "last used 9 days ago"

    @property
    def where(self) -> str:
        """"outer side, a hand's width above the knee", without the region's name."""
        return where(self.site)

    @property
    def measures(self) -> str:
        return measures(self.site)


@dataclass(frozen=True)
class SiteContext:
    """What the site rules need to know about a patient at an instant, read once."""

    at: datetime
    history: list[LoggedInjection]
    avoid_zones: list[AvoidZone]
    rules: SpacingRules
    tz: ZoneInfo

    def problems(
        self, site: Site, administered_by: Administrator | str, *, excluding: Dose | None = None
    ) -> list[Problem]:
        """The rules `site` breaks, in words. `excluding` leaves out a record being
        corrected, which must not count against its own new position."""
        history = self.history
        if excluding is not None:
            history = [injection for injection in history if injection.dose_id != excluding.pk]
        violations = check_site(
            site,
            at=self.at,
            administered_by=administered_by,
            history=history,
            avoid_zones=self.avoid_zones,
            rules=self.rules,
        )
        return site_problems(violations, site, at=self.at, rules=self.rules, tz=self.tz)

    def suggestions(self, administered_by: Administrator | str) -> list[SuggestedSite]:
        found = suggest_sites(
            at=self.at,
            administered_by=administered_by,
            history=self.history,
            avoid_zones=self.avoid_zones,
            rules=self.rules,
        )
        return [
            SuggestedSite(
                s.site,
                suggestion_reason(s, at=self.at, tz=self.tz),
                last_used(s, at=self.at, tz=self.tz),
            )
            for s in found
        ]


def site_context(
    patient: Patient,
    *,
    at: datetime,
    known_at: datetime | None = None,
    regimens: list[Regimen] | None = None,
) -> SiteContext:
    """The patient's injections before `at` that the rules can see (`history_window`)
    and avoid zones on `at`'s day, as the log stands now or as it stood at `known_at`
    (reading.facts). Pass `regimens` when already loaded."""
    if regimens is None:
        regimens = list(active_regimens(patient))
    tz = zone_of(regimens)
    rules = spacing_on(regimens, at.astimezone(tz).date())
    return SiteContext(
        at=at,
        history=past_injections(
            patient, at=at, known_at=known_at, since=at - history_window(rules)
        ),
        avoid_zones=active_avoid_zones(patient, at=at, tz=tz, known_at=known_at),
        rules=rules,
        tz=tz,
    )
