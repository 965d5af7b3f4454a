"""medtrack installs as an app and says so when there is no connection (issue 11,
item 3), in a phone-sized Chromium under the app's strict CSP."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, sign_in


def test_the_service_worker_registers_and_the_offline_page_shows_without_a_network(
    strict_page, csp_violations, patient, open_phone_page
):
    page = strict_page
    sign_in(page, "alice")
    assert page.evaluate("document.querySelector('link[rel=manifest]').href").endswith(
        "/manifest.json"
    )
    manifest = page.request.get("/manifest.json").json()
    assert manifest["display"] == "standalone"
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope.endswith("/")
    page.reload()  # now the worker controls the page
    page.wait_for_function("navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    page.goto("/history/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    expect(page.get_by_text("write down the time and where you injected")).to_be_visible()
    page.context.set_offline(False)
    assert csp_violations == []

    # axe on the offline page, in a context that lets axe in.
    other = open_phone_page()
    other.goto("/offline/")
    assert_no_axe_violations(other)
