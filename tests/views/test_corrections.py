"""Correcting and voiding a record on its page, `dose` (DESIGN §7; issue 10, item 4).

It is Tuesday 3 November 2026, 12:00 in London (GMT, so local times are UTC). Alice
injects anakinra daily at 08:00; the slot of day D opens at 05:00, is on time until
10:00 and closes at 20:00. She logged today's dose at 08:00 in her left thigh.
"""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from injections.models import Dose
from injections.rules.geometry import Administrator, Site
from injections.services.doses import record_dose, skip_slot
from tests.views.pages import document, element, field_error, find_all, words

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
THIGH = Site("thigh", "left", 60, 100)
ABDOMEN = Site("abdomen", "", 30, 30)

pytestmark = pytest.mark.clock(NOW)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def give(regimen, taken_at, site=THIGH, *, by=Administrator.SELF, entered_by=None, **options):
    return record_dose(regimen=regimen, taken_at=taken_at, site=site, administered_by=by,
                       entered_by=entered_by or regimen.patient.user,
                       now=taken_at + timedelta(minutes=1), **options)  # fmt: skip


@pytest.fixture
def dose(regimen):
    """Today's dose, as alice logged it."""
    return give(regimen, at(3, 8))


def page(pk: int) -> str:
    return reverse("dose", args=[pk])


def as_typed(dose, **changes) -> dict:
    """The correction form as it comes filled in, with these fields changed."""
    return {
        "taken_date": "2026-11-03",
        "taken_time": "08:00",
        "place": "thigh:left",
        "x": "6",
        "y": "10",
        "dose_mg": "100",
        "administered_by": "self",
        "reason": "",
    } | changes


def forms_on(response) -> set:
    return {form.get("action") for form in find_all(response, "form", method="post")}


# What each role sees


def test_the_patient_sees_her_dose_s_facts_ready_to_correct_and_a_void(alice, dose):
    response = alice.get(page(dose.pk))

    assert forms_on(response) >= {
        reverse("correct-dose", args=[dose.pk]),
        reverse("void-dose", args=[dose.pk]),
    }
    values = {e.get("id"): e.get("value") for e in find_all(response, "input") if e.has("value")}
    assert values["id_fix_taken_date"] == "2026-11-03"
    assert values["id_fix_taken_time"] == "08:00"
    assert (values["id_fix_x"], values["id_fix_y"], values["id_fix_dose_mg"]) == ("6", "10", "100")
    assert [e.get("value") for e in find_all(response, "input", name="administered_by",
                                             checked=True)] == ["self"]  # fmt: skip
    assert "Correct this record" in words(response)
    assert not find_all(response, id="not-yours")


def test_a_caregiver_sees_the_patient_s_record_but_no_way_to_change_it(carol, alice, dose):
    response = carol.get(page(dose.pk))

    assert response.status_code == 200
    assert forms_on(response) & {reverse("correct-dose", args=[dose.pk]),
                                 reverse("void-dose", args=[dose.pk])} == set()  # fmt: skip
    assert element(response, "not-yours").text == (
        "Only alice, who entered it, or alice's clinic can correct or void this record."
    )
    # ... while alice, on the same record, has both.
    assert reverse("void-dose", args=[dose.pk]) in forms_on(alice.get(page(dose.pk)))


def test_a_caregiver_may_change_a_record_she_entered(carol, regimen, caregiver):
    hers = give(regimen, at(3, 8), ABDOMEN, by=Administrator.CAREGIVER, entered_by=caregiver)

    response = carol.get(page(hers.pk))

    assert reverse("correct-dose", args=[hers.pk]) in forms_on(response)
    assert not find_all(response, id="not-yours")


def test_the_clinic_sees_the_forms_too(dee, dose):
    assert reverse("correct-dose", args=[dose.pk]) in forms_on(dee.get(page(dose.pk)))


@pytest.mark.parametrize("action", ["correct-dose", "void-dose"])
def test_a_caregiver_who_did_not_enter_it_is_refused_and_nothing_changes(carol, dose, action):
    data = as_typed(dose, taken_time="07:30", reason="it was earlier")

    response = carol.post(reverse(action, args=[dose.pk]), data)

    assert response.status_code == 403
    dose.refresh_from_db()
    assert (dose.version, dose.taken_at, dose.voided_at) == (1, at(3, 8), None)


