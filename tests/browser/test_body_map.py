"""The body map in a phone-sized Chromium: a body drawn from the front and from behind,
its regions opened enlarged by keyboard or by a tap, a tap on the enlarged region
picking that spot, and words that stay readable and inside the page at 200 % zoom.

A 390 px phone at 200 % zoom is approximated by a 195 px wide viewport at a device
scale factor of 2 (and a 320 px one by 160 px): the page lays out in as many CSS
pixels as a zoomed page has.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    SCREENSHOTS,
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)

PHONES = {"390": {"width": 390, "height": 844}, "360": {"width": 360, "height": 740}}
SCREENS = PHONES | {"320": {"width": 320, "height": 640}, "1024": {"width": 1024, "height": 900}}
ZOOMED = {  # CSS pixels of a phone at 200 %
    "390-at-200": {"width": 195, "height": 422},
    "320-at-200": {"width": 160, "height": 284},
}


@pytest.fixture
def zoomed_page(browser, live_server):
    """Opens a page laid out as a phone at 200 % zoom."""
    contexts = []

    def open_page(size: str) -> Page:
        context = browser.new_context(
            viewport=ZOOMED[size],
            device_scale_factor=2,
            base_url=live_server.url,
            bypass_csp=True,
            locale="en-GB",
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


# --- Reading the map --------------------------------------------------------------


def body_map(page: Page) -> Locator:
    return page.locator('[data-map-for="pick-form"]')


def region_button(page: Page, name: str) -> Locator:
    return body_map(page).get_by_role("button", name=re.compile(rf"^{name}"))


def zoom_of(page: Page, button: Locator) -> Locator:
    return page.locator(f"#{button.get_attribute('aria-controls')}")


def assert_no_sideways_scroll(page: Page) -> None:
    """The page, the map and all, does not scroll sideways."""
    width, client = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert width <= client, f"the page scrolls sideways: {width} > {client} px"


def map_words(page: Page) -> list[dict]:
    """Every visible element of the map that holds words of its own: its text, its
    computed font size, and whether its words overflow it or the map."""
    return body_map(page).evaluate(
        """map => {
            const bounds = map.getBoundingClientRect();
            const found = [];
            for (const element of map.querySelectorAll("*")) {
                if (element.closest("svg, .visually-hidden")) continue;
                const own = [...element.childNodes].some(
                    node => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
                );
                const box = element.getBoundingClientRect();
                if (!own || box.width === 0 || box.height === 0) continue;
                found.push({
                    text: element.textContent.trim().slice(0, 40),
                    size: parseFloat(getComputedStyle(element).fontSize),
                    overflows: element.scrollWidth > element.clientWidth + 1
                        && getComputedStyle(element).display !== "inline",
                    outside: box.left < bounds.left - 1 || box.right > bounds.right + 1,
                });
            }
            return found;
        }"""
    )


def assert_words_readable(page: Page) -> None:
    words = map_words(page)
    assert words, "the map has no words"
    small = [word for word in words if word["size"] < 16]
    assert small == [], f"words under 16 px: {small}"
    spilled = [word for word in words if word["overflows"] or word["outside"]]
    assert spilled == [], f"words overflowing: {spilled}"


def px_per_cm(region: Locator) -> float:
    """The drawn size of one centimetre of a region's frame, on the screen."""
    return region.evaluate(
        """group => {
            const m = group.querySelector(".region-frame").getScreenCTM();
            return 10 * Math.hypot(m.a, m.b);
        }"""
    )


def tap_frame(page: Page, region: Locator, x_cm: float, y_cm: float) -> dict:
    """A pointer tap at a point of a region's frame, in its own centimetres; returns where
    on the screen it landed."""
    region.scroll_into_view_if_needed()
    point = region.evaluate(
        """(group, [x, y]) => {
            const frame = group.querySelector(".region-frame");
            const p = new DOMPoint(x, y).matrixTransform(frame.getScreenCTM());
            const box = frame.getBoundingClientRect();
            return {x: p.x, y: p.y, left: box.left, right: box.right};
        }""",
        [x_cm * 10, y_cm * 10],
    )
    page.mouse.click(point["x"], point["y"])
    return point


