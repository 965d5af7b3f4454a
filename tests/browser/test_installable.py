"""medtrack installs as an app and says so when there is no connection (issue 11,
item 3), in a phone-sized Chromium under the app's strict CSP."""

import json

from playwright.sync_api import expect

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    assert_no_axe_violations,
    sign_in,
)


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


def test_chromium_finds_the_app_installable(browser, live_server, patient, tmp_path):
    """What Chromium checks before it offers "Install app", asked through DevTools
    since a headless browser shows no prompt: an empty list is installable. In a
    profile of its own on disk: Chromium offers no install in a private window."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        base_url=live_server.url, viewport=PHONE,
    )  # fmt: skip
    try:
        page = context.pages[0] if context.pages else context.new_page()
        sign_in(page, "alice")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        devtools = context.new_cdp_session(page)
        assert devtools.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert devtools.send("Page.getAppManifest")["errors"] == []
    finally:
        context.close()


def test_a_pushed_reminder_shows_as_a_notification_with_log_dose(browser, live_server, patient):
    """The service worker's push handler, fed a message through DevTools as a push
    service would deliver it: it shows the reminder, with its "Log dose" action."""
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.grant_permissions(["notifications"], origin=live_server.url)
    try:
        page = context.new_page()
        sign_in(page, "alice")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        devtools = context.new_cdp_session(page)
        registrations = []
        devtools.on(
            "ServiceWorker.workerRegistrationUpdated",
            lambda event: registrations.extend(event["registrations"]),
        )
        devtools.send("ServiceWorker.enable")  # tells of the registrations it knows
        for _wait in range(200):  # events arrive while Playwright waits
            if registrations:
                break
            page.wait_for_timeout(50)
        [registration] = [r for r in registrations if not r["isDeleted"]][:1]
        message = {
            "title": "Time for your Anakinra (Kineret)",
            "body": "Your dose is due now: 100 mg of Anakinra (Kineret), at 08:00.",
            "url": live_server.url + "/",
            "tag": "dose-1-2026-12-03",
            "actions": [{"action": "log", "title": "Log dose"}],
        }
        # The worker shows the notification in its own time: ask until it is there
        # (wait_for_function would take the promise itself for a truthy answer). Under
        # load a push can reach a worker that is not running yet and be lost: deliver
        # it again (the same tag, so one notification) until one is shown.
        shown = None
        for _delivery in range(5):
            devtools.send(
                "ServiceWorker.deliverPushMessage",
                {
                    "origin": live_server.url,
                    "registrationId": registration["registrationId"],
                    "data": json.dumps(message),
                },
            )
            for _wait in range(100):
                shown = page.evaluate(
                    """() => navigator.serviceWorker.ready
                        .then((r) => r.getNotifications())
                        .then((all) => all.length ? all.map((n) => ({
                            title: n.title, body: n.body, tag: n.tag,
                            actions: n.actions.map((a) => a.title), url: n.data.url,
                        })) : null)"""
                )
                if shown:
                    break
                page.wait_for_timeout(50)
            if shown:
                break
        assert shown == [
            {
                "title": message["title"],
                "body": message["body"],
                "tag": message["tag"],
                "actions": ["Log dose"],
                "url": message["url"],
            }
        ]
    finally:
        context.close()
