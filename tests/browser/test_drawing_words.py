"""The words of the drawings at 320 px and at 200 % zoom (issue 15): the "Is it
working?" chart on the History page and the guide's two drawings keep their words at
the size of the page's small text, none running into another, none cut off, and
nothing scrolling sideways. Words drawn inside an SVG shrink with it; these are HTML.

200 % zoom on a 390 px phone lays the page out in 195 CSS px (test_body_map.py); the
words are measured as drawn, in CSS px: an SVG <text> at font-size 11 in a drawing
shown at half its size counts as 5.5 px.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from injections.services.scores import record_scores
from tests.browser.conftest import SCREENSHOTS, assert_no_axe_violations, sign_in
from tests.conftest import PASSWORD, make_patient

SIZES = {
    "390px": {"width": 390, "height": 844},
    "320px": {"width": 320, "height": 640},
    "200%-zoom": {"width": 195, "height": 422},
}
SMALLEST = 16  # CSS px, as the body map's words (test_body_map.py)
ZONE = "Europe/London"


def scored_patient(username: str, *, weeks_in: int, baseline_days: int = 0):
    """A patient `weeks_in` weeks into treatment (today in the week after), who gave
    scores every day from `baseline_days` before the start until yesterday."""
    today = timezone.localdate(timezone.now(), ZoneInfo(ZONE))
    start = today - timedelta(weeks=weeks_in)
    patient = make_patient(username, start_date=start, time_zone=ZONE)
    for n in range(-baseline_days, (today - start).days):
        day = start + timedelta(days=n)
        score = max(1, 8 - n // 7)
        record_scores(patient=patient, day=day, recorded_by=patient.user, pain=score,
                      stiffness=score + 1, fatigue=score - 1,
                      now=datetime.combine(day, time(20), tzinfo=ZoneInfo(ZONE)))  # fmt: skip
    return patient


# Four weeks in (the demo's five columns); two in (three columns: "2 weeks" near the
# end, its words left of its line); eleven in with a week scored before the start
# (twelve columns, too many for every week's number at 200 %).
CHARTS = {"five-weeks": (4, 0), "three-weeks": (2, 0), "twelve-weeks": (10, 7)}


@pytest.fixture
def charted(transactional_db, request):
    weeks_in, baseline = CHARTS[request.param]
    return scored_patient("carmen", weeks_in=weeks_in, baseline_days=baseline)


# What a part of the page measures of its words: every visible element with text of
# its own (an SVG <text> included, a <title> not: it is never drawn), the size its
# words are drawn at, and their box.
WORDS = """part => {
    const found = [];
    for (const element of part.querySelectorAll("*")) {
        if (element.closest("title, desc, style, script, .visually-hidden")) continue;
        const texts = [...element.childNodes].filter(
            node => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
        );
        const style = getComputedStyle(element);
        if (!texts.length || style.visibility === "hidden") continue;
        const range = document.createRange();
        range.setStartBefore(texts[0]);
        range.setEndAfter(texts[texts.length - 1]);
        const box = element instanceof SVGElement ? element.getBoundingClientRect()
            : range.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        // Inside a drawing, the words shrink or grow with it.
        const m = element instanceof SVGGraphicsElement ? element.getScreenCTM() : null;
        const scale = m ? Math.hypot(m.a, m.b) : 1;
        found.push({
            text: texts.map(node => node.textContent.trim()).join(" "),
            size: Math.round(parseFloat(style.fontSize) * scale * 10) / 10,
            left: box.left, right: box.right, top: box.top, bottom: box.bottom,
        });
    }
    const bounds = part.getBoundingClientRect();
    return {words: found, bounds: {left: bounds.left, right: bounds.right}};
}"""


def assert_words_readable(page: Page, selector: str) -> list[str]:
    """Each part matching `selector` has words, all at least SMALLEST px, none over
    another, none beyond the part or the page; returns the words, in order."""
    texts = []
    client = page.evaluate("document.scrollingElement.clientWidth")
    parts = page.locator(selector)
    assert parts.count(), f"nothing matches {selector}"
    for part in parts.all():
        measured = part.evaluate(WORDS)
        words, bounds = measured["words"], measured["bounds"]
        assert words, f"{selector} has no words"
        small = [(w["text"], w["size"]) for w in words if w["size"] < SMALLEST]
        assert small == [], f"words under {SMALLEST} px: {small}"
        beyond = [
            (w["text"], round(w["left"]), round(w["right"]), bounds)
            for w in words
            if w["left"] < max(bounds["left"], 0) - 1
            or w["right"] > min(bounds["right"], client) + 1
        ]
        assert beyond == [], f"words cut off at the edge: {beyond}"
        over = [
            (a["text"], b["text"])
            for n, a in enumerate(words)
            for b in words[n + 1 :]
            if a["left"] < b["right"] - 0.5
            and b["left"] < a["right"] - 0.5
            and a["top"] < b["bottom"] - 0.5
            and b["top"] < a["bottom"] - 0.5
        ]
        assert over == [], f"words over one another: {over}"
        texts += [w["text"] for w in words]
    return texts


def assert_no_sideways_scroll(page: Page) -> None:
    width, client = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert width <= client, f"the page scrolls sideways: {width} > {client} px"


def open_at(browser, live_server, size: str, locale: str) -> Page:
    context = browser.new_context(
        viewport=SIZES[size],
        device_scale_factor=2,
        base_url=live_server.url,
        bypass_csp=True,  # for axe-core, as on the `page` fixture
        locale=locale,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def open_page(browser, live_server):
    pages = []

    def opened(size: str, locale: str = "en-GB") -> Page:
        pages.append(open_at(browser, live_server, size, locale))
        return pages[-1]

    yield opened
    for page in pages:
        page.context.close()


def shoot(part: Locator, name: str) -> None:
    """A PNG of one part of the page under test-output/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    part.screenshot(path=SCREENSHOTS / f"{name}.png")


