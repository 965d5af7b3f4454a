"""The rules alone, in process, on large histories: part of `make bench`.

The rules are pure, so neither Django nor a database is needed: ten years of daily
injections are generated in memory.
"""

import timeit
from datetime import UTC, date, datetime, time, timedelta

from injections.rules.adherence import adherence
from injections.rules.geometry import REGION_SIDES, REGIONS, Site
from injections.rules.schedule import Schedule, ScheduleVersion
from injections.rules.sites import PastInjection, check_site, suggest_sites

YEARS = 10
START = date(2016, 11, 1)
NOW = datetime(2026, 11, 21, 8, 30, tzinfo=UTC)


def ten_years_of_injections() -> list[PastInjection]:
    history = []
    for day in range(YEARS * 365):
        region, side = REGION_SIDES[day % 3]
        region_ = REGIONS[region]
        x = 10 + (day * 37) % (region_.width_mm - 20)
        y = 10 + (day * 53) % (region_.height_mm - 20)
        at = datetime.combine(START + timedelta(days=day), time(8, 5), tzinfo=UTC)
        history.append(PastInjection(Site(region, side, x, y), at))
    return history


def main() -> list[tuple[str, float]]:
    """Each figure as (what, milliseconds per call), printed as it is measured."""
    figures = []

    def report(name: str, seconds: float, runs: int) -> None:
        figures.append((name, seconds / runs * 1000))
        print(f"{name:<55} {seconds / runs * 1000:8.2f} ms", flush=True)

    history = ten_years_of_injections()
    print(f"{len(history)} injections over {YEARS} years\n")
    site = Site("thigh", "left", 60, 100)
    runs = 20
    report(
        "check_site, ten years of history",
        timeit.timeit(
            lambda: check_site(site, at=NOW, administered_by="self", history=history),
            number=runs,
        ),
        runs,
    )
    for by in ("self", "caregiver"):
        report(
            f"suggest_sites ({by}), ten years of history",
            timeit.timeit(
                lambda by=by: suggest_sites(at=NOW, administered_by=by, history=history),
                number=runs,
            ),
            runs,
        )
    schedule = Schedule(versions=(ScheduleVersion(START, "FREQ=DAILY", time(8), "Europe/London"),))
    report(
        "Schedule.open_slot, ten years after the start",
        timeit.timeit(lambda: schedule.open_slot(NOW), number=runs),
        runs,
    )
    report(
        "Schedule.slots for ten years",
        timeit.timeit(lambda: schedule.slots(START, NOW.date()), number=3),
        3,
    )
    slots = schedule.slots(START, NOW.date())
    report(
        "adherence over ten years",
        timeit.timeit(lambda: adherence(slots, at=NOW, outcomes={}), number=3),
        3,
    )
    return figures
