"""`make bench` (issue 14): the rules alone in process, then the app served for real.

Builds a database of its own (one patient each with 1 week, 1 year and 10 years of
daily history, and a clinic of 1,000 patients with a year each), serves it with
gunicorn in production settings (one sync worker), and drives it from `wrk` on
loopback. Every page is measured in rounds, each right after a bare view behind the
same middleware: the figure is the median of the rounds' ratios. Prints the table and
the targets, and writes them to docs/BENCHMARKS.md. BENCH_QUICK=1 is a smoke run:
one short round, 100 clinic patients, nothing written.
"""

import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import data, report, rules
from .load import Sample, Target, has_wrk, python_get, read, timed
from .serve import Browser, assets, forms, gunicorn, production_environment, text

QUICK = os.environ.get("BENCH_QUICK") == "1"
ROUNDS = 1 if QUICK else 3
SECONDS = 1 if QUICK else 2  # of each page in each round, at least
BARE_SECONDS = 1  # of the bare view before each page: over a thousand requests
SLOW = 1.0  # seconds: a page slower than this gets a few requests by the Python driver
GZIP = {"Accept-Encoding": "gzip"}


def main() -> None:
    # Stopped from outside, still stop the servers and remove the database.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit("stopped"))
    began = time.monotonic()
    print("== The rules alone, in process\n", flush=True)
    rule_figures = rules.main()
    if not has_wrk():
        print(
            "\nwrk is not installed (Debian: apt-get install -y wrk): pages are read by a "
            "Python driver instead, whose own time is in every figure."
        )
    with tempfile.TemporaryDirectory(prefix="medtrack-bench-") as folder:
        folder = Path(folder)
        with data.database(folder) as url:
            os.environ.update(
                production_environment(database_url=url, static_root=folder / "static")
            )
            run = Run()
            run.prepare()
            with gunicorn(dict(os.environ), workers=1, log=folder / "gunicorn.log") as server:
                run.measure(server)
            with gunicorn(dict(os.environ), workers=2, log=folder / "gunicorn.log") as server:
                run.interference(server)
    run.results.rules = rule_figures
    run.results.seconds = time.monotonic() - began
    report.show(run.results, write=not QUICK)


