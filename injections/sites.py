"""The site rules applied to a patient's stored record (DESIGN §4)."""

from datetime import datetime

from .history import active_avoid_zones, active_regimens, past_injections, patient_zone
from .models import Dose, Patient
from .rules.geometry import Administrator, Site
from .rules.sites import SpacingRules, Suggestion, Violation, check_site, suggest_sites


def patient_spacing(patient: Patient, *, at: datetime) -> SpacingRules:
    """The strictest spacing of the patient's current regimens: rotation counts every
    injection of every medication, so the widest spacing and longest rest win."""
    regimens = list(active_regimens(patient, on=at.astimezone(patient_zone(patient)).date()))
    if not regimens:
        return SpacingRules()
    return SpacingRules(
        min_spacing_mm=max(r.min_spacing_mm for r in regimens),
        site_rest_days=max(r.site_rest_days for r in regimens),
    )


def site_violations(
    patient: Patient,
    site: Site,
    *,
    at: datetime,
    administered_by: Administrator | str,
    rules: SpacingRules | None = None,
    excluding: Dose | None = None,
    known_at: datetime | None = None,
) -> list[Violation]:
    """The rules `site` breaks for `patient` at `at`, given the log as it stood at
    `known_at` (default `at`); `excluding` leaves out a record being corrected, which
    must not count against its own new position."""
    history = past_injections(patient, at=at, known_at=known_at)
    if excluding is not None:
        history = [injection for injection in history if injection.dose_id != excluding.pk]
    return check_site(
        site,
        at=at,
        administered_by=administered_by,
        history=history,
        avoid_zones=active_avoid_zones(patient, at=at, known_at=known_at),
        rules=rules or patient_spacing(patient, at=at),
        tz=patient_zone(patient),
    )


def site_suggestions(
    patient: Patient, *, at: datetime, administered_by: Administrator | str
) -> list[Suggestion]:
    return suggest_sites(
        at=at,
        administered_by=administered_by,
        history=past_injections(patient, at=at),
        avoid_zones=active_avoid_zones(patient, at=at),
        rules=patient_spacing(patient, at=at),
        tz=patient_zone(patient),
    )
