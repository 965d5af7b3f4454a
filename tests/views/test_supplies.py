"""The supplies page (`supplies`) and its actions: add a box, take a syringe out of
the fridge, discard one, replace the sharps container; the syringe a dose logged on
the check-in uses; and the check-in's reminders fragment (`reminders`).

Alice injects anakinra 100 mg daily at 08:00 Europe/London from Sunday 1 November
2026. London keeps GMT in November, so its local times are UTC times. Her
neutrophil count is due on 1 November, 1 December, 1 January, 1 February, 1 May,
1 August and 1 November 2027. A syringe may spend 24 hours out of the fridge.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from injections.models import Dose, LabResult, SharpsContainer, Syringe, SyringeBox
from injections.reading import supplies as stock
from injections.services import supplies
from injections.services.health import set_doctor_topics
from tests.views.pages import document, element, field_error, find_all, heading, links, text, words


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


# Pages show the record as it stood at their instant, so a page loaded after a change
# is loaded a few seconds later: the frozen clock does not tick between requests.
SECONDS = timedelta(seconds=5)
HOME = reverse("home")
LOG = reverse("log-dose")
SUPPLIES = reverse("supplies")
ADD_BOX = reverse("add-box")
SHARPS = reverse("replace-sharps")
THIGH_FIELDS = {"place": "thigh:left", "x": "6", "y": "10"}


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(1, 0))


def add_box(patient, lot="A123", expires_on=date(2027, 3, 31), count=7):
    return supplies.add_box(
        patient=patient,
        medication=patient.regimens.get().medication,
        lot=lot,
        expires_on=expires_on,
        count=count,
        added_by=patient.user,
    )


def syringes_of(box) -> list[Syringe]:
    return list(box.syringes.order_by("pk"))


def value(response, name: str, action: str) -> str | None:
    """What the field `name` holds on the page, in the form that posts to `action`."""
    form = document(response).find("form", action=action)
    [field] = [e for e in form.find_all(name=name) if e.tag in ("input", "textarea")]
    return field.text if field.tag == "textarea" else field.get("value")


def disclosure(response, summary: str):
    """The page's one <details> whose summary reads `summary`."""
    [found] = [d for d in find_all(response, "details") if d.find("summary").text == summary]
    return found


# Who may see the page


@pytest.mark.parametrize("url", [SUPPLIES])
def test_an_anonymous_visitor_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("url", [SUPPLIES])
def test_the_pages_only_answer_get(alice, url):
    assert alice.post(url).status_code == 405


def test_the_actions_refuse_get(alice, patient):
    syringe = syringes_of(add_box(patient))[0]
    for url in (
        ADD_BOX,
        SHARPS,
        reverse("out-of-fridge", args=[syringe.pk]),
        reverse("discard-syringe", args=[syringe.pk]),
    ):
        assert alice.get(url).status_code == 405, url


@pytest.mark.parametrize("who", ["caregiver", "clinician", "outsider"])
def test_the_supplies_page_and_its_actions_are_the_patients_own(client, patient, request, who):
    """Their caregiver and clinician see the reminders, not the patient's cupboard."""
    syringe = syringes_of(add_box(patient))[0]
    client.force_login(request.getfixturevalue(who))
    assert client.get(SUPPLIES).status_code == 404
    assert (
        client.post(ADD_BOX, {"lot": "B9", "expires_on": "2027-01-31", "count": "7"}).status_code
        == 404
    )
    assert client.post(reverse("out-of-fridge", args=[syringe.pk])).status_code == 404
    assert (
        client.post(reverse("discard-syringe", args=[syringe.pk]), {"reason": "cloudy"}).status_code
        == 404
    )
    assert client.post(SHARPS, {"capacity": "30"}).status_code == 404
    assert SyringeBox.objects.count() == 1
    syringe.refresh_from_db()
    assert (syringe.out_of_fridge_at, syringe.discarded_at) == (None, None)
    assert not SharpsContainer.objects.exists()


def test_a_patient_cannot_touch_another_patients_syringe(client, patient, other_patient):
    syringe = syringes_of(add_box(patient))[0]
    client.force_login(other_patient.user)
    assert client.post(reverse("out-of-fridge", args=[syringe.pk])).status_code == 404
    assert (
        client.post(reverse("discard-syringe", args=[syringe.pk]), {"reason": "cloudy"}).status_code
        == 404
    )
    syringe.refresh_from_db()
    assert (syringe.out_of_fridge_at, syringe.discarded_at) == (None, None)


