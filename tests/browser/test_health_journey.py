"""Syringes and health in a phone-sized Chromium: a cloudy syringe discarded, an
expired box refused, an urgent side effect that flags the clinic until it is seen,
the foam timer, the check-in's reminders, the medicines list, and the keyboard alone.

The live server runs on real time: the cast is built around `timezone.now()`, with
the dose due now (conftest.py), and every box goes in through the service that adds
it, as a patient's would.
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from injections.models import Clinic, ClinicStaff, Dose, Enrollment, Syringe
from injections.rules.health import next_test_due
from injections.services import supplies
from injections.services.health import record_lab_result
from tests.browser.conftest import (
    assert_focus_visible,
    assert_no_axe_violations,
    make_due_patient,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.conftest import PASSWORD

MEDWATCH = (
    "Serious side effects can also be reported to the FDA MedWatch programme: online at "
    "www.fda.gov/medwatch or by phone at 1-800-FDA-1088."
)
NO_USABLE_SYRINGE = (
    "None of the syringes on hand can be used: past their expiry date or too long at room "
    "temperature. Discard them and start a new box."
)
DISCARDED = "Discarded: put it in the sharps container. The next one is ready."
COUNTDOWN = re.compile(r"^\d:\d\d$")


# --- The cast ---------------------------------------------------------------------
# `patient` (conftest.py) is Alice, due now, with no stock in medtrack yet.


def today() -> date:
    return timezone.now().date()  # the cast lives in UTC


def add_box(patient, *, lot: str, expires_on: date, count: int = 7, now=None) -> list[Syringe]:
    """A box added as the patient would add it; its syringes, first made first."""
    box = supplies.add_box(
        patient=patient,
        medication=patient.regimens.get().medication,
        lot=lot,
        expires_on=expires_on,
        count=count,
        added_by=patient.user,
        now=now,
    )
    return list(box.syringes.order_by("pk"))


@pytest.fixture
def box_of_seven(patient) -> list[Syringe]:
    """Alice's box of 7, good for three months."""
    return add_box(patient, lot="A1234", expires_on=today() + timedelta(days=90))


@pytest.fixture
def expired_box(patient) -> list[Syringe]:
    """Alice's only box expired yesterday."""
    return add_box(patient, lot="OLD99", expires_on=today() - timedelta(days=1))


@pytest.fixture
def clinician(patient):
    """Dr Dee, on the staff of the clinic Alice is enrolled in."""
    clinic = Clinic.objects.create(name="Rheumatology")
    Enrollment.objects.create(patient=patient, clinic=clinic)
    user = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=clinic, user=user)
    return user


@pytest.fixture
def running_low(transactional_db):
    """Rita, 26 days into treatment: 2 syringes left of a box of 5 (3 were dropped),
    a sharps container of 4 holding those 3, and her first monthly blood test due
    within the week (the one before starting is done)."""
    rita = make_due_patient("rita", days_in=26)
    now = timezone.now()
    supplies.replace_sharps(patient=rita, capacity=4, at=now - timedelta(days=2))
    box = add_box(
        rita, lot="LOW55", expires_on=today() + timedelta(days=90), count=5,
        now=now - timedelta(days=2),
    )  # fmt: skip
    for syringe in box[:3]:
        supplies.discard(syringe=syringe, reason="damaged", at=now - timedelta(days=1))
    record_lab_result(patient=rita, taken_on=rita.regimens.get().start_date, recorded_by=rita.user)
    return rita


@pytest.fixture
def kim(transactional_db):
    """Kim, due now, with a box of 7: for the keyboard alone."""
    kim = make_due_patient("kim")
    add_box(kim, lot="K7777", expires_on=today() + timedelta(days=90))
    return kim


# --- Reading the pages ------------------------------------------------------------