class Run:
    def __init__(self):
        self.results = report.Results(quick=QUICK, rounds=ROUNDS, wrk=has_wrk())

    def prepare(self) -> None:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections
        from django.utils import timezone

        print("\n== Building the data", flush=True)
        start = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--no-input", verbosity=0)
        self.cast = data.build(
            now=timezone.now(), clinic_patients=100 if QUICK else data.CLINIC_PATIENTS
        )
        self.results.database = report.database_description(connection)
        self.results.data = (
            f"{self.cast.doses:,} doses: patients with {', '.join(data.SIZES)} of daily "
            f"history, and a clinic of {self.cast.clinic_patients:,} with a year each"
        )
        connections.close_all()
        print(f"{self.results.data}, in {time.monotonic() - start:.0f} s", flush=True)

    # Serving

    def sign_in(self, port: int, username: str) -> Browser:
        browser = Browser(port)
        browser.sign_in(username, self.cast.password)
        return browser

    def measure(self, server) -> None:
        port = server.port
        print(f"\n== Serving with gunicorn, one sync worker, on port {port}", flush=True)
        self.readers = {size: self.sign_in(port, name) for size, name in self.cast.readers.items()}
        loggers = {size: self.sign_in(port, name) for size, name in self.cast.loggers.items()}
        self.clinician = self.sign_in(port, self.cast.clinician)
        self.bare = Target("bare view", "/bench/bare/")
        week = self.readers["1 week"]
        reads = [Target("bare view, signed in", "/bench/bare-signed-in/", self.cookie(week))]
        for size, browser in self.readers.items():
            reads += self.patient_pages(port, browser, size)
        reads += [
            Target(
                "clinic review, page of 50",
                "/clinic/",
                self.cookie(self.clinician),
                f"{self.cast.clinic_patients:,} patients",
            ),
            Target(
                "clinic review as CSV",
                "/clinic/export.csv",
                self.cookie(self.clinician),
                f"{self.cast.clinic_patients:,} patients",
            ),
        ]
        posts = {
            size: Logging(port, browser, self.cast.loggers[size], size)
            for size, browser in loggers.items()
        }
        plan = {target.label: self.check(port, target) for target in reads}
        for target in [self.bare, *reads]:
            self.results.queries[target.label] = self.queries(target)
        for logging in posts.values():
            self.results.queries[logging.target.label] = logging.queries()
            self.results.by_python.add(logging.target.label)
        self.sizes(port, posts)
        for number in range(ROUNDS):
            print(f"\n-- Round {number + 1} of {ROUNDS}", flush=True)
            for target in reads:
                slow = target.label in self.results.by_python
                bare = (python_get if slow else read)(port, self.bare, BARE_SECONDS)
                self.record(target, bare, read(port, target, **plan[target.label]))
            for logging in posts.values():
                bare = python_get(port, self.bare, BARE_SECONDS)
                self.record(logging.target, bare, timed(logging.once, SECONDS))
        self.results.memory = server.memory()
        self.checkin_year = next(t for t in reads if t.name == "check-in" and t.size == "1 year")

    @staticmethod
    def cookie(browser: Browser, **headers) -> dict:
        return {"Cookie": browser.cookie_header} | headers

    def patient_pages(self, port: int, browser: Browser, size: str) -> list[Target]:
        cookie = self.cookie(browser)
        _status, _headers, page = browser.get("/")
        first = next(
            fields
            for attrs, fields in forms(text(page))
            if attrs.get("hx-target") == "#verdict" and attrs.get("method") == "get"
        )
        spot = "&".join(f"{name}={value}" for name, value in first.items())
        htmx = {"HX-Request": "true", "HX-Current-URL": f"http://127.0.0.1:{port}/"}
        return [
            Target("check-in", "/", cookie, size),
            Target(
                "site check (htmx)", f"/?{spot}", cookie | htmx | {"HX-Target": "verdict"}, size
            ),
            Target("history", "/history/", cookie, size),
        ]

    def check(self, port: int, target: Target) -> dict:
        """The page answers 200 with what it should hold (never a redirect to sign in,
        which would be fast and wrong); how to measure it, by its speed."""
        browser = Browser(port)
        browser.get(target.path, headers=target.headers)  # the worker's first time: warm-up
        start = time.perf_counter()
        status, headers, body = browser.get(target.path, headers=target.headers)
        took = time.perf_counter() - start
        expected = {
            "check-in": 'id="checkin"',
            "site check (htmx)": 'id="verdict"',
            "history": "<h1",
            "clinic review, page of 50": "bench-clinic-",
            "clinic review as CSV": "bench-clinic-",
        }.get(target.name, "ok")
        page = text(body, headers)
        if status != 200 or expected not in page:
            raise RuntimeError(f"{target.label}: {status}, without {expected!r}")
        if target.name == "site check (htmx)" and "<html" in page:
            raise RuntimeError("the site check answered the whole page, not its fragment")
        print(
            f"{target.label:<45} checked: {len(body):,} bytes in {took * 1000:.0f} ms", flush=True
        )
        if took < SLOW:
            return {"seconds": SECONDS}
        self.results.by_python.add(target.label)
        return {"seconds": 0, "count": 2 if took > 5 * SLOW else 3}

    def queries(self, target: Target) -> int:
        """Queries per request, counted in this process on the same database."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = in_process(target.headers)
        with CaptureQueriesContext(connection) as counted:
            response = client.get(target.path, headers=without_cookie(target.headers))
        assert response.status_code == 200, (target.label, response.status_code)
        return len(counted.captured_queries)

    def sizes(self, port: int, posts: dict) -> None:
        """Bytes sent: the check-in with all it loads on a first visit, and each htmx
        fragment of it, asked for as a browser does (Accept-Encoding: gzip)."""
        from urllib.parse import urljoin

        from .serve import stylesheet_assets

        week = self.readers["1 week"]
        _status, headers, body = week.get("/", headers=GZIP)
        sent = {"check-in HTML": len(body)}
        queue = [urljoin("/", url) for url in assets(text(body, headers))]
        while queue:
            url = queue.pop(0)
            status, headers, body = week.get(url, headers=GZIP)
            if status != 200:
                raise RuntimeError(f"{url} answered {status}")
            sent[url] = len(body)
            if headers.get("Content-Type", "").startswith("text/css"):
                queue += [
                    urljoin(url, found)
                    for found in stylesheet_assets(text(body, headers))
                    if urljoin(url, found) not in sent
                ]
        self.results.first_visit = sent
        for size, browser in self.readers.items():
            spot = next(
                t for t in self.patient_pages(port, browser, size) if t.name == "site check (htmx)"
            )
            fragments = {
                "site check": spot.headers,
                "who is injecting: someone else": spot.headers | {"HX-Target": "checkin"},
            }
            for name, headers in fragments.items():
                path = spot.path if name == "site check" else "/?by=caregiver"
                status, _headers, body = browser.get(path, headers=without_cookie(headers) | GZIP)
                assert status == 200 and b"<html" not in body, (name, status)
                self.results.fragments[(name, size)] = len(body)
            for name, length in posts[size].fragments().items():
                self.results.fragments[(name, size)] = length

    def record(self, target: Target, bare: Sample, page: Sample) -> None:
        self.results.add(target.label, bare, page)
        print(
            f"{target.label:<45} {page.per_second:8.1f}/s  p50 {page.p50_ms:8.1f} ms  "
            f"p99 {page.p99_ms:8.1f} ms  {page.per_second / bare.per_second:7.4f} of bare",
            flush=True,
        )

    def interference(self, server) -> None:
        """A patient's check-in (1 year) alone, then while the clinic review is asked
        for over and over on another connection: gunicorn with two sync workers, so
        that the review does not simply queue ahead of the check-in."""
        port = server.port
        print(
            f"\n== The clinic review beside a patient's check-in: two workers, port {port}",
            flush=True,
        )
        review = Target("clinic review", "/clinic/", self.cookie(self.clinician))
        seconds = max(4, 2 * SECONDS)
        self.warm(port, self.checkin_year)
        for _round in range(ROUNDS):
            alone = read(port, self.checkin_year, seconds)
            beside, reviews = self.beside(port, review, seconds)
            self.results.interference.append((alone, beside, reviews))
            print(
                f"check-in p50 alone {alone.p50_ms:.1f} ms, beside {reviews} reviews "
                f"{beside.p50_ms:.1f} ms",
                flush=True,
            )

    @staticmethod
    def warm(port: int, target: Target) -> None:
        """Both workers past their first request (templates compiled, modules loaded):
        two connections at once, so that each worker answers some."""

        def ask():
            browser = Browser(port)
            for _try in range(5):
                browser.get(target.path, headers=target.headers)

        askers = [threading.Thread(target=ask) for _ in range(2)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join()

    def beside(self, port: int, review: Target, seconds: int) -> tuple[Sample, int]:
        """The check-in measured while another connection asks for the review again and
        again; and how many reviews were answered meanwhile."""
        stop = threading.Event()
        answers = []

        def keep_reviewing():
            browser = Browser(port)
            while not stop.is_set():
                status, _headers, _body = browser.get(review.path, headers=review.headers)
                answers.append(status)

        worker = threading.Thread(target=keep_reviewing)
        worker.start()
        time.sleep(0.2)  # the first review under way
        try:
            beside = read(port, self.checkin_year, seconds)
        finally:
            stop.set()
            worker.join()
        if set(answers) != {200}:
            raise RuntimeError(f"the clinic review answered {sorted(set(answers))}")
        return beside, len(answers)


class Logging:
    """ "Log dose here" on the check-in's first suggestion, posted as a plain form (a
    redirect back), then undone in this process through the service, ready again."""

    def __init__(self, port: int, browser: Browser, username: str, size: str):
        self.port, self.browser, self.username = port, browser, username
        _status, _headers, page = browser.get("/")
        self.fields = next(
            fields for attrs, fields in forms(text(page)) if "log-here" in attrs.get("class", "")
        )
        self.target = Target("log a dose (post)", "/doses/", Run.cookie(browser), size)

    def undo(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db import connections

        from injections.models import Dose
        from injections.services.doses import undo_dose

        user = get_user_model().objects.get(username=self.username)
        undo_dose(
            dose=Dose.objects.filter(patient__user=user, voided_at=None).latest("pk"), user=user
        )
        connections.close_all()

    def once(self) -> float:
        start = time.perf_counter()
        status, headers, _body = self.browser.post("/doses/", self.fields)
        took = time.perf_counter() - start
        if status != 302:
            raise RuntimeError(f"logging a dose answered {status}, not a redirect")
        self.undo()
        return took

    def queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = in_process(self.target.headers)
        with CaptureQueriesContext(connection) as counted:
            response = client.post("/doses/", self.fields)
        assert response.status_code == 302, response.status_code
        self.undo()
        return len(counted.captured_queries)

    def fragments(self) -> dict[str, int]:
        """The htmx replies to logging a dose and to undoing it (the check-in's part)."""
        htmx = GZIP | {
            "HX-Request": "true",
            "HX-Target": "checkin",
            "HX-Current-URL": f"http://127.0.0.1:{self.port}/",
        }
        status, headers, logged = self.browser.post("/doses/", self.fields, headers=htmx)
        undo = next(
            (attrs["action"], fields)
            for attrs, fields in forms(text(logged, headers))
            if attrs.get("action", "").endswith("/undo/")
        )
        status, _headers, undone = self.browser.post(*undo, headers=htmx)
        assert status == 200, status
        return {"log a dose": len(logged), "undo": len(undone)}


def in_process(headers: dict):
    """A test client carrying the same cookies as the HTTP requests, on this process's
    production settings."""
    from django.test import Client

    from .serve import HOST

    client = Client(SERVER_NAME=HOST)
    for pair in headers.get("Cookie", "").split("; "):
        if pair:
            name, value = pair.split("=", 1)
            client.cookies[name] = value
    return client


def without_cookie(headers: dict) -> dict:
    return {name: value for name, value in headers.items() if name != "Cookie"}


if __name__ == "__main__":
    main()