def test_a_patient_sees_only_their_own_syringes(alice, client, patient, other_patient):
    add_box(patient, lot="ALICE1")
    assert "Lot ALICE1, expires 31 Mar 2027" in words(alice.get(SUPPLIES))
    client.force_login(other_patient.user)
    page = text(client.get(SUPPLIES))
    assert "ALICE1" not in page
    assert "No syringes recorded." in page


# The page and a new box


def test_without_a_box_it_says_none_are_recorded_and_offers_to_start_a_container(alice):
    response = alice.get(SUPPLIES)
    assert response.status_code == 200
    page = text(response)
    assert heading(response) == "Supplies"
    assert "No syringes recorded. Add a box when one arrives" in page
    assert "Order more" not in page
    assert "Tell medtrack when you start one, to be warned before it is full." in page
    assert "I started a container" in page


def test_adding_a_box_records_each_syringe_and_says_so(alice, patient, clock):
    response = alice.post(ADD_BOX, {"lot": " K7731 ", "expires_on": "2027-03-31", "count": "7"})
    assert response.status_code == 302
    assert response.url == SUPPLIES
    box = SyringeBox.objects.get()
    assert (box.patient, box.lot, box.expires_on, box.count) == (
        patient,
        "K7731",
        date(2027, 3, 31),
        7,
    )
    assert box.added_by == patient.user
    assert box.syringes.filter(patient=patient, dose=None, discarded_at=None).count() == 7
    clock.shift(SECONDS)
    page = words(alice.get(SUPPLIES))
    assert "Box added: 7 syringes." in page
    assert "Enough 7 usable syringes of anakinra: 7 days of doses." in page
    assert "Use next: lot K7731, expires 31 March 2027." in page
    assert page.count("Lot K7731, expires 31 Mar 2027") == 7


def test_the_syringe_to_use_next_is_the_first_to_expire(alice, patient):
    add_box(patient, lot="LATE", expires_on=date(2027, 5, 31))
    add_box(patient, lot="SOON", expires_on=date(2027, 1, 31))
    page = words(alice.get(SUPPLIES))
    assert "Use next: lot SOON, expires 31 January 2027." in page
    assert "14 usable syringes of anakinra: 14 days of doses." in page
    assert page.index("Lot SOON") < page.index("Lot LATE")


@pytest.mark.parametrize(("count", "badge"), [(2, "Order more"), (3, "Enough")])
def test_under_three_days_of_syringes_it_says_order_more(alice, patient, count, badge):
    add_box(patient, count=count)
    page = words(alice.get(SUPPLIES))
    assert f"{badge} {count} usable syringes of anakinra: {count} days of doses." in page
    assert ("Ask for a refill now." in page) == (badge == "Order more")


def test_a_box_without_a_lot_asks_for_it_and_keeps_what_was_typed(alice):
    response = alice.post(ADD_BOX, {"lot": "  ", "expires_on": "2027-03-31", "count": "5"})
    assert response.status_code == 200
    assert field_error(response, "id_lot") == "This field is required."
    assert value(response, "expires_on", ADD_BOX) == "2027-03-31"
    assert value(response, "count", ADD_BOX) == "5"
    assert not SyringeBox.objects.exists()


@pytest.mark.parametrize(
    ("count", "error"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("101", "Ensure this value is less than or equal to 100."),
        ("seven", "Enter a whole number."),
    ],
)
def test_a_box_of_an_impossible_number_of_syringes_is_explained(alice, count, error):
    response = alice.post(ADD_BOX, {"lot": "K7731", "expires_on": "2027-03-31", "count": count})
    assert response.status_code == 200
    assert error in words(response)
    assert value(response, "lot", ADD_BOX) == "K7731"
    assert value(response, "count", ADD_BOX) == count
    assert not Syringe.objects.exists()


def test_a_box_without_an_expiry_date_asks_for_it(alice):
    response = alice.post(ADD_BOX, {"lot": "K7731", "expires_on": "31/31/2027", "count": "7"})
    assert response.status_code == 200
    assert field_error(response, "id_expires_on") == "Enter a valid date."
    assert value(response, "expires_on", ADD_BOX) == "31/31/2027"
    assert not SyringeBox.objects.exists()


# What the page says about each syringe