def nav(page: Page, name: str, *, heading: str | None = None) -> None:
    """Follow a link of the main navigation to the page whose heading it names."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading or name)


def dose_status(page: Page) -> Locator:
    return page.get_by_role("region", name="Your dose")


def where_to_inject(page: Page) -> Locator:
    return page.get_by_role("region", name="Where to inject")


def choose_the_first_suggestion(page: Page) -> None:
    where_to_inject(page).locator(".suggestions").get_by_role("button").first.click()
    chosen = page.get_by_role("heading", name=re.compile(r"^Your spot: "))
    expect(chosen).to_be_focused()  # the swap is settled
    expect(where_to_inject(page).get_by_text("This spot is fine.")).to_be_visible()


def syringe_problem(page: Page) -> Locator:
    return page.locator("summary", has_text="Something is wrong with the syringe")


def log_dose_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Log dose", exact=True)


def announcement(page: Page) -> Locator:
    return page.locator("#announcement")


def reminders(page: Page) -> Locator:
    return page.get_by_role("region", name="Reminders")


def message(page: Page) -> Locator:
    """The message of a page other than the check-in, after a redirect."""
    return page.locator("main > .messages")


def on_hand(page: Page) -> Locator:
    return page.get_by_role("region", name="Syringes on hand")


def syringe_items(page: Page) -> Locator:
    return on_hand(page).locator("ul.syringes > li")


def discard_form(page: Page, syringe: Syringe) -> Locator:
    """The discard form of this syringe: the one way to tell syringes of a box apart."""
    return page.locator(f'form[action="{reverse("discard-syringe", args=[syringe.pk])}"]')


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def check_page(page: Page, name: str) -> None:
    """The width, axe-core, and a screenshot at 390 px."""
    fits_the_phone(page)
    assert_no_axe_violations(page)
    save_screenshot(page, f"health-{name}-390px")


def assert_choices_keep_their_size(page: Page) -> None:
    """Every radio button and checkbox is drawn at its full 24 px, even beside a label
    that wraps at 390 px."""
    widths = page.locator(".choice input").evaluate_all(
        "inputs => inputs.map(input => [input.id, input.getBoundingClientRect().width])"
    )
    assert widths
    squashed = [name for name, width in widths if width < 24]
    assert squashed == [], f"squashed by their labels: {squashed}"


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"  # as the page says it: "Monday 23 November"


# --- 1: a cloudy syringe ----------------------------------------------------------


def test_a_cloudy_syringe_is_discarded_and_the_next_one_used(page, patient, box_of_seven):
    first, second = box_of_seven[:2]
    sign_in(page, "alice")
    expect(dose_status(page)).to_contain_text("is due now")
    expect(reminders(page)).to_be_visible()  # 7 usable: no refill, nothing to discard
    expect(reminders(page).locator(".status-badge", has_text="Refill")).to_have_count(0)
    expect(reminders(page).locator(".status-badge", has_text="Discard")).to_have_count(0)
    check_page(page, "cloudy-1-due")

    choose_the_first_suggestion(page)
    checklist = where_to_inject(page).locator(".checklist")
    expect(checklist).to_contain_text("Before you inject, check the syringe:")
    expect(checklist).to_contain_text("clear and colourless")
    expect(checklist).to_contain_text("out of the fridge for less than 24 hours")
    listed, button = checklist.bounding_box(), log_dose_button(page).bounding_box()
    assert listed["y"] + listed["height"] <= button["y"], "the checklist comes before Log dose"
    check_page(page, "cloudy-2-checklist")

    syringe_problem(page).click()
    take_the_next = page.get_by_role("link", name="Discard it and take the next one")
    expect(take_the_next).to_be_visible()
    check_page(page, "cloudy-3-something-wrong")

    take_the_next.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supplies")
    expect(on_hand(page)).to_contain_text("7 usable syringes of anakinra: 7 days of doses.")
    expect(syringe_items(page)).to_have_count(7)
    # The first listed is the first to expire: the one the dose would use.
    first_listed = syringe_items(page).first
    expect(first_listed.locator(discard_form(page, first))).to_have_count(1)
    check_page(page, "cloudy-4-supplies")

    first_listed.locator("summary", has_text="Discard it").click()
    first_listed.get_by_label("Why discard it?").select_option("cloudy")
    check_page(page, "cloudy-5-discard-form")
    first_listed.get_by_role("button", name="Discard", exact=True).click()
    expect(message(page)).to_contain_text(DISCARDED)
    expect(on_hand(page)).to_contain_text("6 usable syringes of anakinra: 6 days of doses.")
    expect(syringe_items(page)).to_have_count(6)
    expect(discard_form(page, first)).to_have_count(0)
    check_page(page, "cloudy-6-discarded")

    nav(page, "Today")
    choose_the_first_suggestion(page)
    log_dose_button(page).click()
    expect(announcement(page)).to_contain_text("Dose recorded")
    expect(dose_status(page)).to_contain_text("Taken")
    check_page(page, "cloudy-7-taken")

    nav(page, "Supplies")
    expect(on_hand(page)).to_contain_text("5 usable syringes of anakinra: 5 days of doses.")
    expect(syringe_items(page)).to_have_count(5)
    expect(discard_form(page, first)).to_have_count(0)
    expect(discard_form(page, second)).to_have_count(0)
    check_page(page, "cloudy-8-supplies-after")

    dose = Dose.objects.get(patient=patient, voided_at__isnull=True)
    assert dose.syringes.get().pk == second.pk
    first.refresh_from_db()
    assert (first.dose, first.discard_reason) == (None, "cloudy")


# --- 2: an expired box ------------------------------------------------------------


def test_an_expired_syringe_is_refused_until_a_new_box_is_added(page, patient, expired_box):
    sign_in(page, "alice")
    # One line for the whole expired lot, not one per syringe.
    discard = reminders(page).locator(".status-badge", has_text="Discard")
    expect(discard).to_have_count(1)
    expect(reminders(page)).to_contain_text(
        "7 syringes of lot OLD99 are past their expiry date: do not use them."
    )

    choose_the_first_suggestion(page)
    log_dose_button(page).click()
    refusal = where_to_inject(page).get_by_role("alert")
    expect(refusal).to_contain_text(NO_USABLE_SYRINGE)
    expect(refusal).not_to_contain_text("No dose is due now")
    expect(dose_status(page)).to_contain_text("is due now")
    expect(log_dose_button(page)).to_have_count(0)
    # The reminders, loaded again with the new check-in, still say what to do.
    # One line for the whole expired lot, not one per syringe.
    discard = reminders(page).locator(".status-badge", has_text="Discard")
    expect(discard).to_have_count(1)
    expect(reminders(page)).to_contain_text("7 syringes of lot")
    expect(reminders(page).get_by_role("link", name="Discard it").first).to_be_visible()
    check_page(page, "expired-1-refused")

    nav(page, "Supplies")
    expect(syringe_items(page).filter(has_text="expired: do not use")).to_have_count(7)
    expect(on_hand(page)).to_contain_text("0 usable syringes of anakinra: 0 days of doses.")
    new_box = page.get_by_role("group", name="A new box")
    new_box.get_by_label("Lot number (on the box)").fill("NEW42")
    expires = today() + timedelta(days=60)
    new_box.get_by_label("Expiry date (on the box)").fill(expires.isoformat())
    expect(new_box.get_by_label("Syringes in the box")).to_have_value("7")
    new_box.get_by_role("button", name="Add the box").click()
    expect(message(page)).to_contain_text("Box added: 7 syringes.")
    expect(on_hand(page)).to_contain_text("7 usable syringes of anakinra")
    expect(on_hand(page)).to_contain_text(f"Use next: lot NEW42, expires {expires:%-d %B %Y}.")
    check_page(page, "expired-2-new-box")

    nav(page, "Today")
    choose_the_first_suggestion(page)
    log_dose_button(page).click()
    expect(announcement(page)).to_contain_text("Dose recorded")
    expect(dose_status(page)).to_contain_text("Taken")
    check_page(page, "expired-3-taken")

    dose = Dose.objects.get(patient=patient, voided_at__isnull=True)
    assert dose.flags == []
    assert dose.syringes.get().box.lot == "NEW42"


# --- 3: an urgent side effect -----------------------------------------------------


def review_row(page: Page, name: str) -> Locator:
    return page.locator("table.review tbody tr").filter(
        has=page.get_by_role("rowheader", name=name, exact=True)
    )


def test_an_urgent_side_effect_says_call_now_and_flags_the_clinic_until_seen(
    page, open_phone_page, patient, clinician
):
    sign_in(page, "alice")
    nav(page, "Health")
    expect(page.get_by_role("alert")).to_have_count(0)
    assert_choices_keep_their_size(page)
    check_page(page, "urgent-1-health")

    page.get_by_label("Rash", exact=True).check()
    page.get_by_role("button", name="Record it").click()
    panel = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name="Call your doctor now")
    )
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("You noted rash.")
    expect(panel).to_contain_text(MEDWATCH)
    assert panel.bounding_box()["y"] < page.locator("#effects-heading").bounding_box()["y"]
    expect(page.get_by_role("region", name="Side effects")).to_contain_text("Rash, since ")
    check_page(page, "urgent-2-call-now")

    dr_dee = open_phone_page()
    sign_in(dr_dee, "dr-dee")
    nav(dr_dee, "Clinic review", heading="Adherence review: Rheumatology")
    row = review_row(dr_dee, "alice")
    expect(row.locator(".tag-urgent")).to_have_text("1 urgent side effect")
    check_page(dr_dee, "urgent-3-clinic-flagged")

    row.get_by_role("link", name="alice").click()
    expect(dr_dee.get_by_role("heading", level=1)).to_have_text("Review: alice")
    effects = dr_dee.get_by_role("region", name="Side effects and things to discuss")
    expect(effects.get_by_role("listitem").filter(has_text="Rash, since")).to_contain_text("urgent")
    check_page(dr_dee, "urgent-4-clinic-patient")

    effects.get_by_role("button", name="Mark as seen").click()
    expect(message(dr_dee)).to_contain_text("Marked as seen. It no longer flags this patient.")
    expect(effects).to_contain_text("seen by dr-dee on ")
    expect(effects.get_by_role("button", name="Mark as seen")).to_have_count(0)
    check_page(dr_dee, "urgent-5-seen")

    dr_dee.get_by_role("link", name="Back to the review").click()
    expect(review_row(dr_dee, "alice")).to_be_visible()
    expect(review_row(dr_dee, "alice")).not_to_contain_text("urgent side effect")
    check_page(dr_dee, "urgent-6-clinic-cleared")

    nav(page, "Health")  # Alice's page says the clinic has read it
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.get_by_role("region", name="Side effects")).to_contain_text("seen by the clinic")


def test_a_sign_of_allergy_holds_the_next_dose_until_a_doctor_said_yes(
    page, open_phone_page, patient, clinician
):
    sign_in(page, "alice")
    nav(page, "Health")
    page.get_by_label(re.compile("^Signs of allergy")).check()
    page.get_by_role("button", name="Record it").click()
    panel = page.get_by_role("alert").filter(
        has=page.get_by_role("heading", name="Call your doctor now")
    )
    expect(panel).to_contain_text("Do not take your next dose until you have asked a doctor.")

    nav(page, "Today")
    hold = page.locator("#allergy-hold")
    expect(hold).to_contain_text("Do not take your next dose until you have asked a doctor.")
    expect(dose_status(page)).to_contain_text("On hold")
    expect(dose_status(page)).not_to_contain_text("due now")
    expect(page.get_by_role("button", name="Log dose here")).to_have_count(0)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    save_screenshot(page, "health-allergy-1-on-hold-320px")

    dr_dee = open_phone_page()
    sign_in(dr_dee, "dr-dee")
    nav(dr_dee, "Clinic review", heading="Adherence review: Rheumatology")
    expect(review_row(dr_dee, "alice")).to_contain_text(
        "1 sign of allergy, not yet seen: ask before the next dose"
    )

    hold.get_by_role("button", name="A doctor said I can take it").click()
    expect(announcement(page)).to_contain_text("Noted: a doctor said you can take your next dose.")
    expect(page.locator("#allergy-hold")).to_have_count(0)
    expect(dose_status(page)).to_contain_text("due now")
    expect(page.get_by_role("button", name="Log dose here")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "health-allergy-2-doctor-said-yes-320px")


# --- 4: the foam timer, under the strict Content Security Policy ------------------


def test_the_foam_timer_counts_down_with_its_button_disabled_then_says_time_is_up(
    strict_page, csp_violations, patient
):
    page = strict_page
    page.clock.install()  # time flows as usual, until the test moves it on
    sign_in(page, "alice")
    choose_the_first_suggestion(page)
    syringe_problem(page).click()
    start = page.get_by_role("button", name="Start a 5-minute timer")
    timer = page.get_by_role("timer")
    expect(timer).to_have_text("")

    start.focus()
    page.keyboard.press("Enter")
    expect(timer).to_have_text(COUNTDOWN)
    shown = timer.inner_text()
    expect(start).to_be_disabled()
    expect(timer).to_be_focused()  # not dropped to <body> with the disabled button
    assert_focus_visible(page)
    expect(timer).not_to_have_text(shown, timeout=3_000)  # a second later
    expect(timer).to_have_text(COUNTDOWN)
    assert timer.inner_text() < shown  # counting down, "4:59" after "5:00"
    expect(start).to_be_disabled()
    # Not a live region while it counts: a screen reader would read every second.
    expect(timer).not_to_have_attribute("aria-live", "polite")
    save_screenshot(page, "health-foam-timer-390px")

    page.clock.run_for("05:01")
    expect(timer).to_have_text("Time is up: check that the foam has cleared.")
    expect(timer).to_have_attribute("aria-live", "polite")  # these words are announced
    expect(start).to_be_enabled()
    assert csp_violations == []


# --- 5: reminders -----------------------------------------------------------------


def test_the_check_in_shows_the_reminders_that_fall_due(page, running_low):
    start = running_low.regimens.get().start_date
    next_test = next_test_due(start, [start], today=today())
    assert today() <= next_test <= today() + timedelta(days=7)  # the cast is as described

    sign_in(page, "rita")
    found = reminders(page)
    expect(found).to_contain_text("Syringes for 2 more days: ask for a refill now.")
    expect(found.locator(".status-badge")).to_have_text(["Refill", "Sharps", "Blood test"])
    expect(found).to_contain_text("The sharps container holds 3 of 4: get a new one ready.")
    expect(found).to_contain_text(f"Neutrophil count due on {day_words(next_test)}.")
    expect(found.get_by_role("link", name="Record a result")).to_have_attribute(
        "href", reverse("health")
    )
    expect(found.get_by_role("link", name="Syringes, sharps and reminders")).to_have_attribute(
        "href", reverse("supplies")
    )
    check_page(page, "reminders")


def test_without_javascript_the_reminders_are_there_too(no_js_page, running_low):
    """They come with the page, not loaded after it."""
    page = no_js_page
    sign_in(page, "rita")
    expect(reminders(page)).to_contain_text("Syringes for 2 more days: ask for a refill now.")
    link = page.get_by_role("link", name="Syringes, sharps and reminders")
    expect(link).to_be_visible()
    save_screenshot(page, "health-reminders-no-js-390px")

    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supplies")
    expect(on_hand(page)).to_contain_text("Order more")
    expect(page.get_by_role("region", name="Sharps container")).to_contain_text("Nearly full")


# --- 6: the medicines list --------------------------------------------------------


def test_a_tnf_blocker_on_the_medicines_list_is_not_recommended_and_the_list_prints(page, patient):
    sign_in(page, "alice")
    nav(page, "Health")
    medicines = page.get_by_role("region", name="Your other medicines and supplements")
    expect(medicines).to_contain_text("None listed.")

    medicines.get_by_label("Medicine or supplement").fill("Enbrel")
    medicines.get_by_label("Dose", exact=True).fill("50 mg")
    medicines.get_by_label("How often").fill("weekly")
    medicines.get_by_role("button", name="Add to the list").click()
    expect(message(page)).to_contain_text(
        "Enbrel is a TNF blocker (etanercept): taking it with anakinra is not recommended. "
        "Tell your doctor before you take both."
    )
    entry = medicines.get_by_role("listitem").filter(has_text="Enbrel")
    expect(entry).to_contain_text("Enbrel, 50 mg, weekly")
    expect(entry).to_contain_text("TNF blocker: not recommended with anakinra")
    check_page(page, "medicines-enbrel")

    medicines.get_by_role("link", name="Print the list to bring to each visit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Medicines of alice, \d+ \w+ \d{4}$")
    )
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Enbrel")
    expect(rows.nth(1)).to_contain_text("50 mg")
    check_page(page, "medicines-printable")

    page.emulate_media(media="print")  # what the printer gets: the list, not the app
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Back")).to_be_hidden()
    expect(rows.nth(1)).to_be_visible()


# --- 7: the keyboard alone --------------------------------------------------------


def tab_visibly_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Tab to `target`, checking that every element the focus passes through shows it."""
    tab_to(page, target, limit=limit, at_each_stop=assert_focus_visible)


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)


