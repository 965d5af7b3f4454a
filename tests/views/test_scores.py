"""Is it working? (issue 12, item 4): "How are you today?" on the check-in, and the
chart of the scores against the doses on the History page and the clinic's patient
page, read through its table and the page's context.

Alice injects anakinra daily at 08:00 Europe/London from Sunday 1 November 2026;
London keeps GMT in November, so local times are UTC times. Week 1 of her treatment
is 1 to 7 November; two weeks are over on Sunday the 15th.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from injections.models import DailyScore
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.scores import record_scores
from tests.conftest import make_patient, signed_in
from tests.views.pages import (
    checked,
    document,
    element,
    find_all,
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


# The chart, for the patient and for the clinic


# Thirteen spots at least 6 cm apart, one for each dose of two weeks.
SPOTS = [("thigh", side, x, y) for side in ("left", "right") for x in (30, 90)
         for y in (30, 90, 150)] + [("abdomen", "", 40, 40)]  # fmt: skip


@pytest.fixture
def three_weeks(patient, regimen, clock):
    """Doses every day of weeks 1 and 2 but the 5th and the 12th, through Sunday the 15th;
    scores of 7 and 8 in week 1, 3 and 4 in week 3. It is now the 15th, 19:00."""
    for day, spot in zip([d for d in range(1, 16) if d not in (5, 12)], SPOTS, strict=True):
        clock.move_to(at(day, 8, 1))
        record_dose(regimen=regimen, taken_at=at(day, 8), entered_by=patient.user,
                    site=Site(*spot), administered_by="self")  # fmt: skip
    for day, pain in ((2, 7), (3, 8), (15, 3)):
        clock.move_to(at(day, 19))
        record_scores(patient=patient, day=nov(day), recorded_by=patient.user, pain=pain,
                      stiffness=pain + 1)  # fmt: skip
    clock.move_to(at(15, 19))


def table(response) -> list[list[str]]:
    """The chart's table alternative: each week's row, as a screen reader reads it."""
    found = element(response, "progress-table")
    return [[cell.text for cell in row.children] for row in found.find("tbody").find_all("tr")]


def test_the_history_draws_the_scores_against_the_doses_week_by_week(alice, three_weeks):
    response = alice.get(reverse("history"))
    rows = table(response)
    assert [row[0].split(" ")[:2] for row in rows] == [["Week", "1"], ["Week", "2"], ["Week", "3"]]
    assert rows[0][1:] == ["6 of 7 85.7 %", "7.5", "8.5", "—"]
    assert rows[1][1:] == ["6 of 7 85.7 %", "—", "—", "—"]
    assert rows[2][1:] == ["1 of 1 100.0 %", "3.0", "4.0", "—"]
    assert "1–7 Nov, the start" in rows[0][0] and "scored on 2 days" in rows[0][0]
    assert "2 weeks in" in rows[1][0]
    assert "so far" in rows[2][0]

    chart = response.context["chart"]
    assert [row.scores.pain for row in chart.rows] == [Decimal("7.5"), None, Decimal("3.0")]
    assert [(mark.label, mark.day) for mark in chart.marks] == [
        ("Start", "1 Nov"), ("2 weeks", "15 Nov")]  # fmt: skip
    # The start on the edge of week 1, two weeks two columns along.
    first, _second, third = chart.columns
    step = third.x - _second.x
    assert chart.marks[0].x == pytest.approx(first.x - step / 2)
    assert chart.marks[1].x == pytest.approx(third.x - step / 2)


def test_the_chart_is_a_picture_with_words_for_screen_readers(alice, three_weeks):
    response = alice.get(reverse("history"))
    [svg] = find_all(response, "svg", class_="progress-chart")
    assert svg.get("role") == "img"
    title = element(response, svg.get("aria-labelledby")).text
    assert "Treatment started on 1 November 2026" in title
    assert "Pain: 7.5 in week 1, 3.0 in week 3 so far." in title
    assert "Doses taken: 85.7 % in week 1, 100.0 % in week 3 so far." in title
    # One bar a week with doses due, one marker a week with a pain score.
    assert len(svg.find_all("rect", class_="progress-bar")) == 3
    pain = svg.find("g", class_="progress-pain")
    assert len(pain.find_all("circle")) == 2


def test_a_caregiver_reads_the_chart_on_the_patients_history(carol, patient, three_weeks):
    response = carol.get(reverse("patient-history", args=[patient.pk]))
    assert table(response)[0][2] == "7.5"
    assert "How alice said they were on the check-in" in section(response, "progress-heading")


def test_the_clinic_reads_the_chart_on_the_patients_review(dee, patient, three_weeks):
    response = dee.get(reverse("clinic-patient", args=[patient.pk]))
    rows = table(response)
    assert [row[2] for row in rows] == ["7.5", "—", "3.0"]
    assert response.context["chart"].progress.start == nov(1)
    assert "Is it working?" in section(response, "progress-heading")


def test_before_any_score_the_chart_shows_the_doses_and_says_where_to_give_them(alice, patient):
    response = alice.get(reverse("history"))
    assert table(response)[0][1:] == ["0 of 3 0.0 %", "—", "—", "—"]
    assert "No scores yet: give them on the check-in" in section(response, "progress-heading")


def test_before_treatment_starts_there_is_nothing_to_draw(db):
    later = make_patient("lena", start_date=nov(20))
    response = signed_in(later.user).get(reverse("history"))
    assert "Nothing to show yet" in section(response, "progress-heading")
    assert response.context["chart"].rows == []
    assert not find_all(response, "svg", class_="progress-chart")


def test_a_long_treatment_shows_its_latest_twelve_weeks(patient, clock):
    clock.move_to(at(1, 0) + timedelta(days=200))
    response = signed_in(patient.user).get(reverse("history"))  # a session of today
    assert len(table(response)) == 12
    chart = response.context["chart"]
    assert chart.marks == []  # the start is long before the weeks shown: the words say it
    assert "Treatment started on 1 November 2026" in chart.summary
    assert [row.week.number for row in chart.rows] == list(range(18, 30))


def test_the_charts_words_are_html_around_the_drawing_and_screen_readers_skip_them(
    alice, three_weeks
):
    """The words keep the page's size at any zoom (issue 15): none is drawn in the SVG.
    The drawing's summary and the table say them to a screen reader, once."""
    response = alice.get(reverse("history"))
    [svg] = find_all(response, "svg", class_="progress-chart")
    assert svg.find_all("text") == []
    [grid] = find_all(response, "div", class_="progress-grid")
    words = [part for part in grid.children if part.tag != "svg"]
    assert [part.tag for part in words] == ["ol", "ol", "p", "p", "ol", "p"]
    assert all(part.get("aria-hidden") == "true" for part in words)
    left, right = grid.find_all("p", class_="progress-scale")
    assert [span.text for span in left.find_all("span")] == ["10", "5", "0"]
    assert [span.text for span in right.find_all("span")] == ["100 %", "50 %", "0 %"]
    weeks = grid.find("ol", class_="progress-weeks")
    assert [item.text for item in weeks.find_all("li")] == ["1", "2", "3"]
    assert "Weeks of treatment" in grid.find("p", class_="progress-weeks-title").text
    # The marks' words, a row each above the plot, in its first and third columns.
    rows = grid.find_all("ol", class_="progress-marks")
    assert [[cell.text for cell in row.find_all("li")] for row in rows] == [
        ["Start 1 Nov", "", ""], ["", "", "2 weeks 15 Nov"]]  # fmt: skip