def test_a_syringe_is_usable_on_its_expiry_date_and_expired_the_day_after(alice, patient, clock):
    add_box(patient, lot="OLD", expires_on=date(2026, 11, 2), count=1)
    clock.move_to(at(2, 23))
    page = words(alice.get(SUPPLIES))
    assert "expired: do not use" not in page
    assert "Order more 1 usable syringe of anakinra" in page
    clock.move_to(at(3, 0, 1))
    page = words(alice.get(SUPPLIES))
    assert "Lot OLD, expires 2 Nov 2026 expired: do not use" in page
    assert (
        "Order more 0 usable syringes of anakinra: 0 days of doses. Ask for a refill now." in page
    )


def test_a_syringe_out_of_the_fridge_shows_its_clock(alice, patient, clock):
    """Out at Monday 12:00: by Tuesday 08:30 it has 3.5 hours left, then none."""
    syringe = syringes_of(add_box(patient, count=1))[0]
    supplies.take_out_of_fridge(syringes=[syringe], at=at(2, 12))
    clock.move_to(at(2, 13))
    page = words(alice.get(SUPPLIES))
    assert "out of the fridge since Mon 12:00" in page
    assert "Taken out of the fridge" not in page
    clock.move_to(at(3, 8, 30))
    assert "use within 3 hours" in words(alice.get(SUPPLIES))
    clock.move_to(at(3, 12, 1))
    page = words(alice.get(SUPPLIES))
    assert "too long out of the fridge: do not use" in page
    assert "0 usable syringes" in page


# Out of the fridge


def test_taking_a_syringe_out_of_the_fridge_starts_its_clock(alice, patient, clock):
    syringe, other = syringes_of(add_box(patient, count=2))
    clock.move_to(at(3, 8))
    response = alice.post(reverse("out-of-fridge", args=[syringe.pk]))
    assert response.status_code == 302
    assert response.url == SUPPLIES
    syringe.refresh_from_db()
    other.refresh_from_db()
    assert syringe.out_of_fridge_at == at(3, 8)
    assert other.out_of_fridge_at is None
    clock.shift(SECONDS)
    page = words(alice.get(SUPPLIES))
    assert "Noted: out of the fridge now. Use it within 24 hours." in page
    assert page.count("Taken out of the fridge") == 1


def test_from_the_check_in_it_goes_back_to_the_check_in(alice, patient):
    syringe = syringes_of(add_box(patient))[0]
    response = alice.post(reverse("out-of-fridge", args=[syringe.pk]), {"next": "home"})
    assert response.status_code == 302
    assert response.url == HOME


def test_a_syringe_put_back_keeps_the_time_it_first_came_out(alice, patient, clock):
    syringe = syringes_of(add_box(patient))[0]
    clock.move_to(at(3, 8))
    alice.post(reverse("out-of-fridge", args=[syringe.pk]))
    alice.get(SUPPLIES)  # shows the first message
    clock.move_to(at(3, 20))
    response = alice.post(reverse("out-of-fridge", args=[syringe.pk]), follow=True)
    assert "Noted: out of the fridge now." not in text(response)
    syringe.refresh_from_db()
    assert syringe.out_of_fridge_at == at(3, 8)


# Discarding a syringe


def test_discarding_a_syringe_says_why_and_the_next_one_takes_its_place(alice, patient, clock):
    first, second = syringes_of(add_box(patient, count=2))
    clock.move_to(at(3, 8))
    response = alice.post(
        reverse("discard-syringe", args=[first.pk]), {"reason": "cloudy", "note": ""}
    )
    assert response.status_code == 302
    assert response.url == SUPPLIES
    first.refresh_from_db()
    assert (first.discarded_at, first.discard_reason) == (at(3, 8), "cloudy")
    clock.shift(SECONDS)
    response = alice.get(SUPPLIES)
    page = words(response)
    assert "Discarded: put it in the sharps container. The next one is ready." in page
    assert "1 usable syringe of anakinra" in page
    assert [item["syringe"] for item in response.context["stock"]] == [second]


