"""The site rules read only the window of history they can see (issue 14): the
injections of the last four weeks, the latest one on each region-side and those
whose reaction is still healing. What they answer must be what the whole history
would give (tests/views/test_query_counts.py: the queries do not grow with it)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from injections.models import Dose, SiteReaction
from injections.reading.facts import past_injections
from injections.reading.sites import site_context
from injections.rules.geometry import REGIONS, Site
from injections.rules.sites import check_site, suggest_sites
from tests.conftest import make_patient

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW)
ROTATION = (("abdomen", ""), ("thigh", "left"), ("thigh", "right"))


def _history(patient, *, days: int, skip_last: int = 0) -> list[Dose]:
    """A dose a day for `days` days up to `skip_last` days before NOW, rotating over
    the self-injectable sides and spreading over each."""
    regimen = patient.regimens.get()
    doses = []
    for back in range(days, skip_last, -1):
        region, side = ROTATION[back % 3]
        frame = REGIONS[region]
        turn = back // 3
        x = 10 + (turn * 37) % (frame.width_mm - 20)
        y = 10 + (turn * 7) % 20 if region == "abdomen" else 10 + (turn * 53) % 180
        taken = datetime.combine(NOW.date() - timedelta(days=back), time(8), tzinfo=UTC)
        doses.append(
            Dose(patient=patient, regimen=regimen, entered_by=patient.user, status="taken",
                 slot_date=taken.date(), taken_at=taken, entered_at=taken, dose_mg=Decimal(100),
                 administered_by="self", region=region, side=side, x_mm=x, y_mm=y)
        )  # fmt: skip
    return Dose.objects.bulk_create(doses)


def _long_patient(username: str, *, days: int, **options):
    start = NOW.date() - timedelta(days=days + 1)
    return make_patient(username, start_date=start, time_zone="UTC", **options)


def _every_point_checked(history, context) -> dict:
    """What check_site says of every whole-centimetre point of every region-side."""
    found = {}
    for name, region in REGIONS.items():
        for side in region.sides:
            for y in range(0, region.height_mm + 1, 10):
                for x in range(0, region.width_mm + 1, 10):
                    site = Site(name, side, x, y)
                    violations = check_site(site, at=NOW, administered_by="caregiver",
                                            history=history, avoid_zones=context.avoid_zones,
                                            rules=context.rules)  # fmt: skip
                    found[site] = [(v.code, v.distance_mm) for v in violations]
    return found


def test_the_window_answers_what_the_whole_history_would(db):
    patient = _long_patient("long", days=400)
    doses = _history(patient, days=400)
    regimen = patient.regimens.get()
    # Long ago: the only injection ever on the right arm, and one on the left arm whose
    # reaction has not healed; a later one on the left arm was voided.
    arm, sore = [
        Dose.objects.create(patient=patient, regimen=regimen, entered_by=patient.user,
                            status="extra", reason="second syringe", slot_date=when.date(),
                            taken_at=when, dose_mg=Decimal(100), administered_by="caregiver",
                            region="upper_arm", side=side, x_mm=40, y_mm=60)
        for when, side in ((NOW - timedelta(days=300), "right"),
                           (NOW - timedelta(days=200), "left"))
    ]  # fmt: skip
    SiteReaction.objects.create(dose=sore, kind="redness", recorded_by=patient.user)
    Dose.objects.create(patient=patient, regimen=regimen, entered_by=patient.user, status="extra",
                        reason="by mistake", slot_date=date(2026, 8, 1), dose_mg=Decimal(100),
                        taken_at=datetime(2026, 8, 1, 9, tzinfo=UTC), administered_by="caregiver",
                        region="upper_arm", side="left", x_mm=40, y_mm=60,
                        voided_at=NOW - timedelta(days=60))  # fmt: skip

    context = site_context(patient, at=NOW)
    whole = past_injections(patient, at=NOW)
    assert len(whole) == len(doses) + 2
    # Four weeks, the latest before them on each region-side, and the sore one.
    since = NOW - timedelta(days=28)
    latest_before = {}
    for dose in doses:
        if dose.taken_at < since:
            latest_before[(dose.region, dose.side)] = dose.pk
    assert {injection.dose_id for injection in context.history} == {
        *(dose.pk for dose in doses if dose.taken_at >= since),
        *latest_before.values(),
        arm.pk,
        sore.pk,
    }

    expected = suggest_sites(at=NOW, administered_by="caregiver", history=whole,
                             avoid_zones=context.avoid_zones, rules=context.rules)  # fmt: skip
    assert [s.site for s in context.suggestions("caregiver")] == [s.site for s in expected]
    assert [s.last_used for s in suggest_sites(
        at=NOW, administered_by="caregiver", history=context.history,
        avoid_zones=context.avoid_zones, rules=context.rules,
    )] == [s.last_used for s in expected]  # fmt: skip
    assert _every_point_checked(context.history, context) == _every_point_checked(whole, context)


def test_after_a_long_break_the_previous_injection_still_counts(db):
    """Nothing in the last four weeks: the spacing rule still sees the previous one."""
    patient = _long_patient("paused", days=120)
    _history(patient, days=120, skip_last=60)
    context = site_context(patient, at=NOW)
    previous = max(past_injections(patient, at=NOW), key=lambda injection: injection.at)
    assert previous.dose_id in {injection.dose_id for injection in context.history}
    violations = check_site(previous.site, at=NOW, administered_by="self",
                            history=context.history, rules=context.rules)  # fmt: skip
    assert [(v.code, v.closest.dose_id) for v in violations] == [("too_close", previous.dose_id)]

