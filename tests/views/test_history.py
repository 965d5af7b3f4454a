"""The history pages: `history` (a calendar of recent slots and every record) and
`dose` (one record and every version of it, DESIGN §7).

Alice injects anakinra daily at 08:00 Europe/London from Sunday 1 November 2026.
Her story: Sunday's dose taken, Monday's missed, Tuesday's skipped, Wednesday's
given by her caregiver after a wrong entry was voided. Now it is Thursday 08:30.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from injections.models import Dose, DoseRevision
from injections.rules.geometry import Administrator, Site
from injections.services.doses import correct_dose, record_dose, skip_slot, void_dose
from tests.conftest import make_patient
from tests.views.pages import document, field_error, find_all, words


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


THIGH = Site("thigh", "left", 60, 100)
ARM = Site("upper_arm", "left", 40, 60)
HISTORY = reverse("history")


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def give(clock):
    def give(regimen, taken_at, site=THIGH, by=Administrator.SELF, *, entered_by=None):
        clock.move_to(taken_at + timedelta(minutes=1))
        return record_dose(
            regimen=regimen,
            taken_at=taken_at,
            site=site,
            administered_by=by,
            entered_by=entered_by or regimen.patient.user,
        )

    return give


@pytest.fixture
def story(patient, regimen, caregiver, give, clock):
    """The four days of the module's story; returns its records by name."""
    taken = give(regimen, at(1, 8, 5))
    clock.move_to(at(3, 9))
    skipped = skip_slot(
        regimen=regimen, slot_date=date(2026, 11, 3), reason="fever", entered_by=patient.user
    )
    wrong = give(regimen, at(4, 8, 0), Site("abdomen", "", 30, 30))
    clock.move_to(at(4, 8, 2))
    void_dose(dose=wrong, voided_by=patient.user, reason="entered on the wrong day")
    by_carol = give(regimen, at(4, 8, 10), ARM, Administrator.CAREGIVER, entered_by=caregiver)
    clock.move_to(at(5, 8, 30))
    return {"taken": taken, "skipped": skipped, "wrong": wrong, "by_carol": by_carol}


def days(response) -> dict:
    """The calendar's cells by date ("5 November"), each a list of its slots, and each
    slot split into what a screen reader skips (aria-hidden) and what it says."""
    table = document(response).find("section", aria_labelledby="calendar-heading")
    cells = {}
    for cell in table.find_all("td"):
        cells[cell.find(class_="calendar-date").text] = [
            {
                "hidden": " ".join(c.text for c in slot.children if c.get("aria-hidden") == "true"),
                "heard": " ".join(c.text for c in slot.children if c.get("aria-hidden") != "true"),
            }
            for slot in cell.find_all(class_="slot")
        ]
    return cells


def calendar(response) -> dict[str, list[str]]:
    """The calendar's cells as a person hears them: "5 November" -> ["anakinra: Due"]."""
    return {day: [slot["heard"] for slot in slots] for day, slots in days(response).items()}


def record_items(response) -> list:
    """The items of the list of every record."""
    records = document(response).find("section", aria_labelledby="log-heading")
    return records.find("ul").find_all("li")


def records(response) -> list[str]:
    """The list of records, one line of text each."""
    return [item.text for item in record_items(response)]


# Who may see it


def heading_of(response, id_: str) -> str:
    return document(response).find(id=id_).text


def section_words(response, heading_id: str) -> str:
    return document(response).find("section", aria_labelledby=heading_id).text


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(HISTORY)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={HISTORY}"


def test_a_user_without_a_patient_record_gets_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get(HISTORY).status_code == 404


def test_the_history_only_answers_get(alice):
    assert alice.post(HISTORY).status_code == 405


def test_a_patient_sees_only_their_own_records(client, story, other_patient):
    client.force_login(other_patient.user)
    response = client.get(HISTORY)
    assert response.status_code == 200
    assert "Nothing recorded yet." in words(response)
    assert list(response.context["page"].object_list) == []


# The calendar