def test_discarding_for_another_reason_needs_a_note_and_keeps_the_form_open(alice, patient):
    syringe = syringes_of(add_box(patient))[0]
    response = alice.post(
        reverse("discard-syringe", args=[syringe.pk]), {"reason": "other", "note": "  "}
    )
    assert response.status_code == 200
    assert "Say in a few words why the syringe is discarded" in words(response)
    [opened] = find_all(response, "details", open=True)  # only the failed form is open
    assert opened.find("summary").text == "Discard it"
    form = opened.find("form")
    assert form.get("action") == reverse("discard-syringe", args=[syringe.pk])
    reason = form.find("select", name="reason")
    assert [option.get("value") for option in reason.find_all("option", selected=True)] == ["other"]
    assert len(find_all(response, "details")) > 1  # the other syringes' forms stay closed
    syringe.refresh_from_db()
    assert syringe.discarded_at is None


def test_discarding_for_another_reason_keeps_the_note(alice, patient):
    syringe = syringes_of(add_box(patient))[0]
    alice.post(
        reverse("discard-syringe", args=[syringe.pk]),
        {"reason": "other", "note": "the cap came off in my bag"},
    )
    syringe.refresh_from_db()
    assert (syringe.discard_reason, syringe.discard_note) == ("other", "the cap came off in my bag")


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("", "This field is required."),
        ("lost", "Select a valid choice. lost is not one of the available choices."),
    ],
)
def test_discarding_without_a_known_reason_is_explained(alice, patient, reason, error):
    syringe = syringes_of(add_box(patient))[0]
    response = alice.post(reverse("discard-syringe", args=[syringe.pk]), {"reason": reason})
    assert response.status_code == 200
    assert error in text(response)
    syringe.refresh_from_db()
    assert syringe.discarded_at is None


def test_discarding_a_syringe_twice_says_it_is_already_discarded(alice, patient, clock):
    """As from a second tab, opened before the first discard: that syringe's form is gone
    from the page, so the answer comes as a message."""
    syringe = syringes_of(add_box(patient))[0]
    url = reverse("discard-syringe", args=[syringe.pk])
    clock.move_to(at(3, 8))
    alice.post(url, {"reason": "cloudy"})
    clock.shift(SECONDS)
    response = alice.post(url, {"reason": "damaged"}, follow=True)
    assert response.status_code == 200
    assert "This syringe is already used or discarded" in text(response)
    syringe.refresh_from_db()
    assert (syringe.discarded_at, syringe.discard_reason) == (at(3, 8), "cloudy")


# The sharps container


def test_starting_a_container_says_so_and_counts_from_empty(alice, patient, clock):
    response = alice.post(SHARPS, {"capacity": "30"})
    assert response.status_code == 302
    assert response.url == SUPPLIES
    container = SharpsContainer.objects.get()
    assert (container.patient, container.capacity, container.started_at) == (patient, 30, at(1, 0))
    clock.shift(SECONDS)
    page = words(alice.get(SUPPLIES))
    assert "A new, empty sharps container is in use." in page
    assert "In use 0 of 30 syringes." in page
    assert "I replaced it with a new one" in page


def test_replacing_the_container_keeps_the_old_one_marked_replaced(alice, patient, clock):
    old = supplies.replace_sharps(patient=patient, capacity=4)
    clock.move_to(at(5, 9))
    alice.post(SHARPS, {"capacity": "20"})
    old.refresh_from_db()
    assert old.replaced_at == at(5, 9)
    assert stock.current_sharps(patient).capacity == 20
    assert SharpsContainer.objects.count() == 2


def test_a_container_three_quarters_full_is_nearly_full(alice, patient, clock):
    supplies.replace_sharps(patient=patient, capacity=4)
    syringes = syringes_of(add_box(patient))
    clock.move_to(at(2, 8))
    for syringe in syringes[:2]:
        supplies.discard(syringe=syringe, reason="cloudy")
    assert "In use 2 of 4 syringes." in words(alice.get(SUPPLIES))
    supplies.discard(syringe=syringes[2], reason="cloudy")
    page = words(alice.get(SUPPLIES))
    assert "Nearly full 3 of 4 syringes. Get a new container ready" in page
    supplies.discard(syringe=syringes[3], reason="cloudy")
    assert "Full 4 of 4 syringes." in words(alice.get(SUPPLIES))


@pytest.mark.parametrize(
    ("capacity", "error"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("", "This field is required."),
        ("many", "Enter a whole number."),
    ],
)
def test_a_container_of_an_impossible_size_is_explained_and_kept(alice, capacity, error):
    response = alice.post(SHARPS, {"capacity": capacity})
    assert response.status_code == 200
    assert field_error(response, "id_capacity") == error
    if capacity:
        assert value(response, "capacity", SHARPS) == capacity
    assert not SharpsContainer.objects.exists()


