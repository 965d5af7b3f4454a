"""The figures of a run, the targets of issue 14 (item 3) each with its status, and
docs/BENCHMARKS.md."""

import os
import platform
import statistics
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .load import Sample, wrk_version

DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "BENCHMARKS.md"
SIZES = ("1 week", "1 year", "10 years")
PATIENT_PAGES = ("check-in", "site check (htmx)", "history", "log a dose (post)")


@dataclass
class Results:
    quick: bool
    rounds: int
    wrk: bool
    rules: list = field(default_factory=list)
    database: str = ""
    data: str = ""
    seconds: float = 0.0
    load_at_start: tuple = field(default_factory=os.getloadavg)
    queries: dict = field(default_factory=dict)
    samples: dict = field(default_factory=dict)  # label: [(bare, page)] by round
    first_visit: dict = field(default_factory=dict)  # url: bytes sent
    fragments: dict = field(default_factory=dict)  # (fragment, size): bytes sent
    memory: dict = field(default_factory=dict)
    interference: list = field(default_factory=list)  # (alone, beside, reviews) by round
    # Pages read by the Python driver (posts, and pages slower than a second), each
    # against a bare view read the same way.
    by_python: set = field(default_factory=set)

    def add(self, label: str, bare: Sample, page: Sample) -> None:
        self.samples.setdefault(label, []).append((bare, page))

    def ratio(self, label: str) -> float:
        """The median over rounds of the page's requests per second over the bare
        view's, measured just before it."""
        return statistics.median(p.per_second / b.per_second for b, p in self.samples[label])

    def median(self, label: str, figure: str) -> float:
        return statistics.median(getattr(page, figure) for _bare, page in self.samples[label])

    def bare(self, figure: str) -> float:
        """The bare view as the load generator saw it, over every round."""
        return statistics.median(
            getattr(b, figure)
            for label, pairs in self.samples.items()
            for b, _page in pairs
            if label not in self.by_python or not self.wrk
        )


@dataclass
class Goal:
    text: str
    figure: str
    met: bool

    @property
    def status(self) -> str:
        return "met" if self.met else "NOT MET"


def goals(results: Results) -> list[Goal]:
    """Item 3 of issue 14, each target with the figure that decides it."""
    r = results.ratio
    checkin = {size: r(f"check-in, {size}") for size in SIZES}
    site = {size: r(f"site check (htmx), {size}") for size in SIZES}
    flat = checkin["1 week"] / checkin["10 years"]
    patient_queries = {
        (page, size): results.queries[f"{page}, {size}"] for page in PATIENT_PAGES for size in SIZES
    }
    most = max(patient_queries.values())
    unequal = [
        page
        for page in PATIENT_PAGES
        if patient_queries[(page, "1 week")] != patient_queries[(page, "10 years")]
    ]
    review = next(label for label in results.samples if label.startswith("clinic review, page"))
    review_p50 = results.median(review, "p50_ms")
    checkin_p50 = results.median("check-in, 1 year", "p50_ms")
    alone = statistics.median(a.p50_ms for a, _b, _n in results.interference)
    beside = statistics.median(b.p50_ms for _a, b, _n in results.interference)
    # Like the ratios to the bare view: each round's own, as the machine's load drifts.
    slowed = statistics.median(b.p50_ms / a.p50_ms for a, b, _n in results.interference)
    site_bytes = max(results.fragments[("site check", size)] for size in SIZES)
    first_visit = sum(results.first_visit.values())

    def each(figures: dict, digits=3) -> str:
        return ", ".join(f"{value:.{digits}f} ({size})" for size, value in figures.items())

    return [
        Goal(
            "check-in at least 0.10 of the bare view, at every size",
            each(checkin),
            min(checkin.values()) >= 0.10,
        ),
        Goal(
            "check-in at 10 years within 1.2x of its speed at 1 week",
            f"{flat:.2f}x slower",
            flat <= 1.2,
        ),
        Goal(
            "signed-in bare view at least 0.5 of the bare view",
            f"{r('bare view, signed in'):.3f}",
            r("bare view, signed in") >= 0.5,
        ),
        Goal(
            "site check at least twice the check-in's throughput, at every size",
            each({size: site[size] / checkin[size] for size in SIZES}, 2),
            all(site[size] >= 2 * checkin[size] for size in SIZES),
        ),
        Goal(
            "site check's reply under 8 KB (as sent, gzip accepted)",
            f"{site_bytes / 1024:.1f} KB (largest of the sizes)",
            site_bytes < 8 * 1024,
        ),
        Goal(
            "queries per request at most 10 (check-in, site check, history, log a dose)",
            f"{most} at most",
            most <= 10,
        ),
        Goal(
            "queries per request the same at 1 week and at 10 years",
            "the same" if not unequal else "differ: " + ", ".join(unequal),
            not unequal,
        ),
        Goal(
            "clinic review's first page within 3x the check-in's p50 (1 year)",
            f"{review_p50:.0f} ms against {checkin_p50:.0f} ms: {review_p50 / checkin_p50:.1f}x",
            review_p50 <= 3 * checkin_p50,
        ),
        Goal(
            "clinic review not slowing another user's check-in (p50 within 1.5x)",
            f"{slowed:.2f}x (median of the rounds; p50 {alone:.0f} ms alone, "
            f"{beside:.0f} ms beside it)",
            slowed <= 1.5,
        ),
        Goal(
            "check-in with all its assets under 60 KB on a first visit (gzip)",
            f"{first_visit / 1024:.1f} KB",
            first_visit < 60 * 1024,
        ),
    ]


