"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked `browser`. Without Chromium they skip, saying how to install
it; with MEDTRACK_REQUIRE_BROWSER=1 (CI) they fail instead, so CI never passes by
skipping them.
"""

import os
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Locator, Page, sync_playwright

from injections.rules.geometry import Administrator, Site
from injections.services.doses import record_dose
from injections.web.throttling import SignInForm
from tests.conftest import PASSWORD, make_patient

# Playwright's sync API keeps an asyncio loop running in the main thread, and Django
# refuses ORM calls from a thread with a running loop. The tests and their fixtures
# are plain synchronous code, so the guard only gets in the way here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parents[1]
SCREENSHOTS = PROJECT_ROOT / "test-output" / "screenshots"
AXE_SCRIPT = HERE / "vendor" / "axe.min.js"

CHROMIUM = shutil.which("chromium")
NO_CHROMIUM = "Chromium is not installed: apt-get install -y chromium (CI installs it)"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
YESTERDAYS_SITE = Site("thigh", "left", 60, 100)


def browser_required() -> bool:
    return os.environ.get("MEDTRACK_REQUIRE_BROWSER") == "1"


@pytest.hookimpl(tryfirst=True)  # before `-m` selection reads the markers
def pytest_collection_modifyitems(config, items):
    # A conftest hook sees every collected item, not only this folder's.
    for item in items:
        if not item.path.is_relative_to(HERE):
            continue
        item.add_marker(pytest.mark.browser)
        if CHROMIUM is None and not browser_required():
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


@pytest.fixture(autouse=True)
def _restore_migrated_rows(django_db_serialized_rollback):
    """The live server needs transactional tests, which empty every table afterwards;
    serialized rollback puts back the rows migrations add (the anakinra medication)
    before each test here. pytest-django runs these after the `db` tests."""


# --- Chromium ---------------------------------------------------------------------


def _database_snapshots() -> dict[str, str]:
    """The copies of the migrated rows Django took when it created the test databases."""
    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if CHROMIUM is None:
        # Only reached when MEDTRACK_REQUIRE_BROWSER=1; otherwise the tests were skipped.
        pytest.fail(f"{NO_CHROMIUM}; MEDTRACK_REQUIRE_BROWSER=1 forbids skipping", pytrace=False)
    # The test databases exist (django_db_setup) before Playwright starts its loop.
    snapshots = _database_snapshots()
    with sync_playwright() as playwright:
        # Django keeps connections in an asgiref Local, which turns per-context once a loop
        # runs in the thread: from here on the tests get new connection objects, without
        # the snapshot that serialized rollback restores. Hand it over.
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        # Debian's Chromium, never `playwright install`: there is nothing to download.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _phone_page(browser, live_server, *, bypass_csp: bool, **options):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, bypass_csp=bypass_csp, locale="en-GB", **options
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page on the live server, `page.goto("/")` relative to it.

    The app's CSP (script-src 'self') blocks the inline script that
    `page.add_script_tag` injects, so this context bypasses CSP to let axe-core in.
    That is for the harness only: `strict_page` keeps the CSP and checks the app
    against it.
    """
    context, page = _phone_page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """What the browser said about the Content Security Policy on `strict_page`."""
    return []