# The syringe a dose uses


@pytest.fixture
def dose_time(clock):
    """Tuesday 08:30: the 3 November dose is due."""
    clock.move_to(at(3, 8, 30))


def log(client, regimen, **fields):
    return client.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS, **fields})


def test_a_dose_logged_with_a_box_on_hand_uses_the_first_to_expire_syringe(
    alice, patient, regimen, dose_time
):
    add_box(patient, lot="LATE", expires_on=date(2027, 5, 31))
    soon = syringes_of(add_box(patient, lot="SOON", expires_on=date(2027, 1, 31)))
    response = log(alice, regimen)
    assert response.status_code == 302
    dose = Dose.objects.get()
    used = Syringe.objects.get(dose=dose)
    assert used == soon[0]
    assert used.used_at == at(3, 8, 30)
    assert stock.available_syringes(patient).count() == 13


def test_a_syringe_taken_out_of_the_fridge_goes_first(alice, patient, regimen, clock):
    add_box(patient, lot="SOON", expires_on=date(2027, 1, 31))
    picked = syringes_of(add_box(patient, lot="LATE", expires_on=date(2027, 5, 31)))[3]
    clock.move_to(at(3, 8, 20))
    alice.post(reverse("out-of-fridge", args=[picked.pk]))
    clock.shift(SECONDS)
    assert "Use next: lot LATE, expires 31 May 2027." in words(alice.get(SUPPLIES))
    clock.move_to(at(3, 8, 30))
    log(alice, regimen)
    assert Syringe.objects.get(dose=Dose.objects.get()) == picked


def test_without_stock_in_medtrack_a_dose_is_logged_as_before(alice, regimen, dose_time):
    response = log(alice, regimen)
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert dose.flags == []
    assert not Syringe.objects.exists()


def test_a_used_syringe_goes_into_the_sharps_container(alice, patient, regimen, clock):
    supplies.replace_sharps(patient=patient, capacity=30)
    add_box(patient)
    clock.move_to(at(3, 8, 30))
    log(alice, regimen)
    clock.shift(SECONDS)
    assert "In use 1 of 30 syringes." in words(alice.get(SUPPLIES))


def test_undoing_a_dose_puts_its_syringe_back_on_hand(alice, patient, regimen, dose_time, clock):
    add_box(patient, count=1)
    log(alice, regimen)
    dose = Dose.objects.get()
    clock.shift(SECONDS)
    alice.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"})
    syringe = Syringe.objects.get()
    assert (syringe.dose, syringe.used_at) == (None, None)


@pytest.fixture
def expired(patient, clock):
    """The only syringe expired on Monday."""
    add_box(patient, lot="OLD", expires_on=date(2026, 11, 2), count=1)


@pytest.fixture
def too_warm(patient, clock):
    """The only syringe came out of the fridge on Monday at 08:00."""
    syringe = syringes_of(add_box(patient, count=1))[0]
    supplies.take_out_of_fridge(syringes=[syringe], at=at(2, 8))


@pytest.mark.parametrize("stock", ["expired", "too_warm"])
def test_with_no_usable_syringe_the_check_in_refuses_and_offers_it_already_happened(
    alice, regimen, request, clock, stock
):
    request.getfixturevalue(stock)
    clock.move_to(at(3, 8, 30))
    response = log(alice, regimen)
    assert response.status_code == 200
    page = text(response)
    [refusal] = find_all(response, role="alert")
    refusal = refusal.text
    assert (
        "None of the syringes on hand can be used: past their expiry date or too long at room "
        "temperature. Discard them and start a new box."
    ) in refusal
    assert "No dose is due now" not in refusal
    assert "Please choose another spot" not in refusal
    assert "Check your syringes:" in refusal
    assert disclosure(response, "It already happened").has("open")
    assert "Log dose" not in page
    assert not Dose.objects.exists()
    assert Syringe.objects.get().dose is None


