"""Caregivers and the clinic in phone-sized Chromium (issue 4).

Alice invites Carol from her Sharing page. Carol accepts and logs a dose she gives in
Alice's upper arm. Dr Dee, on the staff of Alice's clinic, finds it in the review.
The same people then revoke access, use the keyboard alone, filter and download the
review, and record a pause in treatment. Each person has a browser context of their
own, so three people can be signed in at once. The live server runs on real time:
the cast is built around `timezone.now()`, with Alice's dose due now (conftest.py).
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from injections.models import CareLink, Clinic, ClinicStaff, Enrollment
from injections.reading.review import review
from injections.rules.geometry import Administrator, Site
from injections.services import sharing
from injections.services.doses import record_dose
from injections.services.health import record_lab_result
from injections.services.skin import record_site_check
from tests.browser.conftest import (
    assert_focus_visible,
    assert_no_axe_violations,
    make_due_patient,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.conftest import PASSWORD

ARM = ("upper_arm:left", "4", "6")  # the back of the left upper arm, 4 cm across, 6 cm down
BACK_REGIONS = ("upper_arm:left", "upper_arm:right", "buttock:left", "buttock:right")
CSV_HEADER = "patient,adherence_30_pct"


# --- The cast ---------------------------------------------------------------------
# `patient` (conftest.py) is Alice, due now. Everyone else is made here.


def make_user(username: str):
    return get_user_model().objects.create_user(username, password=PASSWORD)


@pytest.fixture
def carol(transactional_db):
    """Carol has an account, no patient record and no link to anyone yet."""
    return make_user("carol")


@pytest.fixture
def carol_cares_for_alice(patient, carol):
    CareLink.objects.create(patient=patient, caregiver=carol)
    return carol


@pytest.fixture
def invitation_code(patient, carol) -> str:
    """The code of Alice's invitation to Carol, as Alice would pass it on."""
    _invitation, token = sharing.invite_caregiver(
        patient=patient, invitee="carol", invited_by=patient.user
    )
    return token


@pytest.fixture
def clinic(patient):
    """The rheumatology clinic Alice is enrolled in."""
    clinic = Clinic.objects.create(name="Rheumatology")
    Enrollment.objects.create(patient=patient, clinic=clinic)
    return clinic


@pytest.fixture
def clinician(clinic):
    """Dr Dee, on the clinic's staff, and no patient herself."""
    user = make_user("dr-dee")
    ClinicStaff.objects.create(clinic=clinic, user=user)
    return user


def opened_slots(patient) -> list:
    """The patient's slots that have opened by now, first to last."""
    now = timezone.now()
    schedule = patient.regimens.get().schedule()
    slots = schedule.slots(schedule.start_date, now.date() + timedelta(days=1))
    return [slot for slot in slots if slot.opens_at <= now]


def take(patient, slot, site: Site):
    """The patient's own dose for `slot`, on time (at once, if it is not yet time)."""
    taken_at = max(slot.opens_at, min(slot.scheduled_at, timezone.now()))
    return record_dose(
        regimen=patient.regimens.get(),
        taken_at=taken_at,
        site=site,
        administered_by=Administrator.SELF,
        entered_by=patient.user,
        slot_date=slot.date,
        now=taken_at,
    )


@pytest.fixture
def clinic_of_three(clinic, clinician, patient):
    """Besides Alice (no dose taken: 0 %), Ben, who took every dose (100 %), and Flo,
    who took only the one before last, a site still red (flagged)."""
    ben = make_due_patient("ben")
    sites = [Site("thigh", "left", 60, 40), Site("thigh", "right", 60, 40),
             Site("abdomen", "", 40, 40), Site("thigh", "left", 60, 160),
             Site("thigh", "right", 60, 160)]  # fmt: skip
    for slot, site in zip(opened_slots(ben), sites, strict=False):
        take(ben, slot, site)
    flo = make_due_patient("flo")
    red = take(flo, opened_slots(flo)[-2], Site("thigh", "left", 60, 100))
    record_site_check(dose=red, kinds=["redness"], recorded_by=flo.user)
    for someone in (ben, flo):
        Enrollment.objects.create(patient=someone, clinic=clinic)
    # Each had the blood test due before starting: none is flagged as overdue for one.
    for someone in (patient, ben, flo):
        record_lab_result(
            patient=someone,
            taken_on=someone.regimens.get().start_date,
            recorded_by=someone.user,
        )
    return clinic


# --- Reading the pages ------------------------------------------------------------