def test_each_marks_line_runs_down_from_its_words_through_the_rows_below(alice, three_weeks):
    chart = alice.get(reverse("history")).context["chart"]
    start, two_weeks = chart.marks
    assert [(mark.edge, mark.anchor) for mark in chart.marks] == [(0, "start"), (2, "middle")]
    assert [[cell["line"] for cell in row] for row in chart.mark_rows] == [
        ["left", "", ""], ["left", "", "left"]]  # fmt: skip
    assert [[cell["mark"] for cell in row] for row in chart.mark_rows] == [
        [start, None, None], [None, None, two_weeks]]  # fmt: skip


def test_a_mark_near_the_end_has_its_words_left_of_its_line(patient, clock):
    clock.move_to(at(14, 19))  # the end of week 2: "2 weeks" is the plot's right edge
    chart = signed_in(patient.user).get(reverse("history")).context["chart"]
    assert [(mark.label, mark.edge, mark.anchor) for mark in chart.marks] == [
        ("Start", 0, "start"), ("2 weeks", 2, "end")]  # fmt: skip
    # Its words in the last column, against its right edge, where the line is.
    assert [cell["line"] for cell in chart.mark_rows[1]] == ["left", "right"]
    assert [cell["mark"] for cell in chart.mark_rows[1]] == [None, chart.marks[1]]


def test_the_week_numbers_say_which_of_them_stay_when_the_columns_are_narrow(patient, clock):
    clock.move_to(at(1, 0) + timedelta(days=200))
    chart = signed_in(patient.user).get(reverse("history")).context["chart"]
    steps = {column.label: column.label_steps for column in chart.columns}
    assert steps["19"] == [2, 3, 6]  # 18 weeks after week 1
    assert steps["21"] == [2, 4]
    assert steps["22"] == [3]
    assert steps["20"] == []


def test_in_spanish_the_drawings_numbers_stay_numbers(alice, three_weeks):
    """Its coordinates are never written the Spanish way (12,5), which no SVG reads."""
    response = alice.get(reverse("history"), headers={"Accept-Language": "es"})
    [svg] = find_all(response, "svg", class_="progress-chart")
    numbers = [
        value
        for tag in ("rect", "circle", "line")
        for shape in svg.find_all(tag)
        for name, value in shape.attrs.items()
        if name in {"x", "y", "width", "height", "cx", "cy", "x1", "x2", "y1", "y2"}
    ]
    assert numbers and all(float(value) >= 0 for value in numbers)