def test_a_refusal_that_is_not_about_the_syringes_says_what_it_is_about(
    alice, patient, regimen, clock
):
    """With syringes on hand: too early for Tuesday's dose, then Wednesday's at the spot
    of Tuesday's."""
    add_box(patient)
    clock.move_to(at(3, 3, 30))
    response = log(alice, regimen)
    [refusal] = find_all(response, role="alert")
    assert refusal.text.startswith("No dose is due now: Outside the dose window of Tue 3 Nov")
    assert "Check your syringes" not in refusal.text
    assert disclosure(response, "It already happened").has("open")
    clock.move_to(at(3, 8, 30))
    log(alice, regimen)
    clock.move_to(at(4, 8, 30))
    [refusal] = find_all(log(alice, regimen), role="alert")
    assert refusal.text.startswith("Please choose another spot: 0 cm from yesterday's injection")
    assert "Check your syringes" not in refusal.text
    assert Dose.objects.count() == 1


def test_a_dose_given_with_no_usable_syringe_is_recorded_flagged_with_its_reason(
    alice, regimen, expired, clock
):
    clock.move_to(at(3, 8, 30))
    response = log(alice, regimen, happened="on", reason="the pharmacy gave me a new one")
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert dose.flags == ["no_usable_syringe"]
    assert dose.reason == "the pharmacy gave me a new one"
    assert Syringe.objects.get().dose is None  # the expired one is not the one used


def test_the_syringe_checklist_comes_before_log_dose(alice, dose_time):
    response = alice.get(HOME, {"by": "self", **THIGH_FIELDS})
    page = words(response)
    verdict = element(response, "verdict").text
    assert verdict.index("Before you inject, check the syringe:") < verdict.index("Log dose")
    assert "out of the fridge for less than 24 hours" in page
    [timer] = [b for b in find_all(response, "button") if b.text == "Start a 5-minute timer"]
    assert timer.get("data-timer") == "300"  # seconds
    assert links(response)["Discard it and take the next one"] == SUPPLIES


def test_the_checklist_sends_no_caregiver_to_the_patients_supplies(
    client, caregiver, patient, dose_time
):
    client.force_login(caregiver)
    page = text(client.get(reverse("patient", args=[patient.pk]), THIGH_FIELDS))
    assert "Before you inject, check the syringe:" in page
    assert "Discard it and take the next one" not in page


# The check-in's reminders


def reminders(client, patient=None):
    """The check-in's reminders section (the patient's own, or `patient`'s)."""
    response = client.get(HOME if patient is None else reverse("patient", args=[patient.pk]))
    assert response.status_code == 200
    [found] = find_all(response, "section", aria_labelledby="reminders-heading")
    return found


def links_in(element) -> dict:
    return {a.text: a.get("href") for a in element.find_all("a", href=True)}


def test_the_reminders_come_with_the_check_in_not_after_it(client, caregiver, patient):
    """Loaded later, they pushed the page down as it was read (layout shift 0.168)."""
    client.force_login(patient.user)
    response = client.get(HOME)
    assert find_all(response, hx_trigger="load") == []
    assert "Reminders" in reminders(client).text
    client.force_login(caregiver)
    assert "Reminders" in reminders(client, patient).text


def test_someone_who_never_added_a_box_is_never_told_to_refill(alice, clock):
    clock.move_to(at(3, 8, 30))
    page = reminders(alice).text
    assert "Reminders" in page
    assert "efill" not in page
    assert "Discard" not in page


@pytest.mark.parametrize(("count", "refill"), [(2, True), (3, False)])
def test_under_three_days_of_syringes_the_reminders_say_refill(
    alice, patient, clock, count, refill
):
    add_box(patient, count=count)
    clock.move_to(at(3, 8, 30))
    page = reminders(alice).text
    assert ("Refill Syringes for 2 more days: ask for a refill now." in page) == refill
    assert ("Refill" in page) == refill


def test_once_every_syringe_is_used_it_says_refill(alice, patient, regimen, clock):
    add_box(patient, count=1)
    clock.move_to(at(3, 8, 30))
    log(alice, regimen)
    clock.shift(SECONDS)
    assert "Refill Syringes for 0 more days: ask for a refill now." in reminders(alice).text


def test_an_expired_syringe_is_to_be_discarded(alice, patient, expired, clock):
    add_box(patient, lot="NEW", count=7)
    clock.move_to(at(3, 8, 30))
    section = reminders(alice)
    page = section.text
    assert "Discard A syringe of lot OLD is past its expiry date: do not use it. Discard it" in page
    assert links_in(section)["Discard it"] == SUPPLIES
    assert "lot NEW" not in page