@pytest.fixture
def strict_page(browser, live_server, csp_violations):
    """A phone-sized page that enforces the app's CSP, listening from its first load."""
    context, page = _phone_page(browser, live_server, bypass_csp=False)

    def record(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", record)
    yield page
    context.close()


@pytest.fixture
def open_phone_page(browser, live_server):
    """Opens more phone-sized pages, each in a browser context of its own (its own
    cookies: another person signed in at the same time). `strict=True` keeps the CSP,
    as on `strict_page`; otherwise it is bypassed for axe, as on `page`."""
    contexts = []

    def open_page(*, strict: bool = False) -> Page:
        context, new_page = _phone_page(browser, live_server, bypass_csp=not strict)
        contexts.append(context)
        return new_page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def no_js_page(browser, live_server):
    """A phone-sized page with JavaScript off: every action must work as a plain form."""
    context, page = _phone_page(browser, live_server, bypass_csp=False, java_script_enabled=False)
    yield page
    context.close()


# --- The cast, stored before any page opens (transactional: the server thread sees it)


def _hour_nearest(now):
    return (now + timedelta(minutes=30)).replace(minute=0, second=0, microsecond=0).time()


def make_due_patient(username: str, *, days_in: int = 3):
    """A patient `days_in` days into a daily regimen scheduled at the hour nearest now
    (UTC), so that today's slot is open and on time whenever the test runs."""
    now = timezone.now()
    return make_patient(
        username,
        start_date=now.date() - timedelta(days=days_in),
        time_zone="UTC",
        time_of_day=_hour_nearest(now),
    )


@pytest.fixture
def patient(transactional_db):
    """Alice, whose daily dose is scheduled at the hour nearest now (UTC): due now."""
    return make_due_patient("alice")


@pytest.fixture
def dosed_yesterday(transactional_db):
    """Yusuf, due now, who injected his left thigh 6 cm from its inner edge, 10 cm down,
    yesterday at this time (more than 12 hours ago: the check-in asks how that site looks)."""
    patient = make_due_patient("yusuf")
    yesterday = timezone.now() - timedelta(days=1)
    record_dose(
        regimen=patient.regimens.get(),
        taken_at=yesterday,
        site=YESTERDAYS_SITE,
        administered_by=Administrator.SELF,
        entered_by=patient.user,
        now=yesterday,
    )
    return patient


@pytest.fixture
def upcoming_patient(transactional_db):
    """Bob, whose treatment starts the day after tomorrow: his first slot is upcoming."""
    return make_patient("bob", start_date=timezone.now().date() + timedelta(days=2))


@pytest.fixture
def outsider(transactional_db):
    """Eve can sign in but is not a patient."""
    return get_user_model().objects.create_user("eve", password=PASSWORD)


# --- Helpers ----------------------------------------------------------------------


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in by the form's labels, in the language the page is in (a Spanish
    browser gets "Nombre de usuario")."""
    page.goto("/accounts/login/")
    with translation.override(page.evaluate("document.documentElement.lang")):
        form = SignInForm()
        username_label = str(form.fields["username"].label)
        password_label = str(form.fields["password"].label)
        button = gettext("Sign in")
    page.get_by_label(username_label, exact=True).fill(username)
    page.get_by_label(password_label, exact=True).fill(password)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def tab_to(
    page: Page,
    target: Locator,
    *,
    limit: int = 10,
    backwards: bool = False,
    at_each_stop: Callable[[Page], object] | None = None,
) -> None:
    """Press Tab (Shift+Tab with `backwards`) until `target` has the focus; fail if it
    never gets it. `at_each_stop` is called after every press (a check of the focus)."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if at_each_stop is not None:
            at_each_stop(page)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of {key} never reached {target}")


def assert_focus_visible(page: Page) -> str:
    """The focused element is not <body> and draws an outline; returns a description of
    it (tag, id and text) for the failure messages of the caller."""
    focused = page.evaluate(
        """() => {
            const element = document.activeElement;
            const style = getComputedStyle(element);
            return {
                tag: element.tagName.toLowerCase(),
                id: element.id,
                text: (element.innerText || element.value || "").trim().slice(0, 60),
                outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth),
            };
        }"""
    )
    description = f"<{focused['tag']} id={focused['id']!r}> {focused['text']!r}"
    assert focused["tag"] != "body", "the focus fell back to <body>"
    visible = focused["outline"] != "none" and focused["width"] > 0
    assert visible, f"no visible focus on {description}"
    return description


def assert_no_axe_violations(page: Page) -> None:
    """Run axe-core (all rules but the experimental ones) on the page as it stands."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(
        """async () => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                targets: v.nodes.map(node => node.target.join(" ")),
            }));
        }"""
    )
    if violations:
        lines = [
            f"- {v['id']} ({v['impact']}): {v['help']}; targets: {', '.join(v['targets'])}"
            for v in violations
        ]
        pytest.fail(f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines))


def save_screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under test-output/screenshots/ (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    return path
