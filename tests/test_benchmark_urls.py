"""The bare views `make bench` measures pages against (issue 14) are in the benchmark's
URLs only, behind the same middleware as the app's pages; production's have none."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import Resolver404, resolve

from .test_production_settings import environment

BARE, SIGNED_IN_BARE = "/bench/bare/", "/bench/bare-signed-in/"


def urlconf_read(**variables) -> str:
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.ROOT_URLCONF)"],
        cwd=django_settings.BASE_DIR,
        env=environment(DJANGO_SETTINGS_MODULE="medtrack.settings", **variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_production_reads_its_own_urls_unless_the_benchmark_asks_for_its_own():
    assert urlconf_read() == "medtrack.urls"
    assert urlconf_read(DJANGO_ROOT_URLCONF="benchmarks.urls") == "benchmarks.urls"


@pytest.mark.parametrize("path", [BARE, SIGNED_IN_BARE])
def test_production_urls_have_no_bare_view(path, alice):
    with pytest.raises(Resolver404):
        resolve(path, urlconf="medtrack.urls")
    assert alice.get(path).status_code == 404


def test_the_benchmark_urls_hold_the_bare_views_beside_the_apps_pages(client, alice, settings):
    settings.ROOT_URLCONF = "benchmarks.urls"
    bare = client.get(BARE)
    assert (bare.status_code, bare.content) == (200, b"ok")
    # Behind the same middleware as every page: never cached, under the same policy.
    assert "no-store" in bare["Cache-Control"]
    assert "Content-Security-Policy" in bare
    assert client.get(SIGNED_IN_BARE).url.startswith("/accounts/login/")
    signed_in = alice.get(SIGNED_IN_BARE)
    assert (signed_in.status_code, signed_in.content) == (200, b"ok")
    assert alice.get("/").context["checkin"].patient.user.username == "alice"
