"""Load on loopback: `wrk` for pages read (one connection, so one request at a time
on the one worker), or without it a Python driver; a Python driver for forms posted,
which must change something between tries."""

import json
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .serve import HOST, Browser

LUA = Path(__file__).with_name("wrk_figures.lua")


@dataclass
class Target:
    """A page as one person asks for it."""

    name: str
    path: str
    headers: dict = field(default_factory=dict)
    size: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}, {self.size}" if self.size else self.name


@dataclass
class Sample:
    requests: int
    per_second: float
    p50_ms: float
    p99_ms: float


def has_wrk() -> bool:
    return shutil.which("wrk") is not None


def wrk_version() -> str:
    if not has_wrk():
        return "absent"
    done = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (done.stdout or done.stderr).split("[")[0].strip().removeprefix("wrk ")


def wrk(port: int, target: Target, seconds: int) -> Sample:
    headers = []
    for name, value in target.headers.items():
        headers += ["-H", f"{name}: {value}"]
    done = subprocess.run(
        [
            "wrk",
            "-t1",
            "-c1",
            f"-d{seconds}s",
            "--timeout",
            "120s",
            "-s",
            str(LUA),
            *headers,
            f"http://{HOST}:{port}{target.path}",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 180,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"wrk failed on {target.label}: {done.stdout}{done.stderr}")
    figures = json.loads(lines[-1])
    if figures["errors"] or figures["status_errors"] or not figures["requests"]:
        raise RuntimeError(f"wrk saw errors on {target.label}: {figures}")
    return Sample(
        requests=figures["requests"],
        per_second=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p99_ms=figures["p99_us"] / 1000,
    )


def timed(once, seconds: float, *, at_least: int = 3) -> Sample:
    """Call `once` (which answers the seconds its measured part took) for `seconds` of
    wall time, and at least `at_least` times. Requests per second from the measured
    parts only, so that what a post needs undone between tries is not counted."""
    took = []
    end = time.monotonic() + seconds
    while time.monotonic() < end or len(took) < at_least:
        took.append(once())
    took.sort()
    return Sample(
        requests=len(took),
        per_second=len(took) / sum(took),
        p50_ms=statistics.median(took) * 1000,
        p99_ms=took[min(len(took) - 1, round(0.99 * (len(took) - 1)))] * 1000,
    )


def python_get(port: int, target: Target, seconds: float, *, at_least: int = 3) -> Sample:
    """The same requests one after another from Python: without wrk, and for pages so
    slow that a few requests are all a round can give them."""
    browser = Browser(port)

    def once() -> float:
        start = time.perf_counter()
        status, _headers, _body = browser.get(target.path, headers=target.headers)
        took = time.perf_counter() - start
        if status != 200:
            raise RuntimeError(f"{target.label} answered {status}")
        return took

    settle(port)
    return timed(once, seconds, at_least=at_least)


def settle(port: int) -> None:
    """Wait for the worker to be free: wrk stops at its time with a request perhaps
    still being answered, which the next measurement must not wait behind."""
    Browser(port).get("/bench/bare/")


def read(port: int, target: Target, seconds: int, *, count: int = 0) -> Sample:
    """`seconds` of requests by wrk, or `count` requests by the Python driver."""
    if count or not has_wrk():
        return python_get(port, target, 0 if count else seconds, at_least=count or 3)
    settle(port)
    return wrk(port, target, seconds)