def test_the_calendar_says_each_slots_status_in_words(alice, story):
    response = alice.get(HISTORY)
    assert response.status_code == 200
    cells = calendar(response)
    # Five weeks back and, for planning skips, to the week of 5 December (30 days on).
    assert len(cells) == 63
    assert list(cells)[-1] == "6 December"
    assert cells["31 October"] == []  # before the regimen started
    assert cells["1 November"] == ["anakinra: Taken"]
    assert cells["2 November"] == ["anakinra: Missed"]
    assert cells["3 November"] == ["anakinra: Skipped"]
    assert cells["4 November"] == ["anakinra: Taken"]
    assert cells["5 November"] == ["anakinra: Due"]
    assert cells["6 November"] == ["anakinra: Upcoming"]
    assert cells["8 November"] == ["anakinra: Upcoming"]


def test_the_calendar_symbols_are_hidden_from_screen_readers_beside_their_words(alice, story):
    response = alice.get(HISTORY)
    cells = days(response)
    assert cells["1 November"] == [{"hidden": "✓", "heard": "anakinra: Taken"}]
    assert cells["2 November"] == [{"hidden": "✗", "heard": "anakinra: Missed"}]
    [today] = document(response).find_all("td", class_="today")
    assert today.find(class_="calendar-date").text == "5 November"


def test_a_voided_record_does_not_count_in_the_calendar(alice, patient, regimen, give, clock):
    dose = give(regimen, at(1, 8))
    clock.move_to(at(1, 8, 5))
    void_dose(dose=dose, voided_by=patient.user, reason="not taken after all")
    clock.move_to(at(2, 8, 30))
    assert calendar(alice.get(HISTORY))["1 November"] == ["anakinra: Missed"]


# The list of records


def test_the_list_shows_site_time_who_gave_and_who_entered(alice, story):
    lines = records(alice.get(HISTORY))
    assert lines == [
        "Wed 4 Nov · anakinra Taken at 08:10 in the upper arm left (4, 6 cm). "
        "Given by a caregiver; entered by carol.",
        "Wed 4 Nov · anakinra void Taken at 08:00 in the abdomen (3, 3 cm). "
        "Given by you; entered by alice. Voided: entered on the wrong day",
        "Tue 3 Nov · anakinra Skipped: fever (entered by alice).",
        "Sun 1 Nov · anakinra Taken at 08:05 in the thigh left (6, 10 cm). "
        "Given by you; entered by alice.",
    ]


def test_a_voided_record_is_marked_void(alice, story):
    items = record_items(alice.get(HISTORY))
    voided = [item for item in items if "voided" in item.classes()]
    assert len(voided) == 1
    link = voided[0].find("a")
    assert link.get("href") == reverse("dose", args=[story["wrong"].pk])
    assert [tag.text for tag in link.find_all(class_="tag")] == ["void"]


