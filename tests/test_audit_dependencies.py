"""`make audit` (issue 13, item 7): scripts/audit_dependencies.py runs pip-audit and
passes only an audit that checked every package. Here a vulnerability service on
loopback stands in for OSV: answering, finding one, or not there at all."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import django
import pytest
from django.conf import settings

from scripts.audit_dependencies import CLEAN, NOT_CHECKED, VULNERABLE, verdict

DJANGO_ADVISORY = {
    "id": "PYSEC-0000-1",
    "summary": "a made-up advisory for the test",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


def fake_osv(advisories: dict):
    """An OSV query endpoint on loopback answering `advisories[package name]`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            found = advisories.get(query["package"]["name"])
            body = json.dumps({"vulns": [found]} if found else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(osv_url: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "scripts/audit_dependencies.py", "--vulnerability-service", "osv",
         "--osv-url", osv_url, "--cache-dir", str(tmp_path), "--timeout", "5"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture
def osv():
    servers = []

    def start(advisories):
        servers.append(fake_osv(advisories))
        return f"http://127.0.0.1:{servers[-1].server_port}/v1/query"

    yield start
    for server in servers:
        server.shutdown()


def test_an_unreachable_service_is_not_checked_and_says_so(tmp_path):
    done = audit("http://127.0.0.1:9/v1/query", tmp_path)  # nothing listens on port 9
    assert done.returncode == NOT_CHECKED
    assert "NOT CHECKED: pip-audit could not reach the vulnerability data" in done.stderr
    assert "No known vulnerabilities" not in done.stdout + done.stderr


def test_a_known_vulnerability_fails_the_audit_naming_it(osv, tmp_path):
    done = audit(osv({"django": DJANGO_ADVISORY}), tmp_path)
    assert done.returncode == VULNERABLE
    assert f"django {django.__version__}: PYSEC-0000-1 (fixed in 99.0)" in done.stderr


def test_every_package_checked_and_none_vulnerable_passes(osv, tmp_path):
    done = audit(osv({}), tmp_path)
    assert done.returncode == CLEAN, done.stderr
    assert done.stdout.startswith("No known vulnerabilities in ")


def test_packages_whose_data_was_not_found_make_the_audit_not_checked():
    # What PyPI's service answers from a mirror that lacks the data (seen here).
    report = {
        "dependencies": [
            {"name": "django", "version": "6.1.3", "vulns": []},
            {"name": "whitenoise", "skip_reason": "Dependency not found on PyPI"},
            {"name": "medtrack", "skip_reason": "distribution marked as editable"},
        ]
    }
    status, lines = verdict(report)
    assert status == NOT_CHECKED
    assert "Could not check 1 of 2 packages" in lines[0]
    assert lines[-1] == "NOT CHECKED: this is not a clean audit."


def test_an_empty_report_is_not_a_clean_audit():
    assert verdict({"dependencies": []})[0] == NOT_CHECKED