def dose_status(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^(Your|Their) dose$"))


def where_to_inject(page: Page) -> Locator:
    return page.get_by_role("region", name="Where to inject")


def pick_form(page: Page) -> Locator:
    return page.locator("#pick-form")


def announcement(page: Page) -> Locator:
    return page.locator("#announcement")


def back_view(page: Page) -> Locator:
    return page.get_by_role("img", name="Body map: Back")


def front_view(page: Page) -> Locator:
    return page.get_by_role("img", name="Body map: Front")


def arm_injection(page: Page) -> Locator:
    """The dot of a recent injection at ARM, in the left upper arm's own frame (mm)."""
    place, x, y = ARM
    region = back_view(page).locator(f'[data-region="{place}"]')
    return region.locator(f'circle.mark-recent[cx="{int(x) * 10}"][cy="{int(y) * 10}"]')


def history_entry(page: Page, text: str) -> Locator:
    return page.locator(".dose-list > li").filter(has_text=text)


def expect_review_of(page: Page, names: list[str]) -> None:
    """The clinic review lists these patients, in this order (once the page is in)."""
    expect(page.locator("table.review tbody th[scope=row]")).to_have_text(names)


def review_row(page: Page, name: str) -> Locator:
    return page.locator("table.review tbody tr").filter(
        has=page.get_by_role("rowheader", name=name, exact=True)
    )


def fits_the_phone(page: Page) -> None:
    """Nothing makes the whole page scroll sideways at 390 px (a wide table may scroll
    inside its own box)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def check_page(page: Page, name: str) -> None:
    """axe-core, the width, and a screenshot at 390 px."""
    fits_the_phone(page)
    assert_no_axe_violations(page)
    save_screenshot(page, f"care-{name}-390px")


# --- The steps of the journey -----------------------------------------------------


def alice_invites(page: Page, invitee: str, *, audit: bool = True) -> tuple[str, str]:
    """Alice opens Sharing and invites someone by username; returns the link and code
    shown, once, for her to pass on."""
    sign_in(page, "alice")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who can see your record")
    expect(page.get_by_role("region", name="Caregivers")).to_contain_text("Nobody yet.")
    if audit:
        check_page(page, "1-sharing")

    page.get_by_label("Their email address or medtrack username").fill(invitee)
    page.get_by_role("button", name="Invite a caregiver").click()
    expect(page.get_by_role("status").first).to_contain_text("Invitation ready.")
    shown = page.locator(".new-invitation")
    expect(shown).to_contain_text(f"Send this to {invitee}:")
    expect(shown).to_contain_text("It is not shown again.")
    link = shown.get_by_role("link").get_attribute("href")
    code = shown.locator("code").inner_text()
    assert link.endswith(f"/invitations/accept/?code={code}")
    expect(page.get_by_role("region", name="Caregivers")).to_contain_text(
        re.compile(rf"{invitee}, until \d+ \w+")
    )
    if audit:
        check_page(page, "2-invited")
    return link, code


def carol_accepts_and_gives_the_dose(page: Page, link: str, *, audit: bool) -> None:
    """Carol signs in, opens Alice's link, accepts it and logs the dose she gives in
    the back of Alice's left upper arm."""

    def step(name: str) -> None:
        if audit:
            check_page(page, name)

    sign_in(page, "carol")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    expect(page.get_by_role("main")).to_contain_text("not linked to a patient record yet")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept an invitation")
    code = link.rpartition("code=")[2]
    expect(page.get_by_label("Invitation code")).to_have_value(code)
    step("3-accept")

    page.get_by_role("button", name="Accept").click()
    expect(page).to_have_url(re.compile(r"/patients/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today for alice")
    expect(announcement(page)).to_contain_text(
        "You can now see alice's check-in and log the doses you give."
    )
    expect(page.get_by_text("You are their caregiver")).to_be_visible()
    expect(dose_status(page)).to_contain_text("is due now")
    # Carol injects, so there is no "Who is injecting?" choice, and the back is open.
    expect(page.get_by_text("Who is injecting?")).to_have_count(0)
    expect(page.get_by_role("link", name="Someone else")).to_have_count(0)
    for place in BACK_REGIONS:
        expect(page.locator(f'[data-map-for="pick-form"] g[data-place="{place}"]')).to_have_count(1)
    expect(page.locator(".region-unavailable")).to_have_count(0)
    step("4-caregiver-checkin")

    place, x, y = ARM
    form = pick_form(page)
    form.get_by_label("Body area").select_option(place)
    form.get_by_label("Across").fill(x)
    form.get_by_label("Down").fill(y)
    form.get_by_role("button", name="Check this spot").click()
    chosen = page.get_by_role("heading", name=re.compile(r"^The spot: "))
    expect(chosen).to_contain_text(f"upper arm left at {x}, {y} cm")
    expect(chosen).to_be_focused()  # the swap is settled
    expect(where_to_inject(page).get_by_text("This spot is fine.")).to_be_visible()
    step("5-caregiver-chosen")

    page.get_by_role("button", name="Log dose", exact=True).click()
    expect(announcement(page)).to_contain_text("Dose recorded: upper arm left at ")
    expect(dose_status(page)).to_contain_text("Taken")
    expect(dose_status(page)).to_contain_text("in the upper arm left, given by you")  # she gave it
    expect(back_view(page).locator("circle.mark-recent")).to_have_count(1)
    expect(arm_injection(page)).to_have_count(1)
    expect(front_view(page).locator("circle.mark-recent")).to_have_count(0)
    step("6-caregiver-taken")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Patients").click()
    entry = page.locator(".patient-list > li").filter(has_text="alice")
    expect(entry).to_contain_text("You are their caregiver.")
    expect(entry).to_contain_text("Taken")
    step("7-caregiver-patients")


def dr_dee_reviews(page: Page, patient) -> None:
    """Dr Dee finds Alice in the clinic review, with her adherence, then the arm
    injection on the body map and in every record."""
    sign_in(page, "dr-dee")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    expect(page.locator(".patient-list > li").filter(has_text="alice")).to_contain_text(
        "A patient of your clinic."
    )
    check_page(page, "8-clinician-patients")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clinic review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adherence review: Rheumatology")
    (figures,) = review([patient], at=timezone.now())
    row = review_row(page, "alice")
    expect(row).to_contain_text(f"{figures.adherence_30} %")
    check_page(page, "9-clinic-review")

    row.get_by_role("link", name="alice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: alice")
    sites = page.get_by_role("region", name=re.compile(r"^Site use: "))
    expect(sites.get_by_role("heading")).to_have_text("Site use: 1 injection in 13 weeks")
    expect(back_view(page).locator("circle.mark-recent")).to_have_count(1)
    expect(arm_injection(page)).to_have_count(1)
    # The map's text alternative says where, in words, and when.
    expect(back_view(page)).to_have_accessible_description(
        re.compile(r"Upper arm left, middle, halfway down: today's injection at \d\d:\d\d\.")
    )
    expect(front_view(page).locator("circle.mark-recent")).to_have_count(0)
    check_page(page, "10-clinic-patient")

    page.get_by_role("link", name="Every record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History of alice")
    expect(history_entry(page, "upper arm left")).to_contain_text(
        "Given by a caregiver; entered by carol."
    )
    check_page(page, "11-clinic-history")


# --- 1: the journey of issue 4 ----------------------------------------------------


def test_alice_invites_carol_who_gives_the_dose_that_dr_dee_then_reviews(
    page, open_phone_page, patient, carol, clinician
):
    link, _code = alice_invites(page, "carol")

    carol_accepts_and_gives_the_dose(open_phone_page(), link, audit=True)

    dr_dee_reviews(open_phone_page(), patient)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="History").click()
    expect(history_entry(page, "upper arm left")).to_contain_text(
        "Given by a caregiver; entered by carol."
    )
    check_page(page, "12-patient-history")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    caregivers = page.get_by_role("region", name="Caregivers")
    expect(caregivers).to_contain_text(re.compile(r"carol, since \d+ \w+ \d{4}"))
    expect(caregivers.get_by_role("heading", name="Invitations waiting")).to_have_count(0)


def test_an_invitation_works_once(page, open_phone_page, patient, carol):
    link, _code = alice_invites(page, "carol", audit=False)
    carol_page = open_phone_page()
    sign_in(carol_page, "carol")
    carol_page.goto(link)
    carol_page.get_by_role("button", name="Accept").click()
    expect(carol_page.get_by_role("heading", level=1)).to_have_text("Today for alice")

    carol_page.goto(link)
    carol_page.get_by_role("button", name="Accept").click()
    expect(carol_page.get_by_role("heading", level=1)).to_have_text("Accept an invitation")
    expect(carol_page.get_by_role("alert")).to_contain_text("This invitation has already been used")
    expect(carol_page.get_by_role("alert")).to_be_focused()
    assert_no_axe_violations(carol_page)
    save_screenshot(carol_page, "care-accept-used-390px")


# --- 6: the caregiver's part under the strict Content Security Policy ------------


def test_the_caregivers_part_raises_no_csp_violation_nor_console_error(
    page, strict_page, csp_violations, patient, carol
):
    errors = []
    strict_page.on(
        "console", lambda message: message.type == "error" and errors.append(message.text)
    )
    strict_page.on("pageerror", lambda error: errors.append(str(error)))
    link, _code = alice_invites(page, "carol", audit=False)

    carol_accepts_and_gives_the_dose(strict_page, link, audit=False)

    assert csp_violations == []
    assert errors == []


# --- 2: revoking ------------------------------------------------------------------


def test_when_alice_removes_carol_her_next_page_load_is_a_404(
    page, open_phone_page, patient, carol_cares_for_alice
):
    carol_page = open_phone_page()
    sign_in(carol_page, "carol")
    carol_page.locator(".patient-list").get_by_role("link", name="alice", exact=True).click()
    expect(carol_page.get_by_role("heading", level=1)).to_have_text("Today for alice")
    checkin = carol_page.url

    sign_in(page, "alice")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sharing").click()
    caregivers = page.get_by_role("region", name="Caregivers")
    expect(caregivers).to_contain_text("carol, since")
    page.get_by_role("button", name="Remove carol").click()
    # The message starts with a capital, even where that is a username.
    expect(page.get_by_role("status").first).to_contain_text(
        "Carol no longer has access, from now on."
    )
    expect(caregivers).to_contain_text("Nobody yet.")
    check_page(page, "revoked-sharing")

    # The page Carol still has open can no longer do anything: it says so.
    carol_page.locator(".suggestions").get_by_role("button").first.click()
    expect(announcement(carol_page)).to_contain_text("That did not work: nothing was saved.")

    response = carol_page.goto(checkin)
    assert response.status == 404
    expect(carol_page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(carol_page.locator("body")).not_to_contain_text("Today for alice")
    expect(dose_status(carol_page)).to_have_count(0)
    check_page(carol_page, "revoked-404")

    carol_page.get_by_role("link", name="Go to your start page").click()

    expect(carol_page.get_by_role("heading", level=1)).to_have_text("Patients")
    expect(carol_page.locator(".patient-list")).to_have_count(0)


# --- 3: the keyboard alone --------------------------------------------------------


def tab_visibly_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Tab to `target`, checking that every element the focus passes through shows it."""
    tab_to(page, target, limit=40, backwards=backwards, at_each_stop=assert_focus_visible)


def test_carol_accepts_the_invitation_and_logs_the_dose_with_the_keyboard_alone(
    page, patient, carol, invitation_code
):
    page.goto("/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("carol")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")

    # From the list of patients, to the form that takes a code.
    tab_visibly_to(page, page.get_by_role("link", name="I have an invitation code"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accept an invitation")
    tab_visibly_to(page, page.get_by_label("Invitation code"))
    page.keyboard.type(invitation_code)
    tab_visibly_to(page, page.get_by_role("button", name="Accept"))
    save_screenshot(page, "care-keyboard-1-accept-390px")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today for alice")

    # The back of the left upper arm, typed into the pick form.
    place, x, y = ARM
    area = pick_form(page).get_by_label("Body area")
    tab_visibly_to(page, area)
    options = area.evaluate("select => [...select.options].map(option => option.value)")
    moves = options.index(place) - area.evaluate("select => select.selectedIndex")
    for _ in range(abs(moves)):
        page.keyboard.press("ArrowDown" if moves > 0 else "ArrowUp")
    expect(area).to_have_value(place)
    for label, value in (("Across", x), ("Down", y)):
        tab_visibly_to(page, pick_form(page).get_by_label(label))
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    page.keyboard.press("Enter")  # submits the pick form
    chosen = page.get_by_role("heading", name=re.compile(r"^The spot: "))
    expect(chosen).to_contain_text(f"upper arm left at {x}, {y} cm")
    expect(chosen).to_be_focused()
    assert "chosen-heading" in assert_focus_visible(page)
    save_screenshot(page, "care-keyboard-2-chosen-390px")

    # Log it with Space: the focus goes back to the dose, now taken.
    tab_visibly_to(page, page.get_by_role("button", name="Log dose", exact=True))
    page.keyboard.press("Space")
    expect(page.locator("#dose-heading")).to_be_focused()
    assert "dose-heading" in assert_focus_visible(page)
    expect(dose_status(page)).to_contain_text("given by you")  # she gave it
    expect(announcement(page)).to_contain_text("Dose recorded: upper arm left at ")
    save_screenshot(page, "care-keyboard-3-taken-390px")


# --- 4: the clinic's review: filters, sorting, the CSV ---------------------------


def test_the_clinic_review_filters_sorts_and_downloads_by_keyboard_and_pointer(
    page, clinic_of_three
):
    sign_in(page, "dr-dee")
    page.get_by_role("link", name="Clinic review").click()
    # Least adherent first: Alice took none, Flo one in four, Ben all of them.
    expect_review_of(page, ["alice", "flo", "ben"])
    expect(page.get_by_role("table")).to_contain_text("3 patients")
    expect(review_row(page, "ben")).to_contain_text("100.0 %")
    expect(review_row(page, "alice")).to_contain_text("under 80 %")
    expect(review_row(page, "flo")).to_contain_text("1 unhealed reaction")
    adherence = page.get_by_role("columnheader", name="Adherence, 30 days")
    expect(adherence).to_have_attribute("aria-sort", "ascending")

    show = page.get_by_role("navigation", name="Show")
    show.get_by_role("link", name="Under 80 %").click()  # pointer
    expect(show.get_by_role("link", name="Under 80 %")).to_have_attribute("aria-current", "true")
    expect_review_of(page, ["alice", "flo"])

    tab_visibly_to(page, show.get_by_role("link", name="Flagged"))  # keyboard
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"show=flagged"))
    expect(show.get_by_role("link", name="Flagged")).to_have_attribute("aria-current", "true")
    expect_review_of(page, ["flo"])
    check_page(page, "clinic-flagged")

    tab_visibly_to(page, show.get_by_role("link", name="Everyone"), backwards=True)
    page.keyboard.press("Enter")
    expect_review_of(page, ["alice", "flo", "ben"])

    by_name = page.get_by_role("columnheader", name="Patient")
    tab_visibly_to(page, by_name.get_by_role("link"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"sort=name$"))
    expect(by_name).to_have_attribute("aria-sort", "ascending")
    expect_review_of(page, ["alice", "ben", "flo"])

    by_name.get_by_role("link").click()  # again: the other way round
    expect(page).to_have_url(re.compile(r"sort=-name$"))
    expect(by_name).to_have_attribute("aria-sort", "descending")
    expect_review_of(page, ["flo", "ben", "alice"])
    check_page(page, "clinic-sorted")

    # The CSV has what the screen shows, in the same order.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    assert download.value.suggested_filename == "adherence.csv"
    with open(download.value.path(), encoding="utf-8") as file:
        text = file.read()
    assert text.startswith(CSV_HEADER + ",")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["patient"] for row in rows] == ["flo", "ben", "alice"]
    assert rows[1]["adherence_30_pct"] == "100.0"
    assert rows[0]["unhealed_reactions"] == "1"

    # Fetched with the session, with a filter.
    response = page.request.get("/clinic/export.csv?show=flagged")
    assert response.ok
    assert response.headers["content-type"].startswith("text/csv")
    assert response.text().splitlines()[0].startswith(CSV_HEADER + ",")
    assert [row["patient"] for row in csv.DictReader(io.StringIO(response.text()))] == ["flo"]


# --- 5: a pause in treatment ------------------------------------------------------


def test_a_pause_the_clinician_records_shows_on_the_heatmap_and_on_alices_check_in(
    page, open_phone_page, patient, clinician
):
    today = timezone.now().date()  # Alice's regimen runs in UTC
    sign_in(page, "dr-dee")
    page.get_by_role("link", name="Clinic review").click()
    page.get_by_role("rowheader", name="alice").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review: alice")
    cells = page.locator("svg.heatmap rect")
    expect(cells.last.locator("title")).to_contain_text(f"{today.day} ")
    expect(cells.last.locator("title")).not_to_contain_text("Paused")

    form = page.get_by_role("region", name="Record a pause in treatment")
    form.get_by_label("First day").fill((today - timedelta(days=1)).isoformat())
    form.get_by_label("Last day").fill(today.isoformat())
    form.get_by_label("Why", exact=True).fill("knee surgery")
    form.get_by_role("button", name="Record the pause").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Pause recorded: those doses count as paused, not missed."
    )
    expect(page.get_by_role("region", name="Anakinra (Kineret), 100 mg")).to_contain_text(
        "knee surgery (dr-dee)"
    )
    # Today's cell is the last: Monday at the top, a column a week.
    expect(cells.last.locator("title")).to_contain_text(re.compile(rf"{today.day} \w+: Paused$"))
    expect(cells.nth(cells.count() - 2).locator("title")).to_contain_text("Paused")
    expect(cells.last).to_have_class(re.compile(r"\bheat-paused\b"))
    check_page(page, "pause-clinic-patient")

    alice = open_phone_page()
    sign_in(alice, "alice")
    expect(dose_status(alice).locator(".status-paused")).to_have_count(1)
    expect(dose_status(alice)).to_contain_text("Paused")
    expect(dose_status(alice)).to_contain_text("treatment is paused for the dose of")
    save_screenshot(alice, "care-pause-checkin-390px")
