"""What the leaflet says, where a patient meets it (issue 10, item 9, and the
several syringes of item 5): the injection guide (`guide`, `patient-guide`), the
check-in's first-injection card, benefit timeline and syringe count, the
supplies page's storage words, every room-temperature limit from the
medication's setting, and the allergy questions on the health page, the medicine
list and the clinic's patient page.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from Sunday 1 November
2026 (London keeps GMT in November: local times are UTC times). The slot of day D
opens at 05:00.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from injections.models import Medication, Patient
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.health import record_allergies
from injections.services.supplies import add_box, take_out_of_fridge
from tests.views.pages import (
    document,
    element,
    field_error,
    find_all,
    heading,
    links,
    section,
    words,
)

HOME = reverse("home")
GUIDE = reverse("guide")
HEALTH = reverse("health")
ALLERGIES = reverse("allergies")
SPOT = {"by": "self", "place": "thigh:left", "x": "6", "y": "10"}


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


pytestmark = pytest.mark.clock(at(1, 7))


def patient_guide(patient) -> str:
    return reverse("patient-guide", args=[patient.pk])


def take(regimen, when=None):
    when = when or at(1, 8)
    return record_dose(
        regimen=regimen, taken_at=when, site=Site("thigh", "left", 60, 100),
        administered_by="self", entered_by=regimen.patient.user, now=when,
    )  # fmt: skip


def set_limit(regimen, hours: int):
    Medication.objects.filter(pk=regimen.medication_id).update(room_temperature_limit_hours=hours)


def set_dose(regimen, mg: str):
    regimen.dose_mg = Decimal(mg)
    regimen.save(update_fields=["dose_mg"])
    regimen.schedule_versions.update(dose_mg=regimen.dose_mg)  # the prescription


# The guide


def test_the_guide_numbers_the_steps_of_an_injection(alice):
    response = alice.get(GUIDE)

    assert response.status_code == 200
    assert heading(response) == "How to inject"
    steps = section(response, "inject-heading")
    for step in (
        "Wash your hands",
        "alcohol wipe and let it dry",
        "pinch a fold of skin",
        "at an angle of 45 to 90 degrees",
        "Push the plunger slowly",
        "dry gauze or a cotton ball, not an alcohol wipe",
        "Do not put the cover back on the needle",
        "into the sharps container straight away",
    ):
        assert step in steps, step
    numbered = document(response).find("section", aria_labelledby="inject-heading").find("ol")
    assert len(numbered.find_all("li")) == 10


def test_the_guide_has_the_checks_before_injecting(alice):
    checks = section(alice.get(GUIDE), "check-heading")

    assert "Do not shake it. If it is foamy, let it stand" in checks
    assert "cloudy or discoloured, or if something floats in it" in checks
    assert "never use a syringe past it" in checks
    assert "must be used within 24 hours" in checks


def test_the_guide_draws_the_pinch_and_the_sharps_container_with_words_for_each(alice):
    response = alice.get(GUIDE)

    drawings = find_all(response, "svg", role="img")
    assert len(drawings) == 2
    for drawing in drawings:
        title = drawing.find("title")
        assert drawing.get("aria-labelledby") == title.get("id")
        assert title.text
    assert "45 and 90 degrees" in drawings[0].find("title").text
    assert not find_all(response, "img")  # nothing fetched from elsewhere


def test_the_guide_says_each_syringe_is_used_once(alice):
    once = section(alice.get(GUIDE), "once-heading")

    assert "Each syringe is for one injection only" in once
    assert "never injected later or kept for another dose" in once


def test_the_guide_says_to_ask_to_be_shown_before_the_first_injection(alice):
    first = section(alice.get(GUIDE), "first-heading")

    assert "Before your first injection, ask your nurse or doctor to show you how" in first


def test_the_guide_keeps_syringes_from_children_and_says_not_to_share(alice):
    storage = section(alice.get(GUIDE), "storage-heading")

    assert "out of the sight and reach of children" in storage
    assert "Never share your medicine or your syringes with anyone" in storage
    assert "never frozen" in storage


def test_the_guide_gives_the_overdose_numbers_of_the_extra_dose_advice(alice):
    too_much = element(alice.get(GUIDE), "overdose").text

    assert too_much.startswith("You had more than your dose. Call the poison control centre")
    assert "1-800-222-1222 in the US" in too_much
    assert "emergency services" in too_much


def test_the_guide_says_when_the_medicine_starts_to_work(alice):
    benefit = section(alice.get(GUIDE), "benefit-heading")

    assert "Many people notice Anakinra (Kineret) working after about two weeks" in benefit
    assert "can take several weeks" in benefit


def test_a_caregiver_reads_the_guide_about_the_patient_by_name(carol, patient):
    response = carol.get(patient_guide(patient))

    assert response.status_code == 200
    assert heading(response) == "How to inject: alice"
    assert "Before the first injection of alice, ask their nurse or doctor to show you" in (
        section(response, "first-heading")
    )
    assert "prescribed for alice only" in section(response, "storage-heading")
    assert element(response, "overdose").text.startswith("alice had more than their dose")
    assert links(response)["Back to the check-in"] == reverse("patient", args=[patient.pk])
    # A caregiver has no supplies page of alice's to send her to; alice has.
    assert "Record a discarded syringe" not in links(response)


def test_the_patient_s_guide_links_to_her_supplies_to_record_a_discard(alice):
    assert links(alice.get(GUIDE))["Record a discarded syringe"] == reverse("supplies")


def test_the_guide_shows_the_room_temperature_limit_of_the_medication(alice, regimen):
    set_limit(regimen, 72)

    response = alice.get(GUIDE)

    assert "must be used within 72 hours" in section(response, "check-heading")
    assert "must be used within 72 hours" in section(response, "storage-heading")
    assert "24 hours" not in words(response)


def test_the_guide_says_how_many_syringes_a_dose_of_two_takes(alice, regimen):
    set_dose(regimen, "200")

    checks = section(alice.get(GUIDE), "check-heading")

    assert "Use 2 syringes of 100 mg for this 200 mg dose" in checks


def test_the_guide_says_nothing_of_syringes_for_one_whole_syringe(alice):
    assert "Use 2 syringes" not in words(alice.get(GUIDE))
    assert "Do not inject the" not in words(alice.get(GUIDE))


def test_the_guide_says_what_to_do_with_the_rest_of_a_partial_dose(alice, regimen):
    set_dose(regimen, "50")

    once = section(alice.get(GUIDE), "once-heading")

    assert "This 50 mg dose is part of a 100 mg syringe: inject only 50 mg" in once
    assert "Do not inject the 50 mg left in the syringe, and do not keep it" in once
    assert "put the syringe into the sharps container with what is left in it" in once


def test_the_guide_asks_for_the_allergy_answers_until_given(alice, patient):
    response = alice.get(GUIDE)
    assert links(response)["Answer the allergy questions"] == f"{HEALTH}#allergies-heading"

    record_allergies(patient=patient, latex=False, bacterial_proteins=False)
    assert section(alice.get(GUIDE), "allergy-heading") == ""


def test_the_guide_says_to_tell_the_doctor_of_a_latex_allergy(alice, patient):
    record_allergies(patient=patient, latex=True, bacterial_proteins=False)

    allergy = section(alice.get(GUIDE), "allergy-heading")

    assert "You are allergic to latex, and the needle cover contains natural rubber" in allergy
    assert "tell your doctor before using it" in allergy
    assert "E. coli" not in allergy


# The check-in


def test_before_the_first_dose_the_check_in_says_to_ask_to_be_shown(alice):
    response = alice.get(HOME)

    first = section(response, "first-injection-heading")
    assert "Before your first injection, ask your nurse or doctor to show you how" in first
    assert links(response)["Read the injection guide"] == GUIDE


def test_after_the_first_dose_the_check_in_no_longer_says_it(alice, regimen, clock):
    take(regimen)
    clock.move_to(at(1, 9))

    response = alice.get(HOME)

    assert section(response, "first-injection-heading") == ""
    assert links(response)["How to inject, step by step"] == GUIDE


def test_a_caregiver_meets_the_first_injection_card_by_the_patient_s_name(carol, patient):
    response = carol.get(reverse("patient", args=[patient.pk]))

    first = section(response, "first-injection-heading")
    assert "Before the first injection of alice, ask their nurse or doctor" in first
    assert links(response)["Read the injection guide"] == patient_guide(patient)


def test_a_clinician_is_not_told_to_ask_a_nurse_to_show_them(dee, patient):
    response = dee.get(reverse("patient", args=[patient.pk]))

    assert section(response, "first-injection-heading") == ""
    assert links(response)["How to inject, step by step"] == patient_guide(patient)


def test_the_check_in_says_when_the_medicine_starts_to_work_in_the_first_weeks(alice):
    benefit = element(alice.get(HOME), "benefit").text

    assert "Many people notice Anakinra (Kineret) working after about two weeks" in benefit


@pytest.mark.parametrize(("day", "month", "told"), [(12, 12, True), (13, 12, False)])
def test_the_benefit_timeline_is_told_for_the_first_six_weeks(
    alice, patient, clock, day, month, told
):
    clock.move_to(at(day, 7, month=month))
    alice.force_login(patient.user)  # the session of 1 November has expired

    assert bool(find_all(alice.get(HOME), id="benefit")) is told


def test_a_dose_of_two_syringes_says_so_on_the_check_in(alice, regimen):
    set_dose(regimen, "200")

    said = element(alice.get(HOME), f"syringes-{regimen.pk}").text

    assert said.startswith("Use 2 syringes of 100 mg for this 200 mg dose")


def test_one_whole_syringe_says_nothing_of_syringes(alice, regimen):
    assert not find_all(alice.get(HOME), id=f"syringes-{regimen.pk}")


def test_once_the_dose_is_taken_the_syringe_count_is_not_repeated(alice, regimen, clock):
    set_dose(regimen, "200")
    take(regimen)
    clock.move_to(at(1, 9))

    assert not find_all(alice.get(HOME), id=f"syringes-{regimen.pk}")


def test_a_partial_dose_says_on_the_check_in_what_to_do_with_the_rest(alice, regimen):
    set_dose(regimen, "50")

    said = element(alice.get(HOME), f"syringes-{regimen.pk}").text

    assert "inject only 50 mg" in said
    assert "Do not inject the 50 mg left" in said


@pytest.mark.parametrize("hours", [24, 72])
def test_the_syringe_checklist_gives_the_medication_s_own_limit(alice, regimen, hours):
    set_limit(regimen, hours)

    checklist = document(alice.get(HOME, SPOT)).find("div", class_="checklist").text

    assert f"out of the fridge for less than {hours} hours" in checklist
    assert checklist.count(" hours") == 1


def test_a_syringe_near_its_limit_is_told_with_the_medication_s_own_limit(alice, regimen, clock):
    set_limit(regimen, 72)
    box = add_box(patient=regimen.patient, medication=regimen.medication, lot="W72",
                  expires_on=date(2027, 6, 30), added_by=regimen.patient.user, count=1)  # fmt: skip
    take_out_of_fridge(syringes=box.syringes.all(), at=at(1, 7))
    clock.move_to(at(4, 5))  # 70 hours out: 2 hours left

    reminders = section(alice.get(HOME), "reminders-heading")

    assert "has been out of the fridge for nearly 72 hours" in reminders


# The supplies page


def test_the_supplies_page_says_children_sharing_and_single_use(alice):
    storage = element(alice.get(reverse("supplies")), "storage").text

    assert "out of the sight and reach of children" in storage
    assert "Never share your medicine or your syringes with anyone" in storage
    assert "Each syringe is used once: what is left in it is never injected later" in storage
    assert "must be used within 24 hours" in storage


def test_the_supplies_page_gives_the_medication_s_own_limit(alice, regimen):
    set_limit(regimen, 72)

    response = alice.get(reverse("supplies"))

    assert "must be used within 72 hours" in element(response, "storage").text
    assert "24 hours" not in words(response)


def test_a_syringe_taken_out_of_the_fridge_is_told_the_medication_s_own_limit(
    alice, regimen, clock
):
    set_limit(regimen, 72)
    box = add_box(patient=regimen.patient, medication=regimen.medication, lot="W72",
                  expires_on=date(2027, 6, 30), added_by=regimen.patient.user, count=1)  # fmt: skip

    response = alice.post(reverse("out-of-fridge", args=[box.syringes.get().pk]), follow=True)

    assert "Noted: out of the fridge now. Use it within 72 hours." in words(response)


def test_the_supplies_page_says_a_dose_takes_two_syringes(alice, regimen):
    set_dose(regimen, "200")
    add_box(patient=regimen.patient, medication=regimen.medication, lot="AB1",
            expires_on=date(2027, 6, 30), added_by=regimen.patient.user)  # fmt: skip

    response = alice.get(reverse("supplies"))

    said = element(response, "syringes-anakinra").text
    assert said.startswith("Use 2 syringes of 100 mg for this 200 mg dose")
    # Seven syringes, two a dose: three days.
    assert "7 usable syringes of anakinra: 3 days of doses" in words(response)


def test_the_supplies_page_says_nothing_of_syringes_for_one_whole_syringe(alice):
    assert not find_all(alice.get(reverse("supplies")), id="syringes-anakinra")


# Allergies: asked once on the health page, changeable


def test_the_health_page_asks_the_allergy_questions_until_answered(alice):
    response = alice.get(HEALTH)

    allergies = section(response, "allergies-heading")
    assert "Are you allergic to latex (natural rubber)?" in allergies
    assert "Are you allergic to proteins made with bacteria (E. coli)?" in allergies
    assert not find_all(response, "details", id="allergies-change")
    assert document(response).find("form", action=ALLERGIES)


def test_answering_the_allergy_questions_records_them(alice, patient, clock):
    response = alice.post(ALLERGIES, {"latex": "yes", "bacterial_proteins": "no"})

    assert response.status_code == 302
    patient = Patient.objects.get(pk=patient.pk)
    assert (patient.latex_allergy, patient.bacterial_protein_allergy) == (True, False)
    assert patient.allergies_answered_at == at(1, 7)
    page = alice.get(HEALTH)
    assert element(page, "allergy-answers").text == (
        "Latex: you are allergic. Proteins made with bacteria (E. coli): not allergic."
    )
    assert "tell your doctor before using it" in section(page, "allergies-heading")


def test_the_answers_can_be_changed(alice, patient):
    record_allergies(patient=patient, latex=True, bacterial_proteins=False)

    response = alice.get(HEALTH)
    assert document(response).find("details", id="allergies-change")
    alice.post(ALLERGIES, {"latex": "no", "bacterial_proteins": "no"})

    patient = Patient.objects.get(pk=patient.pk)
    assert (patient.latex_allergy, patient.bacterial_protein_allergy) == (False, False)
    assert "tell your doctor before using it" not in section(alice.get(HEALTH), "allergies-heading")


def test_a_missing_answer_is_said_next_to_the_question_and_keeps_the_other(alice, patient):
    response = alice.post(ALLERGIES, {"latex": "yes"})

    assert response.status_code == 200
    assert field_error(response, "id_bacterial_proteins") == "Answer yes or no."
    assert field_error(response, "id_latex") == ""
    assert [e.get("value") for e in find_all(response, "input", name="latex", checked=True)] == [
        "yes"
    ]
    assert Patient.objects.get(pk=patient.pk).allergies_answered_at is None


def test_the_medicine_list_shows_the_allergy_answers(alice, patient):
    unanswered = alice.get(reverse("medicine-list"))
    assert element(unanswered, "latex-allergy").text == "not answered yet"

    record_allergies(patient=patient, latex=False, bacterial_proteins=True)
    response = alice.get(reverse("medicine-list"))

    assert element(response, "latex-allergy").text == "no"
    assert element(response, "bacterial-protein-allergy").text == "yes"
    assert "You are allergic to proteins made with bacteria (E. coli)" in words(response)
    assert "tell your doctor before using it" in words(response)


def test_the_clinic_sees_the_allergy_answers_by_name(dee, patient):
    page = reverse("clinic-patient", args=[patient.pk])
    assert element(dee.get(page), "latex-allergy").text == "not answered yet"
    assert "must know before it is used" not in section(dee.get(page), "allergies-heading")

    record_allergies(patient=patient, latex=True, bacterial_proteins=False)
    allergies = section(dee.get(page), "allergies-heading")

    assert "Latex (natural rubber) yes" in allergies
    assert "alice is allergic to latex" in allergies
    assert "their doctor must know before it is used" in allergies


def test_the_drawings_words_are_html_beside_them_that_screen_readers_skip(alice):
    """Words inside an SVG shrink with it (issue 15): these keep the page's size. The
    drawing's title says them already, so they are read once."""
    response = alice.get(GUIDE)

    for drawing in find_all(response, "svg", role="img"):
        assert drawing.find_all("text") == []
    pictures = find_all(response, "div", class_="guide-picture")
    labels = [picture.find("p", class_="guide-label") for picture in pictures]
    assert [label.text for label in labels] == ["45–90°", "no cap"]
    assert all(label.get("aria-hidden") == "true" for label in labels)
