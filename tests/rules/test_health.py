"""Side effects, site reactions, the neutrophil schedule and a low count
(rules/health.py). Other medicines are in test_medicines.py."""

from datetime import date
from decimal import Decimal

import pytest

from injections.rules.health import (
    COMMON_SIDE_EFFECTS,
    INFECTION_SIGNS,
    SIDE_EFFECTS,
    URGENT_SIDE_EFFECTS,
    SideEffectAdvice,
    holds_next_dose,
    is_urgent,
    neutrophil_tests,
    neutrophils_low,
    next_test_due,
    reaction_needs_doctor,
    side_effect_advice,
    side_effect_refusal,
)

START = date(2026, 1, 31)


@pytest.mark.parametrize(
    "effect, urgent",
    [
        ("rash", True),
        ("infection", True),
        ("sinusitis", True),  # listed as common and mild before issue 10
        ("chest_infection", True),
        ("pneumonia", True),
        ("breathing", True),
        ("red_swollen_skin", True),
        ("allergy", True),
        ("site_reaction", False),
        ("headache", False),
        ("nausea", False),
        ("vomiting", False),
        ("diarrhoea", False),
        ("constipation", False),
        ("other", False),
    ],  # fmt: skip
)
def test_which_side_effects_are_urgent(effect, urgent):
    assert is_urgent(effect) is urgent


def test_the_signs_of_infection_include_sinus_and_chest_infections_and_pneumonia():
    assert set(INFECTION_SIGNS) == {"infection", "sinusitis", "chest_infection", "pneumonia"}
    assert set(INFECTION_SIGNS) <= set(URGENT_SIDE_EFFECTS)


def test_every_side_effect_is_in_exactly_one_class():
    classes = [set(URGENT_SIDE_EFFECTS), set(COMMON_SIDE_EFFECTS), {"other"}]
    assert sorted(SIDE_EFFECTS) == sorted(kind for group in classes for kind in group)
    assert len(SIDE_EFFECTS) == len(set(SIDE_EFFECTS)) == 15


@pytest.mark.parametrize("kind", COMMON_SIDE_EFFECTS)
def test_a_common_side_effect_needs_its_severity(kind):
    assert side_effect_refusal(kind, severity="", described="") == "severity_required"
    for severity in ("mild", "moderate", "severe"):
        assert side_effect_refusal(kind, severity=severity, described="") is None


@pytest.mark.parametrize("kind", URGENT_SIDE_EFFECTS)
def test_an_urgent_side_effect_needs_no_severity(kind):
    assert side_effect_refusal(kind, severity="", described="") is None
    assert side_effect_refusal(kind, severity="severe", described="") is None


def test_something_else_needs_its_words_and_not_a_severity():
    assert side_effect_refusal("other", severity="", described="  ") == "description_required"
    assert side_effect_refusal("other", severity="", described="itchy eyes") is None
    assert side_effect_refusal("other", severity="severe", described="itchy eyes") is None


@pytest.mark.parametrize("kind", ["", "dizziness", "Headache", "sinus_infection"])
def test_a_side_effect_off_the_list_is_refused(kind):
    assert side_effect_refusal(kind, severity="mild", described="x") == "unknown_kind"


def test_a_severity_off_the_list_is_refused():
    assert side_effect_refusal("headache", severity="awful", described="") == "unknown_severity"


@pytest.mark.parametrize(
    "kind, severity, advice",
    [
        ("rash", "", SideEffectAdvice.CALL_NOW),
        ("sinusitis", "", SideEffectAdvice.CALL_NOW),
        ("pneumonia", "mild", SideEffectAdvice.CALL_NOW),
        ("allergy", "", SideEffectAdvice.ASK_BEFORE_NEXT_DOSE),
        ("allergy", "mild", SideEffectAdvice.ASK_BEFORE_NEXT_DOSE),
        ("headache", "mild", SideEffectAdvice.TELL_IF_LASTS),
        ("vomiting", "moderate", SideEffectAdvice.TELL_IF_LASTS),
        ("constipation", "severe", SideEffectAdvice.TELL_SOON),
        ("site_reaction", "severe", SideEffectAdvice.TELL_SOON),
        ("other", "", SideEffectAdvice.TELL_DOCTOR),
        ("other", "severe", SideEffectAdvice.TELL_SOON),
    ],  # fmt: skip
)
def test_the_advice_follows_the_class_and_the_severity(kind, severity, advice):
    assert side_effect_advice(kind, severity) == advice


@pytest.mark.parametrize(
    "kind, acknowledged, doctor_said_yes, held",
    [
        ("allergy", False, False, True),
        ("allergy", True, False, False),  # the clinic's staff have seen it
        ("allergy", False, True, False),  # a doctor said the dose may be taken
        ("rash", False, False, False),  # urgent, but the next dose is not held
        ("headache", False, False, False),
    ],  # fmt: skip
)
def test_only_a_sign_of_allergy_holds_the_next_dose(kind, acknowledged, doctor_said_yes, held):
    assert holds_next_dose(
        kind, acknowledged=acknowledged, doctor_said_yes=doctor_said_yes
    ) is held  # fmt: skip


@pytest.mark.parametrize(
    "severity, days, resolved, doctor",
    [
        ("severe", 0, False, True),
        ("severe", 3, True, True),
        ("mild", 28, False, False),
        ("mild", 29, False, True),
        ("moderate", 29, True, False),
    ],  # fmt: skip
)
def test_a_reaction_needs_the_doctor_when_severe_or_over_four_weeks(
    severity, days, resolved, doctor
):
    today = date(2026, 11, 21)
    started = date.fromordinal(today.toordinal() - days)
    assert reaction_needs_doctor(severity, started_on=started, today=today,
                                 resolved=resolved) is doctor  # fmt: skip


def test_the_neutrophil_schedule_runs_monthly_then_quarterly_for_a_year():
    assert neutrophil_tests(START) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
        date(2026, 7, 31), date(2026, 10, 31), date(2027, 1, 31),
    ]  # fmt: skip


def test_the_next_test_is_the_first_without_a_result():
    results = [date(2026, 1, 28), date(2026, 3, 1)]  # the baseline, then month one
    assert next_test_due(START, results, today=date(2026, 3, 10)) == date(2026, 3, 31)


def test_a_result_more_than_a_week_early_does_not_count():
    assert next_test_due(START, [date(2026, 1, 20)], today=date(2026, 1, 25)) == START


def test_after_a_year_of_results_no_test_is_due():
    results = neutrophil_tests(START)
    assert next_test_due(START, results, today=date(2027, 2, 1)) is None


@pytest.mark.parametrize(
    "count, low",
    [
        (None, False),  # a result with only a note
        (Decimal("0"), True),
        (Decimal("0.4"), True),
        (Decimal("1.49"), True),
        (Decimal("1.5"), False),  # the boundary is not low
        (Decimal("1.51"), False),
        (Decimal("3.5"), False),
    ],  # fmt: skip
)
def test_a_neutrophil_count_under_one_and_a_half_is_low(count, low):
    assert neutrophils_low(count) is low
