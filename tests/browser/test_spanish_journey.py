"""A Spanish-speaking patient's day in a phone-sized Chromium whose language is Spanish
(issue 15): the check-in from signing in to the dose logged, then the health page,
with no English sentence on any page (checked against the catalogue), lang="es", and
axe-core clean.

The live server runs on real time: Alice's dose is due now (conftest.py).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from injections.models import Dose
from tests.browser.conftest import PHONE, assert_no_axe_violations, save_screenshot
from tests.conftest import PASSWORD
from tests.views.test_spanish_pages import ENGLISH


@pytest.fixture
def spanish_page(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, bypass_csp=True, locale="es-ES"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_spanish(page: Page) -> None:
    assert page.locator("html").get_attribute("lang") == "es"
    shown = " ".join(page.locator("body").inner_text().split())
    assert sorted(piece for piece in ENGLISH if piece in shown) == [], page.url
    assert_no_axe_violations(page)


def test_a_spanish_patient_logs_her_dose_and_reads_her_health_page(spanish_page, patient):
    page = spanish_page
    page.goto("/accounts/login/")
    assert_spanish(page)
    page.get_by_label("Nombre de usuario").fill("alice")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()

    expect(page.get_by_role("region", name="Su dosis")).to_contain_text("Pendiente")
    assert_spanish(page)
    save_screenshot(page, "spanish-1-check-in-390px")
    where = page.get_by_role("region", name="Dónde inyectar")
    where.locator('.suggestions form[method="get"]').get_by_role("button").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Su punto: "))).to_be_visible()
    assert_spanish(page)
    page.get_by_role("button", name="Registrar la dosis", exact=True).click()
    expect(page.locator("#announcement")).to_contain_text("Dosis registrada:")
    expect(page.get_by_role("region", name="Su dosis")).to_contain_text("Puesta")
    assert_spanish(page)
    assert Dose.objects.filter(patient=patient, status="taken").exists()

    page.get_by_role("link", name="Salud").click()
    page.wait_for_load_state()
    assert_spanish(page)
    save_screenshot(page, "spanish-2-health-390px")