def test_a_side_effect_and_a_discard_with_the_keyboard_alone(page, kim):
    sign_in(page, "kim")
    main_nav = page.get_by_role("navigation", name="Main")

    # Health, from the main navigation: headache, the tenth radio (after the eight urgent
    # ones and the site reaction), then how bad it is: mild.
    tab_visibly_to(page, main_nav.get_by_role("link", name="Health"))
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Health")
    first_choice = page.get_by_label("Rash", exact=True)
    tab_visibly_to(page, first_choice)
    press(page, "Space")
    expect(first_choice).to_be_checked()
    headache = page.get_by_label("Headache", exact=True)
    for _ in range(9):
        press(page, "ArrowDown")
    expect(headache).to_be_focused()
    expect(headache).to_be_checked()
    assert_focus_visible(page)
    mild = page.get_by_label("Mild", exact=True)
    tab_visibly_to(page, mild)
    press(page, "Space")
    expect(mild).to_be_checked()
    tab_visibly_to(page, page.get_by_label("Note").first)
    page.keyboard.type("after the dose, gone by lunch")
    tab_visibly_to(page, page.get_by_role("button", name="Record it"))
    press(page, "Enter")
    expect(message(page)).to_contain_text(
        "Noted. If it becomes severe or does not go away, tell your doctor"
    )
    expect(page.get_by_role("alert")).to_have_count(0)  # not an urgent one
    expect(page.get_by_role("region", name="Side effects")).to_contain_text(
        "Headache, mild, since "
    )
    save_screenshot(page, "health-keyboard-1-side-effect-390px")

    # Supplies: open the first syringe's "Discard it", choose "dropped or damaged".
    tab_visibly_to(page, main_nav.get_by_role("link", name="Supplies"))
    press(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supplies")
    first_listed = syringe_items(page).first
    summary = first_listed.locator("summary", has_text="Discard it")
    tab_visibly_to(page, summary)
    press(page, "Enter")
    reason = first_listed.get_by_label("Why discard it?")
    tab_visibly_to(page, reason)
    options = reason.evaluate("select => [...select.options].map(option => option.value)")
    for _ in range(options.index("damaged") - options.index(reason.input_value())):
        press(page, "ArrowDown")
    expect(reason).to_have_value("damaged")
    tab_visibly_to(page, first_listed.get_by_role("button", name="Discard", exact=True))
    press(page, "Space")
    expect(message(page)).to_contain_text(DISCARDED)
    expect(on_hand(page)).to_contain_text("6 usable syringes of anakinra")
    save_screenshot(page, "health-keyboard-2-discarded-390px")
    assert Syringe.objects.filter(patient=kim, discard_reason="damaged").count() == 1