def test_every_lot_with_a_syringe_to_discard_is_named(alice, patient, expired, clock):
    """OLD's syringe expired on Monday; one of NEW's came out of the fridge then."""
    new = syringes_of(add_box(patient, lot="NEW", count=7))[0]
    supplies.take_out_of_fridge(syringes=[new], at=at(2, 8))
    clock.move_to(at(3, 8, 30))
    page = reminders(alice).text
    assert "Discard A syringe of lot OLD is past its expiry date" in page
    assert "Discard A syringe of lot NEW was too long out of the fridge" in page


def test_a_syringe_too_long_out_of_the_fridge_is_to_be_discarded(alice, too_warm, clock):
    clock.move_to(at(3, 8, 30))
    page = reminders(alice).text
    assert "Discard A syringe of lot A123 was too long out of the fridge: do not use it." in page


def test_a_syringe_nearly_at_its_limit_is_to_be_used_soon(alice, patient, clock):
    syringe = syringes_of(add_box(patient))[0]
    supplies.take_out_of_fridge(syringes=[syringe], at=at(2, 12))
    clock.move_to(at(3, 8, 30))
    page = reminders(alice).text
    assert "Use soon A syringe of lot A123 has been out of the fridge for nearly 24 hours" in page
    assert "Discard A syringe" not in page


@pytest.mark.parametrize(("used", "warned"), [(2, False), (3, True)])
def test_the_sharps_container_at_three_quarters_full_is_a_reminder(
    alice, patient, clock, used, warned
):
    supplies.replace_sharps(patient=patient, capacity=4)
    syringes = syringes_of(add_box(patient))
    clock.move_to(at(2, 8))
    for syringe in syringes[:used]:
        supplies.discard(syringe=syringe, reason="damaged")
    page = reminders(alice).text
    assert ("Sharps The sharps container holds 3 of 4: get a new one ready." in page) == warned
    assert ("Sharps" in page) == warned


def lab(patient, *days: date):
    for day in days:
        LabResult.objects.create(patient=patient, taken_on=day, recorded_by=patient.user)


TESTS_DUE = [
    date(2026, 11, 1),
    date(2026, 12, 1),
    date(2027, 1, 1),
    date(2027, 2, 1),
    date(2027, 5, 1),
    date(2027, 8, 1),
    date(2027, 11, 1),
]


@pytest.mark.parametrize(
    ("done", "today", "reminder"),
    [
        (0, date(2026, 11, 1), "Neutrophil count due on Sunday 1 November."),
        (1, date(2026, 11, 23), None),
        (1, date(2026, 11, 24), "Neutrophil count due on Tuesday 1 December."),
        (2, date(2026, 12, 25), "Neutrophil count due on Friday 1 January."),
        (3, date(2027, 1, 25), "Neutrophil count due on Monday 1 February."),
        (4, date(2027, 4, 23), None),
        (4, date(2027, 4, 24), "Neutrophil count due on Saturday 1 May."),
        (5, date(2027, 7, 25), "Neutrophil count due on Sunday 1 August."),
        (6, date(2027, 10, 25), "Neutrophil count due on Monday 1 November."),
        (7, date(2027, 10, 31), None),
    ],
)
def test_the_next_blood_test_is_a_reminder_in_the_week_before_it_is_due(
    client, patient, clock, done, today, reminder
):
    """Before starting, monthly for three months, then every three months to a year."""
    clock.move_to(datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12))
    lab(patient, *TESTS_DUE[:done])
    client.force_login(patient.user)  # a session of months ago would have expired
    section = reminders(client)
    page = section.text
    if reminder is None:
        assert "Blood test" not in page
    else:
        assert f"Blood test {reminder} Record a result" in page
        assert links_in(section)["Record a result"] == reverse("health")


def test_a_blood_test_not_done_is_overdue(client, patient, clock):
    lab(patient, date(2026, 11, 1))
    clock.move_to(at(3, 12) + timedelta(days=30))  # Thursday 3 December
    client.force_login(patient.user)
    page = reminders(client).text
    assert "Blood test Your neutrophil count was due on 1 December: book the blood test." in page


def test_a_caregiver_reads_an_overdue_blood_test_about_the_patient_by_name(
    client, patient, caregiver, clock
):
    """Measured: the caregiver read "Your neutrophil count was due"."""
    lab(patient, date(2026, 11, 1))
    clock.move_to(at(3, 12) + timedelta(days=30))  # Thursday 3 December
    client.force_login(caregiver)
    page = reminders(client, patient).text
    assert (
        "The neutrophil count of alice was due on 1 December: the blood test needs booking." in page
    )
    assert "Your neutrophil count" not in page


