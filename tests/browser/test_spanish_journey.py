"""A Spanish-speaking patient's day in a phone-sized Chromium whose language is Spanish
(issue 15), at 390 px and at 200 % zoom: the check-in from signing in to the dose
logged, then the health page, the language chosen at the foot of the page, and the next
day's reminder email, with no English sentence on any page or in the email (checked
against the catalogue), lang="es", no sideways scrolling, and axe-core clean.

The live server runs on real time: Alice's dose is due now (conftest.py).
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from injections.models import Dose, LanguageChoice
from injections.services.health import record_lab_result
from injections.services.reminders import send_due
from tests.browser.conftest import PHONE, assert_no_axe_violations, save_screenshot
from tests.conftest import PASSWORD
from tests.views.test_spanish_pages import ENGLISH

# A 390 px phone, and the same phone at 200 % zoom: 195 CSS px.
SIZES = {"390px": PHONE, "200-percent": {"width": 195, "height": 422}}


@pytest.fixture(params=SIZES)
def spanish_page(request, browser, live_server):
    context = browser.new_context(
        viewport=SIZES[request.param], base_url=live_server.url, bypass_csp=True, locale="es-ES"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_spanish(page: Page) -> None:
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.evaluate(
        "document.documentElement.scrollWidth === document.documentElement.clientWidth"
    ), f"{page.url} scrolls sideways"
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
    save_screenshot(page, f"spanish-1-check-in-{page.viewport_size['width']}px")
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
    save_screenshot(page, f"spanish-2-health-{page.viewport_size['width']}px")

    # Chosen for her, not only her browser: mail and pushes follow it.
    page.get_by_label("Idioma").select_option(label="Español")
    page.get_by_role("button", name="Cambiar el idioma").click()
    page.wait_for_load_state()
    assert_spanish(page)
    assert LanguageChoice.objects.get(user=patient.user).language == "es"

    patient.user.email = "alice@example.com"
    patient.user.save()
    record_lab_result(patient=patient, taken_on=timezone.localdate(), recorded_by=patient.user)
    mail.outbox.clear()
    # Tomorrow's dose is at the hour nearest now: an hour later, its reminder is due.
    assert send_due(at=timezone.now() + timedelta(days=1, hours=1)).sent == 1
    [reminder] = mail.outbox
    assert reminder.to == ["alice@example.com"]
    html = next(body for body, kind in reminder.alternatives if kind == "text/html")
    for text in (reminder.subject, reminder.body, html):
        assert sorted(piece for piece in ENGLISH if piece in text) == [], text
    assert 'lang="es"' in html
    assert "Kineret" in reminder.subject