def test_a_skip_offers_a_void_and_no_correction(alice, regimen, patient, clock):
    clock.move_to(at(3, 6))  # the slot is open: it may be skipped
    skipped = skip_slot(regimen=regimen, slot_date=at(3, 0).date(), reason="fever",
                        entered_by=patient.user)  # fmt: skip
    clock.move_to(NOW)

    response = alice.get(page(skipped.pk))

    assert forms_on(response) >= {reverse("void-dose", args=[skipped.pk])}
    assert reverse("correct-dose", args=[skipped.pk]) not in forms_on(response)
    assert "Void this skip" in words(response)


def test_a_voided_record_says_so_and_offers_nothing_more(alice, dose):
    alice.post(reverse("void-dose", args=[dose.pk]), {"reason": "entered twice"})

    response = alice.get(page(dose.pk))

    assert "Void since 3 Nov 2026 12:00, by alice: entered twice" in words(response)
    assert forms_on(response) & {reverse("correct-dose", args=[dose.pk]),
                                 reverse("void-dose", args=[dose.pk])} == set()  # fmt: skip
    assert not find_all(response, id="not-yours")


# Correcting


def test_the_patient_corrects_the_time_and_the_page_lists_both_versions(alice, dose):
    response = alice.post(
        reverse("correct-dose", args=[dose.pk]),
        as_typed(dose, taken_time="07:30", reason="I took it before breakfast"),
        follow=True,
    )

    assert response.redirect_chain == [(page(dose.pk), 302)]
    dose.refresh_from_db()
    assert (dose.taken_at, dose.version) == (at(3, 7, 30), 2)
    text = words(response)
    assert "Corrected. The earlier version stays in the record's history." in text
    versions = [li.text for li in document(response).find("ol", class_="revisions").find_all("li")]
    assert versions[-1] == (
        "Corrected on 3 Nov 2026 12:00 by alice: I took it before breakfast "
        "Time taken: was Tue 3 Nov 2026 08:00, now Tue 3 Nov 2026 07:30"
    )


def test_a_new_day_moves_the_dose_to_that_day_s_slot_in_words(alice, dose):
    response = alice.post(
        reverse("correct-dose", args=[dose.pk]),
        as_typed(dose, taken_date="2026-11-02", taken_time="18:00", dose_mg="50",
                 administered_by="caregiver", reason="my son gave it last night"),
        follow=True,
    )  # fmt: skip

    dose.refresh_from_db()
    assert (dose.slot_date.day, dose.dose_mg, dose.administered_by) == (
        2,
        Decimal("50"),
        "caregiver",
    )
    last = document(response).find("ol", class_="revisions").find_all("li")[-1].text
    assert "Dose of: was Tue 3 Nov 2026, now Mon 2 Nov 2026" in last
    assert "Dose (mg): was 100 mg, now 50 mg" in last
    assert "Given by: was you, now a caregiver" in last


def test_a_correction_without_a_reason_says_so_beside_the_field_and_in_a_summary(alice, dose):
    response = alice.post(
        reverse("correct-dose", args=[dose.pk]), as_typed(dose, taken_time="07:30")
    )

    assert response.status_code == 200
    assert field_error(response, "id_fix_reason") == "Say why the record is corrected."
    summary = element(response, "error-summary")
    assert summary.has("autofocus") and summary.get("tabindex") == "-1"
    assert summary.get("role") == "alert"
    [link] = summary.find_all("a")
    assert link.get("href") == "#id_fix_reason"
    # What was typed is kept.
    assert element(response, "id_fix_taken_time").get("value") == "07:30"
    dose.refresh_from_db()
    assert dose.version == 1


def test_a_page_without_a_mistake_has_no_summary(alice, dose):
    assert not find_all(alice.get(page(dose.pk)), id="error-summary")


def test_a_time_later_than_now_is_refused_beside_the_time(alice, dose):
    response = alice.post(
        reverse("correct-dose", args=[dose.pk]),
        as_typed(dose, taken_time="13:00", reason="later"),
    )

    assert field_error(response, "id_fix_taken_time").startswith("That is later than now")
    dose.refresh_from_db()
    assert dose.taken_at == at(3, 8)