def machine(results: Results) -> list[tuple[str, str]]:
    import django
    import gunicorn

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    memory = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    load = lambda values: " ".join(f"{value:.2f}" for value in values)  # noqa: E731
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("RAM", f"{memory / 1024 / 1024:.1f} GiB"),
        ("system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django", django.get_version()),
        ("gunicorn", f"{gunicorn.__version__}, sync workers"),
        ("database", results.database),
        (
            "load generator",
            f"wrk {wrk_version()}, one connection"
            if results.wrk
            else "a Python driver (wrk absent)",
        ),
        (
            "load average (1, 5, 15 min)",
            f"{load(results.load_at_start)} at the start, {load(os.getloadavg())} at the end",
        ),
    ]


def database_description(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} (a file in a temporary folder, WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]} (a database of the benchmark's own)"


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]


def pages(results: Results) -> list[str]:
    rows = [
        [
            "bare view",
            "",
            results.queries["bare view"],
            f"{results.bare('per_second'):.0f}",
            f"{results.bare('p50_ms'):.1f}",
            f"{results.bare('p99_ms'):.1f}",
            "1",
        ]
    ]
    for label in results.samples:
        name, _comma, size = label.rpartition(", ")
        rows.append(
            [
                name,
                size,
                results.queries[label],
                f"{results.median(label, 'per_second'):.1f}"
                + (" †" if label in results.by_python and results.wrk else ""),
                f"{results.median(label, 'p50_ms'):.1f}",
                f"{results.median(label, 'p99_ms'):.1f}",
                f"{results.ratio(label):.4f}",
            ]
        )
    return table(
        ["page", "history", "queries", "requests/s", "p50 ms", "p99 ms", "ratio to the bare view"],
        rows,
    )


def sent(results: Results) -> list[str]:
    rows = [[url, f"{length:,}"] for url, length in results.first_visit.items()]
    rows.append(["**all of it**", f"**{sum(results.first_visit.values()):,}**"])
    lines = [
        "The check-in on a first visit, each response's body as sent:",
        "",
        *table(["what", "bytes"], rows),
        "",
        "Its htmx fragments, as sent:",
        "",
    ]
    fragments = sorted({name for name, _size in results.fragments})
    return lines + table(
        ["fragment", *SIZES],
        [[name, *(f"{results.fragments[(name, size)]:,}" for size in SIZES)] for name in fragments],
    )


# From this heading on, docs/BENCHMARKS.md is written by hand (what was changed, with
# the figures before and after, and the profiles): each run keeps it as it is.
BY_HAND = "## What changed, and what is left"


def kept_by_hand() -> str:
    text = DOCUMENT.read_text() if DOCUMENT.exists() else ""
    start = text.find(BY_HAND)
    return "" if start < 0 else "\n" + text[start:]


def show(results: Results, *, write: bool) -> None:
    targets = goals(results)
    memory = results.memory
    body = [
        "## Machine",
        "",
        *table(["", ""], machine(results)),
        "",
        "## Targets (issue 14, item 3)",
        "",
        *table(
            ["target", "figure", "status"],
            [[goal.text, goal.figure, goal.status] for goal in targets],
        ),
        "",
        "## Pages",
        "",
        "Each page was measured in rounds; each round measures the bare view (an "
        '`HttpResponse("ok")` behind the same middleware, not signed in) just before '
        "the page. Requests per second, p50 and p99 are the medians of the rounds; the "
        "ratio is the median of the rounds' ratios. Queries are counted per request in "
        "the benchmark's own process, on the same database.",
        "",
        *pages(results),
        "",
        "† Read by a Python driver, one request after another (a post must be undone "
        "between tries; a page slower than a second gets two or three requests a "
        "round), against the bare view read by the same driver."
        if results.wrk
        else "wrk was absent: every page was read by a Python driver, one request after "
        "another, whose own time is in every figure.",
        "",
        "## Bytes sent",
        "",
        *sent(results),
        "",
        "## Memory",
        "",
        f"The worker's resident memory after every round: {memory['VmRSS'] / 1024:.0f} MB "
        f"(at its peak {memory['VmHWM'] / 1024:.0f} MB).",
        "",
        "## The clinic review beside a check-in",
        "",
        "Two sync workers on two cores: the check-in's worker keeps a core of its own "
        "only when the machine's other work leaves one free, so this figure moves with "
        "the load average more than any other.",
        "",
        *table(
            ["round", "check-in p50 alone (ms)", "beside the review (ms)", "ratio", "reviews"],
            [
                [n + 1, f"{a.p50_ms:.1f}", f"{b.p50_ms:.1f}", f"{b.p50_ms / a.p50_ms:.2f}", count]
                for n, (a, b, count) in enumerate(results.interference)
            ],
        ),
        "",
        "## The rules alone, in process",
        "",
        *table(["what", "ms per call"], [[name, f"{ms:.2f}"] for name, ms in results.rules]),
    ]
    print("\n" + "\n".join(body))
    print(f"\nFinished in {results.seconds:.0f} s.")
    if not write:
        print(f"\n(BENCH_QUICK: {DOCUMENT.name} left as it was.)")
        return
    head = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`benchmarks/`, issue 14) on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, in {results.seconds:.0f} s; "
        f"{results.rounds} rounds. Data: {results.data}.",
        "",
        "The app was served by gunicorn in its production settings (DEBUG off, static "
        "files collected and served by whitenoise, plain HTTP on loopback), one sync "
        "worker, from a database of the benchmark's own. The machine below is shared "
        "with other work, which the load average shows: the figures are noisy, and "
        "differ from one run to the next by more than the last digit printed. The "
        "ratios to the bare view, measured in the same moments, vary less.",
        "",
    ]
    DOCUMENT.write_text("\n".join(head + body) + "\n" + kept_by_hand())
    print(f"\nWritten to {DOCUMENT.relative_to(DOCUMENT.parents[1])}.")
