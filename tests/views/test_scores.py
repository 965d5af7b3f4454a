"""Is it working? (issue 12, item 4): "How are you today?" on the check-in.

Alice injects anakinra daily at 08:00 Europe/London from Sunday 1 November 2026;
London keeps GMT in November, so local times are UTC times.
"""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from injections.models import DailyScore
from tests.views.pages import (
    checked,
    document,
    element,
    form_of,
    section,
    sent,
)

HOME = reverse("home")
SAVE = reverse("save-scores")
HTMX = {"HX-Request": "true"}


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


pytestmark = pytest.mark.clock(at(3, 19))


def score_form(response):
    return form_of(response, "Save today's scores")


def tapped(response, **scores) -> dict:
    """What the browser sends once these numbers are tapped on the page's form."""
    return sent(score_form(response)) | {name: str(value) for name, value in scores.items()}


def scores_section(response) -> str:
    return section(response, "scores-heading")


# How are you today?


def test_the_check_in_asks_three_optional_scales_of_0_to_10(alice):
    response = alice.get(HOME)
    form = score_form(response)
    groups = form.find_all("fieldset", class_="scale")
    assert [group.find("legend").text for group in groups] == [
        "Pain 0 none, 10 the worst",
        "Morning stiffness 0 none, 10 the worst",
        "Fatigue 0 none, 10 the worst",
    ]
    for name in ("pain", "stiffness", "fatigue"):
        radios = form.find_all("input", type="radio", name=name)
        assert [radio.get("value") for radio in radios] == [str(n) for n in range(11)]
    # The ends say what they mean to a screen reader too.
    assert element(response, "id_score_pain_0").get("type") == "radio"
    label = document(response).find("label", **{"for": "id_score_pain_10"})
    assert "10, the worst" in label.text
    assert "can be changed today, not later" in scores_section(response)
    assert checked(response, "pain") == []  # nothing chosen for her


def test_a_tap_on_each_saves_todays_scores(alice, patient):
    response = alice.post(SAVE, tapped(alice.get(HOME), pain=3, stiffness=5, fatigue=2))
    assert response.status_code == 302
    assert response.url == f"{HOME}#scores"
    saved = DailyScore.objects.get(patient=patient)
    assert (saved.day, saved.pain, saved.stiffness, saved.fatigue) == (nov(3), 3, 5, 2)
    assert saved.recorded_by == patient.user

    page = alice.get(HOME)
    assert "Saved for today: pain 3, morning stiffness 5, fatigue 2." in scores_section(page)
    assert "They can be changed until the end of today" in scores_section(page)
    # Changing them starts from what was saved.
    change = form_of(page, "Save the change")
    assert [checked(page, scale) for scale in ("pain", "stiffness", "fatigue")] == [
        ["3"], ["5"], ["2"]]  # fmt: skip
    assert change.find_all("input", name="day")[0].get("value") == "2026-11-03"


def test_one_scale_is_enough(alice, patient):
    alice.post(SAVE, tapped(alice.get(HOME), fatigue=6))
    assert DailyScore.objects.get(patient=patient).fatigue == 6
    assert "Saved for today: fatigue 6." in scores_section(alice.get(HOME))


def test_nothing_tapped_is_said_and_saves_nothing(alice):
    response = alice.post(SAVE, sent(score_form(alice.get(HOME))))
    assert response.status_code == 200
    assert "Tap a number on at least one of the scales" in scores_section(response)
    assert not DailyScore.objects.exists()


def test_the_scores_are_saved_once_a_day_and_changed_that_day(alice, patient, clock):
    alice.post(SAVE, tapped(alice.get(HOME), pain=7, stiffness=8, fatigue=6))
    clock.move_to(at(3, 22))
    page = alice.get(HOME)
    alice.post(SAVE, sent(form_of(page, "Save the change")) | {"pain": "5"})
    saved = DailyScore.objects.get(patient=patient)
    assert (saved.pain, saved.stiffness, saved.fatigue) == (5, 8, 6)
    assert saved.recorded_at == at(3, 22)
    assert "Saved for today: pain 5, morning stiffness 8, fatigue 6." in scores_section(
        alice.get(HOME)
    )


def test_yesterdays_page_changes_nothing_after_midnight_and_keeps_the_taps_for_today(
    alice, patient, clock
):
    alice.post(SAVE, tapped(alice.get(HOME), pain=7))
    tuesday = alice.get(HOME)  # left open on the phone
    clock.move_to(at(4, 0, 5))
    response = alice.post(SAVE, sent(form_of(tuesday, "Save the change")) | {"pain": "4"})

    assert response.status_code == 200
    said = scores_section(response)
    assert "Tuesday 3 November is over: its scores can no longer be given or changed" in said
    assert DailyScore.objects.get(patient=patient, day=nov(3)).pain == 7
    assert not DailyScore.objects.filter(day=nov(4)).exists()
    # The form is now Wednesday's, with what she tapped: one more tap saves it.
    assert checked(response, "pain") == ["4"]
    again = score_form(response)
    assert again.find_all("input", name="day")[0].get("value") == "2026-11-04"
    alice.post(SAVE, sent(again))
    assert DailyScore.objects.get(patient=patient, day=nov(4)).pain == 4


def test_an_htmx_save_answers_with_the_scores_alone_focused_on_what_was_saved(alice):
    response = alice.post(SAVE, tapped(alice.get(HOME), pain=2, stiffness=3), headers=HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    page = document(response)
    assert [(found.tag, found.get("id")) for found in page.children] == [("section", "scores")]
    saved = page.find(id="scores-saved")
    assert saved.text == "Saved for today: pain 2, morning stiffness 3."
    assert saved.has("data-focus-after-swap")


def test_the_form_works_with_htmx_and_without(alice):
    form = score_form(alice.get(HOME))
    assert form.get("method") == "post" and form.get("action") == SAVE
    assert form.get("hx-post") == SAVE and form.get("hx-target") == "#scores"


# Who gives them


def test_a_caregiver_asks_the_patient_and_is_named_as_who_saved(carol, alice, caregiver, patient):
    page = carol.get(reverse("patient", args=[patient.pk]))
    assert "How is alice today?" in scores_section(page)
    assert "ask, and tap what they tell you" in scores_section(page)
    response = carol.post(SAVE, tapped(page, pain=4))
    assert response.url == f"{reverse('patient', args=[patient.pk])}#scores"
    assert DailyScore.objects.get(patient=patient).recorded_by == caregiver
    assert "Saved for today by carol: pain 4." in scores_section(alice.get(HOME))


def test_the_clinic_does_not_give_them(dee, patient):
    page = dee.get(reverse("patient", args=[patient.pk]))
    assert scores_section(page) == ""
    response = dee.post(SAVE, {"patient": patient.pk, "day": "2026-11-03", "pain": "3"})
    assert response.status_code == 403
    assert not DailyScore.objects.exists()


def test_someone_who_does_not_see_the_patient_gets_not_found(eve, patient):
    response = eve.post(SAVE, {"patient": patient.pk, "day": "2026-11-03", "pain": "3"})
    assert response.status_code == 404
    assert not DailyScore.objects.exists()