def test_a_day_that_already_has_its_dose_is_refused_beside_the_time(alice, regimen, dose):
    give(regimen, at(2, 8), ABDOMEN)

    response = alice.post(
        reverse("correct-dose", args=[dose.pk]),
        as_typed(dose, taken_date="2026-11-02", taken_time="19:00", reason="wrong day"),
    )

    assert "never a double dose" in field_error(response, "id_fix_taken_time")
    assert element(response, "error-summary")


def test_a_spot_too_close_is_refused_beside_the_spot_then_recorded_anyway_with_a_reason(
    alice, regimen, clock
):
    give(regimen, at(2, 8), THIGH)
    dose = give(regimen, at(3, 8), ABDOMEN)
    url = reverse("correct-dose", args=[dose.pk])
    typed = as_typed(dose, place="thigh:left", x="7", y="10", reason="it was the thigh")
    before = alice.get(page(dose.pk))
    assert not find_all(before, id="id_fix_happened")

    refused = alice.post(url, typed)

    assert "1 cm from yesterday's injection at 08:00" in field_error(refused, "id_fix_place")
    assert find_all(refused, id="id_fix_happened")
    assert Dose.objects.get(pk=dose.pk).region == "abdomen"

    missing = alice.post(url, typed | {"happened": "on"})
    assert field_error(missing, "id_fix_what_happened") == (
        "Say what happened, so that the record explains it."
    )

    alice.post(url, typed | {"happened": "on", "what_happened": "the nurse chose it"})
    dose.refresh_from_db()
    assert (dose.region, dose.flags, dose.reason) == ("thigh", ["too_close"], "the nurse chose it")
    assert "Flagged for review: too close" in words(alice.get(page(dose.pk)))


def test_a_spot_outside_its_area_is_refused_beside_the_across_field(alice, dose):
    response = alice.post(
        reverse("correct-dose", args=[dose.pk]), as_typed(dose, x="30", reason="further out")
    )

    assert "choose 0 to 12" in field_error(response, "id_fix_x")


def test_a_correction_that_changes_nothing_says_so(alice, dose):
    response = alice.post(reverse("correct-dose", args=[dose.pk]), as_typed(dose, reason="check"))

    assert "Nothing was changed" in words(response)
    assert element(response, "error-summary")


# Voiding


def test_the_patient_voids_a_wrong_record_and_the_history_says_void(alice, dose):
    response = alice.post(reverse("void-dose", args=[dose.pk]), {"reason": "never given"},
                          follow=True)  # fmt: skip

    assert "Voided. The record stays in the history, marked void, with why." in words(response)
    dose.refresh_from_db()
    assert (dose.void_reason, dose.voided_by.get_username()) == ("never given", "alice")
    history = alice.get(reverse("history"))
    [row] = document(history).find_all("li", class_="voided")
    assert "void" in row.text and "never given" in row.text


def test_a_void_without_a_reason_is_refused_beside_the_field(alice, dose):
    response = alice.post(reverse("void-dose", args=[dose.pk]), {"reason": " "})

    assert field_error(response, "id_void_reason") == "Say why the record is voided."
    assert element(response, "error-summary").find("a").get("href") == "#id_void_reason"
    assert Dose.objects.get(pk=dose.pk).voided_at is None


def test_an_extra_dose_can_be_voided_from_its_page(alice, regimen, dose):
    extra = give(regimen, at(3, 9), ABDOMEN, extra=True, override_reason="by mistake")
    assert reverse("void-dose", args=[extra.pk]) in forms_on(alice.get(page(extra.pk)))

    alice.post(reverse("void-dose", args=[extra.pk]), {"reason": "it was entered twice"})

    assert Dose.objects.get(pk=extra.pk).is_voided
    assert not Dose.objects.get(pk=dose.pk).is_voided


def test_an_extra_dose_s_page_gives_the_overdose_advice_to_each_reader(alice, carol, dose):
    extra = give(dose.regimen, at(3, 9), Site("abdomen", "", 30, 30), extra=True,
                 override_reason="a second syringe by mistake")  # fmt: skip
    assert "You had more than your dose. Call the poison control centre" in words(
        alice.get(page(extra.pk))
    )
    assert "alice had more than their dose" in words(carol.get(page(extra.pk)))
    # The day's own dose has no such advice.
    assert "poison control" not in words(alice.get(page(dose.pk)))
