"""The app served for real: gunicorn in production settings on loopback, and just
enough of a browser to sign in and read what was sent."""

import gzip
import http.client
import re
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def production_environment(*, database_url: str, static_root: Path) -> dict[str, str]:
    """A production deploy on plain HTTP (DJANGO_SECURE_COOKIES=0, as on a private
    network), with the benchmark's URLs: the app's, and the bare views."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_ROOT_URLCONF": "benchmarks.urls",
        "DJANGO_SETTINGS_MODULE": "medtrack.settings",
        "TIME_ZONE": "UTC",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def memory(self) -> dict[str, int]:
        """The first worker's resident memory now and at its peak, in KB."""
        status = Path(f"/proc/{self.workers()[0]}/status").read_text()
        return {
            key: int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1))
            for key in ("VmRSS", "VmHWM")
        }


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int, log: Path, ready: str = "/bench/bare/"):
    """gunicorn's sync workers, as README deploys it, until the block ends; serving
    once `ready` answers 200 from every worker."""
    port = free_port()
    with log.open("ab") as errors:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "medtrack.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"{HOST}:{port}",
                "--timeout",
                "120",
            ],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, _body = Browser(port).get(ready)
                if status == 200 and len(server.workers()) == workers:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within a minute; see {log}")
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


class Browser:
    """One person's cookies, and a new connection per request (gunicorn's sync
    workers close each one). Answers (status, headers, body as sent)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies = SimpleCookie()

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{key}={morsel.value}" for key, morsel in self.cookies.items())

    def request(self, method: str, path: str, fields: dict | None = None, headers=None):
        conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
        sent = {"Cookie": self.cookie_header} if self.cookies else {}
        body = None
        if fields is not None:
            body = urlencode(fields)
            sent |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://{HOST}:{self.port}",
            }
        conn.request(method, path, body=body, headers=sent | (headers or {}))
        response = conn.getresponse()
        raw = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        conn.close()
        return response.status, response.headers, raw

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        return self.request("POST", path, fields, headers=headers)

    def sign_in(self, username: str, password: str) -> None:
        status, _headers, page = self.get("/accounts/login/")
        token = forms(text(page))[0][1]["csrfmiddlewaretoken"]
        status, _headers, _page = self.post(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
            },
        )
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")


def text(body: bytes, headers=None) -> str:
    if headers is not None and headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode()


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.found.append((attrs, {}))
        elif tag == "input" and self.found and attrs.get("name"):
            self.found[-1][1].setdefault(attrs["name"], attrs.get("value") or "")


def forms(page: str) -> list[tuple[dict, dict]]:
    """Every form of a page: its attributes and its inputs' first values."""
    parser = _Forms()
    parser.feed(page)
    return parser.found


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img") and attrs.get("src"):
            self.found.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and attrs.get("rel") != "canonical":
            self.found.append(attrs["href"])


def assets(page: str) -> list[str]:
    """What a browser fetches for a page on a first visit: scripts, styles, icons, the
    manifest and images, in the order given (each once)."""
    parser = _Assets()
    parser.feed(page)
    return list(dict.fromkeys(parser.found))


def stylesheet_assets(css: str) -> list[str]:
    return [
        url for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css) if not url.startswith("data:")
    ]