def test_a_low_neutrophil_count_is_a_reminder_to_the_patient_and_their_caregiver(
    client, patient, caregiver, clock
):
    """0.4 ×10⁹/L was stored without a word on the check-in (issue 10, item 8)."""
    LabResult.objects.create(patient=patient, taken_on=date(2026, 11, 2), neutrophils="0.4",
                             recorded_by=patient.user)  # fmt: skip
    clock.move_to(at(3, 12))
    client.force_login(patient.user)
    page = reminders(client).text
    assert "Your neutrophil count of 0.40 ×10⁹/L (blood taken on 2 November 2026) is low" in page
    assert "Nothing to remind you of today." not in page
    client.force_login(caregiver)
    page = reminders(client, patient).text
    assert (
        "The neutrophil count of alice, 0.40 ×10⁹/L (blood taken on 2 November 2026), is low"
        in page
    )
    LabResult.objects.create(patient=patient, taken_on=date(2026, 11, 3), neutrophils="2.1",
                             recorded_by=patient.user)  # fmt: skip
    assert "is low" not in reminders(client, patient).text  # the latest count is normal


def test_things_to_tell_the_doctor_are_reminders_until_unticked(alice, patient, clock):
    set_doctor_topics(patient=patient, topics={"infection", "surgery"})
    clock.shift(SECONDS)
    page = reminders(alice).text
    assert "Tell the doctor An infection" in page
    assert "Tell the doctor Planned surgery, dental surgery included" in page
    set_doctor_topics(patient=patient, topics={"surgery"})
    clock.shift(SECONDS)
    page = reminders(alice).text
    assert "An infection" not in page
    assert page.count("Tell the doctor") == 1


def test_with_nothing_due_it_says_there_is_nothing_to_remind_of(alice, patient, clock):
    """Enough syringes, an empty container, the next blood test weeks away."""
    lab(patient, date(2026, 11, 1))
    add_box(patient)
    supplies.replace_sharps(patient=patient)
    clock.move_to(at(10, 9))
    page = reminders(alice).text
    assert "Nothing to remind you of today." in page
    for word in ("Refill", "Discard", "Sharps", "Blood test", "Tell the doctor"):
        assert word not in page


def test_a_caregiver_reads_there_is_nothing_to_remind_the_patient_of(carol, patient, clock):
    lab(patient, date(2026, 11, 1))
    add_box(patient)
    supplies.replace_sharps(patient=patient)
    clock.move_to(at(10, 9))
    page = carol.get(reverse("patient", args=[patient.pk])).text
    assert "Nothing to remind alice of today." in page
    assert "Nothing to remind you" not in page


@pytest.mark.parametrize("who", ["caregiver", "clinician"])
def test_the_caregiver_and_the_clinician_read_the_patients_reminders(
    client, patient, request, clock, expired, who
):
    """Without the links to the patient's own pages, which they cannot open."""
    set_doctor_topics(patient=patient, topics={"kidney"})
    clock.move_to(at(3, 8, 30))
    client.force_login(request.getfixturevalue(who))
    section = reminders(client, patient)
    page = section.text
    assert "Refill Syringes for 0 more days" in page
    assert "Discard A syringe of lot OLD is past its expiry date" in page
    assert "Tell the doctor Kidney disease" in page
    assert SUPPLIES not in links_in(section).values()
    assert reverse("health") not in links_in(section).values()


def test_a_whole_box_comes_out_of_the_fridge_at_once(alice, patient, clock):
    alice.post(ADD_BOX, {"lot": "B1", "expires_on": "2027-03-31", "count": "3"})
    box = SyringeBox.objects.get()
    response = alice.post(reverse("box-out-of-fridge", args=[box.pk]), follow=True)
    assert "Noted: 3 syringes out of the fridge now." in words(response)
    assert not box.syringes.filter(out_of_fridge_at=None).exists()


def test_the_refill_warning_threshold_is_the_patients_to_set(alice, patient):
    response = alice.post(reverse("refill-threshold"), {"days": "7"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.refill_threshold_days == 7
    kept = alice.post(reverse("refill-threshold"), {"days": "99"})
    assert kept.status_code == 200
    assert "Ensure this value is less than or equal to 60." in words(kept)
    patient.refresh_from_db()
    assert patient.refill_threshold_days == 7