def test_a_flagged_record_shows_its_reason(alice, regimen, give, clock):
    give(regimen, at(1, 8))
    clock.move_to(at(2, 8, 1))
    record_dose(
        regimen=regimen,
        taken_at=at(2, 8),
        site=Site("thigh", "left", 70, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
        override_reason="my hand slipped",
    )
    clock.move_to(at(2, 9))
    lines = records(alice.get(HISTORY))
    assert lines[0].startswith("Mon 2 Nov · anakinra flagged Taken at 08:00")
    assert lines[0].endswith("Reason given: my hand slipped")


def test_times_are_shown_in_the_patients_time_zone(client, db, clock):
    nora = make_patient("nora", time_zone="America/New_York")
    regimen = nora.regimens.get()
    # 08:00 in New York is 13:00 UTC in November.
    clock.move_to(at(2, 13, 6))
    record_dose(
        regimen=regimen,
        taken_at=at(2, 13, 5),
        site=THIGH,
        administered_by="self",
        entered_by=nora.user,
    )
    client.force_login(nora.user)
    assert records(client.get(HISTORY))[0].startswith("Mon 2 Nov · anakinra Taken at 08:05")


@pytest.fixture
def five_weeks(patient, regimen, give, clock):
    """A dose every day from 1 November to 5 December, on a grid 3 cm apart."""
    grid = [(x, y) for y in range(0, 200, 30) for x in range(0, 130, 30)]
    for day, (x, y) in enumerate(grid[:35]):
        give(regimen, at(1, 8) + timedelta(days=day), Site("thigh", "left", x, y))
    clock.move_to(at(1, 8) + timedelta(days=35, hours=1))


def test_the_list_is_paged_thirty_at_a_time(client, patient, five_weeks):
    client.force_login(patient.user)
    first = client.get(HISTORY)
    assert len(records(first)) == 30
    assert "Page 1 of 2" in words(first)
    assert records(first)[0].startswith("Sat 5 Dec")
    second = client.get(HISTORY, {"page": 2})
    assert len(records(second)) == 5
    assert records(second)[-1].startswith("Sun 1 Nov")
    assert "Newer" in words(second)


@pytest.mark.parametrize("page", ["abc", "999", "-1", ""])
def test_a_page_number_that_does_not_exist_shows_a_real_page(client, patient, five_weeks, page):
    client.force_login(patient.user)
    response = client.get(HISTORY, {"page": page})
    assert response.status_code == 200
    assert len(records(response)) in (30, 5)


# One record and its versions


def test_a_record_lists_every_version_with_who_why_and_what_changed(
    alice, patient, regimen, caregiver, give, clock
):
    dose = give(regimen, at(1, 8, 5), by=Administrator.CAREGIVER, entered_by=caregiver)
    clock.move_to(at(1, 9))
    correct_dose(dose=dose, changed_by=caregiver, reason="it was the right thigh", side="right")
    clock.move_to(at(1, 10))
    void_dose(dose=dose, voided_by=patient.user, reason="entered twice")
    clock.move_to(at(1, 11))
    response = alice.get(reverse("dose", args=[dose.pk]))
    assert response.status_code == 200
    page = words(response)
    assert "anakinra, Sunday 1 November 2026" in page
    assert "Void since 1 Nov 2026 10:00, by alice: entered twice" in page
    versions = document(response).find("ol", class_="revisions").find_all("li")
    lines = [version.text for version in versions]
    assert lines[0] == "Created on 1 Nov 2026 08:06 by carol"
    assert lines[1] == (
        "Corrected on 1 Nov 2026 09:00 by carol: it was the right thigh "
        "Side: was left, now right"
    )
    assert lines[2] == (
        "Voided on 1 Nov 2026 10:00 by alice: entered twice Voided: was no, now yes"
    )


def test_a_taken_record_says_where_and_who_gave_it(alice, regimen, give, clock):
    dose = give(regimen, at(1, 8, 5), ARM, Administrator.CAREGIVER)
    clock.move_to(at(1, 9))
    page = words(alice.get(reverse("dose", args=[dose.pk])))
    assert "Taken at 08:05, upper arm left at 4, 6 cm, given by a caregiver." in page


def test_a_skipped_record_says_why(alice, story):
    page = words(alice.get(reverse("dose", args=[story["skipped"].pk])))
    assert "Skipped: fever" in page
    assert "Created on 3 Nov 2026 09:00 by alice: fever" in page


def test_a_flagged_record_says_what_it_broke_and_why(alice, regimen, give, clock):
    give(regimen, at(1, 8))
    clock.move_to(at(2, 8, 1))
    dose = record_dose(
        regimen=regimen,
        taken_at=at(2, 8),
        site=Site("thigh", "left", 70, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
        override_reason="my hand slipped",
    )
    page = words(alice.get(reverse("dose", args=[dose.pk])))
    assert (
        "Flagged for review: too close to an earlier injection. Reason given: my hand slipped"
        in page
    )


def test_another_patient_gets_not_found_for_a_record(client, story, other_patient):
    client.force_login(other_patient.user)
    assert client.get(reverse("dose", args=[story["taken"].pk])).status_code == 404


def test_a_record_that_does_not_exist_is_not_found(alice, story):
    assert alice.get(reverse("dose", args=[Dose.objects.latest("pk").pk + 1])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_for_a_record(client, story):
    url = reverse("dose", args=[story["taken"].pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_the_record_page_only_answers_get(alice, story):
    assert alice.post(reverse("dose", args=[story["taken"].pk])).status_code == 405


def test_a_corrected_position_and_time_read_in_centimetres_and_local_time(
    alice, regimen, give, clock
):
    dose = give(regimen, at(1, 8, 5))
    clock.move_to(at(1, 9))
    correct_dose(dose=dose, changed_by=regimen.patient.user, reason="misread the map",
                 x_mm=90, taken_at=at(1, 8, 15))  # fmt: skip
    clock.move_to(at(1, 10))
    page = words(alice.get(reverse("dose", args=[dose.pk])))
    assert "Time taken: was Sun 1 Nov 2026 08:05, now Sun 1 Nov 2026 08:15" in page
    assert "Across (cm): was 6, now 9" in page


# Skipping a dose in advance, from the calendar (DESIGN §5)

PLAN = reverse("plan-skip")


@pytest.fixture
def thursday(patient, regimen, clock):
    """Thursday 5 November 08:30, nothing recorded yet: 30 days on is 5 December."""
    clock.move_to(at(5, 8, 30))
    return regimen


def plan(regimen, day: str, why: str = "surgery", **more) -> dict:
    return {"regimen": regimen.pk, "slot_date": day, "why": why, **more}


def form_values(response) -> dict:
    form = document(response).find("section", aria_labelledby="plan-heading").find("form")
    values = {}
    for field in form.find_all("input", name=True):
        if field.get("type") in ("radio", "checkbox") and not field.has("checked"):
            continue
        values[field.get("name")] = field.get("value")
    return values


def test_the_history_offers_to_skip_a_dose_in_advance_up_to_30_days(alice, thursday):
    response = alice.get(HISTORY)
    assert heading_of(response, "plan-heading") == "Skip a dose in advance"
    day = document(response).find("input", name="slot_date")
    assert (day.get("type"), day.get("min"), day.get("max")) == (
        "date", "2026-11-05", "2026-12-05",
    )  # fmt: skip
    assert "From today to Saturday 5 December, 30 days ahead at most." in words(response)
    assert "Why will you skip it?" in words(response)


def test_a_skip_planned_30_days_ahead_shows_in_the_calendar_and_can_be_withdrawn(
    alice, thursday, clock
):
    response = alice.post(PLAN, plan(thursday, "2026-12-05", "other", details="Knee surgery"))
    assert response.status_code == 302 and response.url == HISTORY
    planned = Dose.objects.get()
    assert (planned.status, planned.slot_date, planned.reason) == (
        "skipped", date(2026, 12, 5), "Knee surgery",
    )  # fmt: skip
    clock.shift(timedelta(seconds=5))
    page = alice.get(HISTORY)
    assert "Planned: the dose of Saturday 5 December will be skipped." in words(page)
    assert calendar(page)["5 December"] == ["anakinra: Skip planned"]
    assert calendar(page)["4 December"] == ["anakinra: Upcoming"]
    assert "anakinra, Saturday 5 December: Knee surgery" in section_words(page, "plan-heading")
    assert "Skip planned in advance: Knee surgery (entered by alice)." in words(page)
    label = "Withdraw the skip of Saturday 5 December"
    forms = document(page).find_all("form")
    [withdraw] = [f for f in forms if label in [b.text for b in f.find_all("button")]]
    response = alice.post(withdraw.get("action"), {"next": "history"})
    assert response.status_code == 302 and response.url == HISTORY
    planned.refresh_from_db()
    assert planned.is_voided
    clock.shift(timedelta(seconds=5))
    page = alice.get(HISTORY)
    assert "The planned skip of Saturday 5 December is withdrawn" in words(page)
    assert calendar(page)["5 December"] == ["anakinra: Upcoming"]
    assert "Skips planned" not in words(page)


def test_a_skip_31_days_ahead_is_refused_beside_the_day_keeping_what_was_typed(
    alice, thursday
):
    response = alice.post(PLAN, plan(thursday, "2026-12-06", "other", details="Cruise"))
    assert response.status_code == 200
    assert field_error(response, "id_plan_slot_date") == (
        "A dose can be skipped in advance at most 30 days ahead: choose a day up to "
        "Saturday 5 December"
    )
    summary = document(response).find(class_="error-summary")
    assert (summary.get("role"), summary.get("tabindex")) == ("alert", "-1")
    assert summary.has("data-focus-on-load")
    assert summary.find("a").get("href") == "#id_plan_slot_date"
    assert form_values(response) | {"csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "", "regimen": str(thursday.pk), "slot_date": "2026-12-06",
        "why": "other", "details": "Cruise",
    }  # fmt: skip
    assert not Dose.objects.exists()


def test_a_fine_plan_shows_no_error_summary(alice, thursday):
    assert not document(alice.get(HISTORY)).find_all(class_="error-summary")
    response = alice.post(PLAN, plan(thursday, "2026-12-06"))
    assert document(response).find_all(class_="error-summary")


def test_a_skip_cannot_be_planned_for_a_day_gone_by(alice, thursday):
    response = alice.post(PLAN, plan(thursday, "2026-11-04"))
    assert "The dose of Wednesday 4 November is past" in field_error(
        response, "id_plan_slot_date"
    )
    assert not Dose.objects.exists()


def test_todays_open_dose_is_skipped_from_the_check_in_not_in_advance(alice, thursday):
    response = alice.post(PLAN, plan(thursday, "2026-11-05"))
    assert "is open now: skip it from the check-in" in field_error(response, "id_plan_slot_date")
    assert not Dose.objects.exists()


def test_a_day_already_planned_is_refused_as_already_recorded(alice, thursday, clock):
    alice.post(PLAN, plan(thursday, "2026-11-20"))
    clock.shift(timedelta(seconds=5))
    response = alice.post(PLAN, plan(thursday, "2026-11-20", "fever"))
    assert "already recorded for the slot of Friday 20 November 2026" in field_error(
        response, "id_plan_slot_date"
    )
    assert Dose.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [({"slot_date": ""}, "id_plan_slot_date"), ({"why": ""}, "id_plan_why"),
     ({"why": "other"}, "id_plan_details")],
    ids=["no day", "no reason", "another reason without words"],
)  # fmt: skip
def test_a_plan_without_its_day_or_reason_says_what_is_missing(alice, thursday, data, field):
    response = alice.post(PLAN, plan(thursday, "2026-11-20") | data)
    assert response.status_code == 200
    assert field_error(response, field)
    assert not Dose.objects.exists()


def test_a_caregiver_plans_a_skip_naming_the_patient(carol, caregiver, patient, thursday, clock):
    url = reverse("patient-history", args=[patient.pk])
    page = carol.get(url)
    assert heading_of(page, "plan-heading") == "Skip a dose of alice's in advance"
    assert "Why will alice skip it?" in words(page)
    assert "Alice has a fever or an infection" in words(page)
    response = carol.post(PLAN, plan(thursday, "2026-11-12", "fever") | {"patient": patient.pk})
    assert response.status_code == 302 and response.url == url
    planned = Dose.objects.get()
    assert (planned.entered_by, planned.skip_reason) == (caregiver, "fever")
    clock.shift(timedelta(seconds=5))
    assert "Planned: alice will skip the dose of Thursday 12 November." in words(carol.get(url))


def test_a_caregivers_error_keeps_them_on_the_patients_history(carol, patient, thursday):
    response = carol.post(PLAN, plan(thursday, "2026-12-06") | {"patient": patient.pk})
    assert response.status_code == 200
    assert "History of alice" in words(response)
    assert field_error(response, "id_plan_slot_date")


def test_a_skip_that_was_not_planned_offers_no_withdrawal(alice, story):
    page = alice.get(HISTORY)
    assert "Skips planned" not in words(page)
    withdraw = reverse("withdraw-skip", args=[story["skipped"].pk])
    assert not document(page).find_all("form", action=withdraw)


def test_only_who_may_void_a_planned_skip_is_offered_to_withdraw_it(
    alice, carol, caregiver, patient, thursday, clock
):
    # Found in review: carol was offered "Withdraw" for alice's plan, then refused.
    alice.post(PLAN, plan(thursday, "2026-11-12"))
    clock.shift(timedelta(seconds=5))
    withdraw = reverse("withdraw-skip", args=[Dose.objects.get().pk])
    own = find_all(alice.get(HISTORY), "form", action=withdraw)
    theirs = carol.get(reverse("patient-history", args=[patient.pk]))
    assert len(own) == 1
    assert not find_all(theirs, "form", action=withdraw)
    assert "anakinra, Thursday 12 November" in words(theirs)  # still listed, for her to see


# A skip's reason, in each reader's words (issue 15)

SKIP = reverse("skip-dose")
SPANISH = {"Accept-Language": "es"}


def in_spanish(text: str, **values) -> str:
    """`text` as the Spanish catalogue says it, whatever its translation is."""
    with translation.override("es"):
        return gettext(text) % values if values else gettext(text)


@pytest.fixture
def tuesday_skip(patient, regimen, clock):
    """Tuesday 3 November 08:30: the open dose, to skip from the check-in."""
    clock.move_to(at(3, 8, 30))
    return {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever",
            "details": "desde el martes"}  # fmt: skip


def record_words(response) -> str:
    """The words of the list of every record, one space between them."""
    return " ".join(" ".join(records(response)).split())


def test_a_spanish_patients_skip_reads_in_each_readers_language(
    alice, carol, dee, patient, tuesday_skip, clock
):
    assert alice.post(SKIP, tuesday_skip, headers=SPANISH).status_code == 302
    clock.shift(timedelta(seconds=5))
    url = reverse("patient-history", args=[patient.pk])
    english = record_words(dee.get(url))
    assert "Skipped: Fever or infection: desde el martes (entered by alice)." in english
    spanish = record_words(carol.get(url, headers=SPANISH))
    reason = f"{in_spanish('Fever or infection')}: desde el martes"
    assert in_spanish("Skipped: %(reason)s (entered by %(who)s).", reason=reason,
                      who="alice") in spanish  # fmt: skip
    for page in (english, spanish):
        assert "Tengo fiebre" not in page
        assert "I have a fever" not in page


def test_a_caregivers_skip_reads_neutrally_to_the_patient_and_the_clinician(
    alice, carol, dee, patient, tuesday_skip, clock
):
    carol.post(SKIP, tuesday_skip | {"patient": patient.pk, "by": "caregiver"})
    clock.shift(timedelta(seconds=5))
    own = record_words(alice.get(HISTORY))
    assert "Skipped: Fever or infection: desde el martes (entered by carol)." in own
    record = words(alice.get(reverse("dose", args=[Dose.objects.get().pk])))
    assert "Skipped: Fever or infection: desde el martes" in record
    clinic = record_words(dee.get(reverse("patient-history", args=[patient.pk])))
    assert "Skipped: Fever or infection: desde el martes (entered by carol)." in clinic
    for page in (own, record, clinic):
        assert "alice has a fever" not in page
        assert "I have a fever" not in page
    # The chooser still chooses in their own person: carol's form names alice.
    assert "Alice has a fever or an infection" in words(
        carol.get(reverse("patient-history", args=[patient.pk]))
    )


def test_a_reason_in_words_reads_as_it_was_typed(alice, tuesday_skip, clock):
    alice.post(SKIP, tuesday_skip | {"why": "other", "details": "Stomach bug"})
    clock.shift(timedelta(seconds=5))
    assert (Dose.objects.get().skip_reason, Dose.objects.get().reason) == ("other", "Stomach bug")
    assert "Skipped: Stomach bug (entered by alice)." in record_words(alice.get(HISTORY))


def test_a_planned_skip_reads_its_reason_in_the_readers_language(alice, carol, patient, thursday):
    alice.post(PLAN, plan(thursday, "2026-11-12", "surgery", details="rodilla"), headers=SPANISH)
    page = words(carol.get(reverse("patient-history", args=[patient.pk])))
    assert "anakinra, Thursday 12 November: Surgery or dental work planned: rodilla" in page
    assert "Tengo prevista" not in page


def test_a_skip_stored_before_reasons_were_codes_shows_no_change_of_reason(alice, regimen, clock):
    """Migration 0022 moved its reason to a code without a change to the record: its
    void tells the void, not a reason changed by who voided it."""
    clock.move_to(at(3, 9))
    user = regimen.patient.user
    dose = Dose.objects.create(patient=regimen.patient, regimen=regimen, status="skipped",
                               slot_date=date(2026, 11, 3), dose_mg=100, skip_reason="fever",
                               entered_by=user)  # fmt: skip
    old = dose.snapshot() | {"reason": "I have a fever or an infection"}
    del old["skip_reason"]
    DoseRevision.objects.create(dose=dose, version=1, action="created", changed_by=user,
                                reason=old["reason"], data=old)  # fmt: skip
    clock.move_to(at(3, 10))
    void_dose(dose=dose, voided_by=user, reason="took it after all")
    page = words(alice.get(reverse("dose", args=[dose.pk])))
    assert "Voided: was no, now yes" in page
    assert "Reason: was" not in page
    assert "Reason chosen: was" not in page