def shoot(part: Locator, name: str) -> None:
    """A PNG of one part of the page under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    part.screenshot(path=SCREENSHOTS / f"{name}.png")


# --- The drawing ------------------------------------------------------------------


@pytest.mark.parametrize("size", SCREENS)
def test_the_map_is_a_body_whose_words_stay_readable_at_100_percent(page, dosed_yesterday, size):
    page.set_viewport_size(SCREENS[size])
    sign_in(page, "yusuf")
    body_map(page).scroll_into_view_if_needed()
    expect(body_map(page).locator("figcaption").first).to_contain_text(
        "As you look down at yourself: your left is on the left"
    )
    unavailable = body_map(page).locator(".bodymap-unavailable")
    expect(unavailable).to_contain_text("someone else only")
    expect(unavailable.get_by_role("listitem")).to_have_text(
        ["Upper arm left", "Upper arm right", "Buttock left", "Buttock right"]
    )
    expect(body_map(page).locator(".bodymap-svg .region-unavailable")).to_have_count(4)
    expect(unavailable.get_by_role("button")).to_have_count(0)  # nothing to open
    assert_no_sideways_scroll(page)
    assert_words_readable(page)
    shoot(body_map(page), f"bodymap-{size}px")

    region_button(page, "Thigh left").click()
    assert_no_sideways_scroll(page)
    assert_words_readable(page)
    shoot(body_map(page), f"bodymap-thigh-open-{size}px")


@pytest.mark.parametrize("size", ZOOMED)
def test_the_map_fits_and_its_words_stay_readable_at_200_percent(
    zoomed_page, dosed_yesterday, size
):
    page = zoomed_page(size)
    sign_in(page, "yusuf")
    body_map(page).scroll_into_view_if_needed()
    assert_no_sideways_scroll(page)
    assert_words_readable(page)
    shoot(body_map(page), f"bodymap-{size}")

    for name in ("Abdomen left of the navel", "Thigh left"):
        region_button(page, name).click()
        zoom = zoom_of(page, region_button(page, name))
        expect(zoom.locator("svg")).to_be_visible()
        assert_no_sideways_scroll(page)
        assert_words_readable(page)
    shoot(zoom, f"bodymap-thigh-open-{size}")


def test_someone_else_sees_the_front_facing_them_and_the_back_from_behind(page, patient):
    sign_in(page, "alice")
    page.get_by_role("link", name="Someone else").click()
    captions = body_map(page).locator("figcaption")
    expect(captions.first).to_contain_text("Facing them: their left is on your right")
    expect(captions.last).to_contain_text("As you stand behind them: their left is on your left")
    expect(body_map(page).locator(".bodymap-unavailable")).to_have_count(0)
    # Facing them, their left thigh is on the screen's right, its inner edge on the left.
    left, right = (
        body_map(page).locator(f'.bodymap-svg [data-zooms="bm-zoom-thigh-{side}"]').bounding_box()
        for side in ("left", "right")
    )
    assert left["x"] > right["x"]
    assert_no_sideways_scroll(page)
    assert_words_readable(page)
    shoot(body_map(page), "bodymap-someone-else-390px")


# --- Opening a region -------------------------------------------------------------


@pytest.mark.parametrize("size", PHONES)
def test_a_region_opens_enlarged_with_the_keyboard(page, patient, size):
    page.set_viewport_size(PHONES[size])
    sign_in(page, "alice")
    button = region_button(page, "Thigh left")
    expect(button).to_have_attribute("aria-expanded", "false")
    zoom = zoom_of(page, button)
    expect(zoom).to_be_hidden()

    tab_to(page, button, limit=40)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(zoom.locator("svg")).to_be_visible()
    expect(zoom).to_contain_text("hip")
    expect(zoom).to_contain_text("knee")
    thigh = zoom.locator('[data-place="thigh:left"]')
    assert px_per_cm(thigh) >= 20  # a precise spot, even on a 360 px phone

    # Another region closes the first; Enter again closes it.
    other = region_button(page, "Abdomen left of the navel")
    tab_to(page, other, limit=10, backwards=True)
    page.keyboard.press("Enter")
    expect(zoom).to_be_hidden()
    expect(zoom_of(page, other).locator("svg")).to_be_visible()
    assert px_per_cm(zoom_of(page, other).locator('[data-place="abdomen"]')) >= 20
    page.keyboard.press("Enter")
    expect(zoom_of(page, other)).to_be_hidden()
    assert_no_axe_violations(page)


def test_a_tap_on_the_drawing_opens_the_region_tapped(page, patient):
    sign_in(page, "alice")
    overview = body_map(page).locator(".bodymap-svg")
    # The right of the abdomen, as the patient looks down: its right half opens.
    tap_frame(page, overview.locator('[data-zooms~="bm-zoom-abdomen-right"]'), 20, 8)
    expect(page.locator("#bm-zoom-abdomen-right")).to_be_visible()
    expect(region_button(page, "Abdomen right of the navel")).to_have_attribute(
        "aria-expanded", "true"
    )
    tap_frame(page, overview.locator('[data-zooms="bm-zoom-thigh-right"]'), 6, 10)
    expect(page.locator("#bm-zoom-thigh-right")).to_be_visible()
    expect(page.locator("#bm-zoom-abdomen-right")).to_be_hidden()


# --- Picking a spot ---------------------------------------------------------------


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_tap_on_the_enlarged_thigh_picks_that_spot_from_its_inner_edge(page, patient, side):
    sign_in(page, "alice")
    region_button(page, f"Thigh {side}").click()
    thigh = page.locator(f'#bm-zoom-thigh-{side} [data-place="thigh:{side}"]')
    landed = tap_frame(page, thigh, 2, 5)
    # The patient's left is on the screen's left: the left thigh's inner edge is its
    # right-hand side, the right thigh's its left-hand side. 2 cm from it, either way.
    inner = landed["right"] if side == "left" else landed["left"]
    assert abs(abs(landed["x"] - inner) - 2 * px_per_cm(thigh)) < 2

    form = page.locator("#pick-form")
    expect(page.get_by_role("heading", name=f"Your spot: thigh {side} at 2, 5 cm")).to_be_visible()
    expect(form.get_by_label("Body area")).to_have_value(f"thigh:{side}")
    expect(form.get_by_label("Across")).to_have_value("2")
    expect(form.get_by_label("Down")).to_have_value("5")
    # The page opens with the spot shown, enlarged, where it was tapped.
    zoom = page.locator(f"#bm-zoom-thigh-{side}")
    expect(zoom).to_be_visible()
    chosen = zoom.locator(".mark-chosen")
    expect(chosen).to_have_attribute("transform", "translate(20 50)")
    box = chosen.locator("circle").bounding_box()
    thigh = zoom.locator(f'[data-place="thigh:{side}"]')
    again = thigh.evaluate(
        """group => {
            const m = group.querySelector(".region-frame").getScreenCTM();
            const p = new DOMPoint(20, 50).matrixTransform(m);
            return {x: p.x, y: p.y};
        }"""
    )
    assert abs(box["x"] + box["width"] / 2 - again["x"]) < 1
    assert_no_axe_violations(page)
    save_screenshot(page, f"bodymap-picked-thigh-{side}-390px")


def test_the_check_in_with_the_map_open_passes_axe(page, dosed_yesterday):
    sign_in(page, "yusuf")
    assert_no_axe_violations(page)
    region_button(page, "Thigh left").click()
    assert_no_axe_violations(page)


def test_on_the_settings_page_a_tap_on_the_enlarged_thigh_places_an_area(page, patient):
    sign_in(page, "alice")
    page.get_by_role("link", name="Settings").click()
    settings_map = page.locator('[data-map-for="zone-form"]')
    # The patient marks their own body: their left on the left, arms and buttocks too.
    expect(settings_map.locator("figcaption").first).to_contain_text("your left is on the left")
    settings_map.get_by_role("button", name="Upper arm left").click()
    settings_map.get_by_role("button", name="Thigh right").click()
    thigh = settings_map.locator('#bm-zoom-thigh-right [data-place="thigh:right"]')
    tap_frame(page, thigh, 6, 10)
    form = page.locator("#zone-form")
    expect(form.get_by_label("Body area")).to_have_value("thigh:right")
    expect(form.get_by_label("Body area")).to_be_focused()  # the form takes it from here
    expect(form.get_by_label("Across")).to_have_value("6")
    expect(form.get_by_label("Down")).to_have_value("10")
    assert_no_sideways_scroll(page)
    assert_no_axe_violations(page)
    shoot(settings_map, "bodymap-settings-390px")


def test_the_map_raises_no_csp_violation_nor_console_error(strict_page, csp_violations, patient):
    page = strict_page
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(page, "alice")
    overview = body_map(page).locator(".bodymap-svg")
    tap_frame(page, overview.locator('[data-zooms="bm-zoom-thigh-left"]'), 6, 10)
    zoom = page.locator("#bm-zoom-thigh-left")
    expect(zoom).to_be_visible()
    tap_frame(page, zoom.locator('[data-place="thigh:left"]'), 3, 4)
    expect(page.get_by_role("heading", name="Your spot: thigh left at 3, 4 cm")).to_be_visible()
    zoom.get_by_role("button", name="Close").click()
    expect(zoom).to_be_hidden()
    expect(region_button(page, "Thigh left")).to_be_focused()
    assert csp_violations == []
    assert errors == []
