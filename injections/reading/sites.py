"""The site rules applied to a patient's stored record (DESIGN §4)."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..models import Dose, Patient, Regimen
from ..rules.geometry import Administrator, Site
from ..rules.sites import AvoidZone, SpacingRules, Suggestion, Violation, check_site, suggest_sites
from .facts import LoggedInjection, active_avoid_zones, active_regimens, past_injections, zone_of


def strictest_spacing(regimens: list[Regimen], day: date) -> SpacingRules:
    """The spacing of the regimens running on `day`: rotation counts every injection
    of every medication, so the widest spacing and longest rest win."""
    running = [r for r in regimens if r.start_date <= day and (r.end_date or date.max) >= day]
    if not running:
        return SpacingRules()
    return SpacingRules(
        min_spacing_mm=max(r.min_spacing_mm for r in running),
        site_rest_days=max(r.site_rest_days for r in running),
    )


@dataclass(frozen=True)
class SiteContext:
    """What the site rules need to know about a patient at an instant, read once."""

    at: datetime
    history: list[LoggedInjection]
    avoid_zones: list[AvoidZone]
    rules: SpacingRules
    tz: ZoneInfo

    def violations(
        self, site: Site, administered_by: Administrator | str, *, excluding: Dose | None = None
    ) -> list[Violation]:
        """`excluding` leaves out a record being corrected, which must not count
        against its own new position."""
        history = self.history
        if excluding is not None:
            history = [injection for injection in history if injection.dose_id != excluding.pk]
        return check_site(
            site,
            at=self.at,
            administered_by=administered_by,
            history=history,
            avoid_zones=self.avoid_zones,
            rules=self.rules,
            tz=self.tz,
        )

    def suggestions(self, administered_by: Administrator | str) -> list[Suggestion]:
        return suggest_sites(
            at=self.at,
            administered_by=administered_by,
            history=self.history,
            avoid_zones=self.avoid_zones,
            rules=self.rules,
            tz=self.tz,
        )


def site_context(
    patient: Patient,
    *,
    at: datetime,
    known_at: datetime | None = None,
    regimens: list[Regimen] | None = None,
) -> SiteContext:
    """The patient's injections before `at` and avoid zones on `at`'s day, as the
    record stood at `known_at` (default `at`). Pass `regimens` when already loaded."""
    if regimens is None:
        regimens = list(active_regimens(patient))
    tz = zone_of(regimens)
    return SiteContext(
        at=at,
        history=past_injections(patient, at=at, known_at=known_at),
        avoid_zones=active_avoid_zones(patient, at=at, tz=tz, known_at=known_at),
        rules=strictest_spacing(regimens, at.astimezone(tz).date()),
        tz=tz,
    )


def site_violations(
    patient: Patient,
    site: Site,
    *,
    at: datetime,
    administered_by: Administrator | str,
    excluding: Dose | None = None,
    known_at: datetime | None = None,
) -> list[Violation]:
    """The rules `site` breaks for `patient` at `at`, given the log as it stood at
    `known_at` (default `at`)."""
    context = site_context(patient, at=at, known_at=known_at)
    return context.violations(site, administered_by, excluding=excluding)


def site_suggestions(
    patient: Patient, *, at: datetime, administered_by: Administrator | str
) -> list[Suggestion]:
    return site_context(patient, at=at).suggestions(administered_by)