def shown_weeks(page: Page) -> list[str]:
    """The week numbers under the chart that can be seen."""
    return page.locator(".progress-weeks li").evaluate_all(
        """items => items.map(item => item.querySelector("span"))
            .filter(span => getComputedStyle(span).visibility !== "hidden")
            .map(span => span.textContent.trim())"""
    )


@pytest.mark.parametrize("charted", CHARTS, indirect=True)
@pytest.mark.parametrize("size", SIZES)
def test_the_charts_words_stay_readable_apart_and_inside_the_page(open_page, charted, size):
    page = open_page(size)
    sign_in(page, "carmen")
    page.goto("/history/")
    chart = page.locator("figure.progress")
    chart.scroll_into_view_if_needed()
    expect(page.get_by_role("img", name="Treatment started on")).to_be_visible()

    words = assert_words_readable(page, "figure.progress")
    assert {"10", "5", "0", "100 %", "50 %", "0 %", "Weeks of treatment"} <= set(words)
    weeks = shown_weeks(page)
    assert weeks and set(weeks) <= set(words)
    assert_no_sideways_scroll(page)
    shoot(chart, f"progress-chart-{len(page.locator('.progress-weeks li').all())}-weeks-{size}")


@pytest.mark.parametrize("charted", ["five-weeks"], indirect=True)
def test_at_200_percent_zoom_every_other_week_keeps_its_number(open_page, charted):
    wide = open_page("390px")
    sign_in(wide, "carmen")
    wide.goto("/history/")
    assert shown_weeks(wide) == ["1", "2", "3", "4", "5"]

    zoomed = open_page("200%-zoom")
    sign_in(zoomed, "carmen")
    zoomed.goto("/history/")
    assert shown_weeks(zoomed) == ["1", "3", "5"]
    marks = zoomed.locator(".progress-marks")
    expect(marks).to_have_count(2)  # a row each: their words never meet
    expect(marks.first).to_contain_text("Start")
    expect(marks.last).to_contain_text("2 weeks")
    assert_no_axe_violations(zoomed)


@pytest.mark.parametrize("charted", ["five-weeks", "three-weeks"], indirect=True)
def test_in_spanish_the_longer_words_fit_too_at_200_percent_zoom(open_page, charted):
    page = open_page("200%-zoom", locale="es-ES")
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("carmen")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()
    page.goto("/history/")
    words = assert_words_readable(page, "figure.progress")
    assert {"Inicio", "2 semanas", "Semanas de tratamiento"} <= set(words)
    page.goto("/guide/")
    assert "sin capuchón" in assert_words_readable(page, ".guide-figure")
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_guides_drawings_keep_their_words_readable(open_page, patient, size):
    page = open_page(size)
    sign_in(page, "alice")
    page.goto("/guide/")
    expect(page.get_by_role("img", name="A fold of skin pinched")).to_be_visible()
    expect(page.get_by_role("img", name="A used syringe")).to_be_visible()

    words = assert_words_readable(page, ".guide-figure")
    assert "45–90°" in words and "no cap" in words
    assert_no_sideways_scroll(page)
    if size == "200%-zoom":
        assert_no_axe_violations(page)
    for n, figure in enumerate(page.locator(".guide-figure").all(), start=1):
        shoot(figure, f"guide-drawing-{n}-{size}")
