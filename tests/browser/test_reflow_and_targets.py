"""Every page at 320 px and at 200 % zoom (issue 15, items 2 and 3): nothing scrolls
sideways, and every control is a target of at least 44 x 44 CSS px.

200 % zoom on a 390 px phone lays the page out in 195 CSS px: a viewport 195 px wide
(a device scale factor is not zoom, it only sharpens the pixels). The pages hold the
demo's data (services.demo), so each has its content: a history, supplies, health
records, a caregiver's patient and the clinic's review. One signed-in browser context
per person visits all of their pages at both widths.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from injections.models import Dose, Patient
from injections.services.demo import CAREGIVER, CLINICIAN, PATIENT, seed_demo
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in

WIDTHS = {"320px": 320, "200%-zoom": 195}
# The pages to look at, in test-output/screenshots/, at 390 px as well.
PICTURED = {"/": "checkin", "/health/": "health", "/clinic/": "clinic-review"}
HEIGHT = 740
PASSWORD = "a demo password for the browser tests"

# What the page measures of itself (measure_page.js): how wide its content is, the
# targets under 44 x 44 CSS px, and what sticks out or scrolls sideways.
MEASURE = (Path(__file__).parent / "measure_page.js").read_text(encoding="utf-8")


def _pages_of_each_person() -> dict[str, list[str]]:
    """Every page of injections/web/urls.py that answers a GET with HTML, by who reads
    it (files, feeds and the POST-only actions are not pages)."""
    patient = Patient.objects.get(user__username=PATIENT)
    dose = Dose.objects.filter(regimen__patient=patient).order_by("-taken_at").first()
    user = patient.user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    reset = f"/password-reset/{uid}/{default_token_generator.make_token(user)}/"
    pk = patient.pk
    return {
        "": [
            "/accounts/login/",
            "/password-reset/",
            "/password-reset/sent/",
            reset,
            "/password-reset/done/",
            "/offline/",
        ],
        PATIENT: [
            "/",
            "/history/",
            "/history/import/",
            "/history/report/",
            f"/doses/{dose.pk}/",
            "/supplies/",
            "/health/",
            "/health/medicines/print/",
            "/guide/",
            "/sharing/",
            "/sharing/record-log/",
            "/settings/",
            "/settings/password/",
            "/account/sessions/",
            "/invitations/accept/",
        ],
        CAREGIVER: [
            "/patients/",
            f"/patients/{pk}/",
            f"/patients/{pk}/history/",
            f"/patients/{pk}/guide/",
        ],
        CLINICIAN: [
            "/clinic/",
            f"/clinic/patients/{pk}/",
            f"/clinic/patients/{pk}/report/",
            "/account/two-step/",
        ],
    }


def _cards_still_a_table(page, label: str) -> list[str]:
    """The clinic review as cards is still a table to assistive technology: a row a
    patient, named by its row header, and each figure a cell under its column."""
    review = page.get_by_role("table", name=re.compile("patients"))
    card = review.get_by_role("row", name=re.compile("demo-patient"))
    found = {
        "the patient's row": card.count(),
        "its row header": card.get_by_role("rowheader", name="demo-patient").count(),
        "a column header Adherence, 30 days": review.get_by_role(
            "columnheader", name=re.compile("Adherence, 30 days")
        ).count(),
        "its cells": card.get_by_role("cell").count(),
    }
    return [f"the clinic review at {label} lost {what}" for what, n in found.items() if not n]


@pytest.fixture
def demo(transactional_db):
    return seed_demo(password=PASSWORD)


@pytest.mark.parametrize("locale", ["en-GB", "es-ES"])
def test_no_page_scrolls_sideways_and_every_target_is_44_px_at_320_px_and_200_percent_zoom(
    browser, live_server, demo, locale
):
    """In English and in Spanish, whose words are longer."""
    problems = []
    for person, urls in _pages_of_each_person().items():
        context = browser.new_context(
            viewport={"width": 320, "height": HEIGHT},
            base_url=live_server.url,
            locale=locale,
            bypass_csp=True,  # for axe-core, as on the `page` fixture
        )
        page = context.new_page()
        if person:
            sign_in(page, person, PASSWORD)
        for url in urls:
            page.goto(url)
            pictured = PICTURED.get(url)
            if os.environ.get("PICTURE_ALL"):  # to look at every page: PICTURE_ALL=1
                pictured = pictured or url.strip("/").replace("/", "-")
            if pictured:
                page.set_viewport_size({"width": 390, "height": HEIGHT})
                save_screenshot(page, f"reflow-{pictured}-390px-{locale}")
            for label, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": HEIGHT})
                if pictured:
                    save_screenshot(page, f"reflow-{pictured}-{label}-{locale}")
                found = page.evaluate(MEASURE)
                if found["scrollWidth"] != found["clientWidth"]:
                    problems.append(
                        f"{person or 'anyone'} {url} at {label} scrolls sideways: "
                        f"{found['scrollWidth']} px of content in {found['clientWidth']}: "
                        + "; ".join(found["wide"])
                    )
                problems += [
                    f"{person or 'anyone'} {url} at {label}: {problem}"
                    for problem in found["scrolling"] + found["small"]
                ]
                if url == "/clinic/" and locale == "en-GB":
                    problems += _cards_still_a_table(page, label)
            assert_no_axe_violations(page)  # as laid out at 200 % zoom: cards, label rows
        context.close()
    assert not problems, "\n".join(problems)
