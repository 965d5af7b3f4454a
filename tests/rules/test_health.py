"""Side effects, site reactions, the neutrophil schedule and other medicines
(rules/health.py)."""

from datetime import date

import pytest

from injections.rules.health import (
    Interaction,
    check_medicine,
    is_urgent,
    neutrophil_tests,
    next_test_due,
    reaction_needs_doctor,
)

START = date(2026, 1, 31)


@pytest.mark.parametrize(
    "effect, urgent",
    [
        ("rash", True),
        ("infection", True),
        ("breathing", True),
        ("red_swollen_skin", True),
        ("allergy", True),
        ("headache", False),
        ("nausea", False),
        ("diarrhoea", False),
        ("sinusitis", False),
    ],  # fmt: skip
)
def test_which_side_effects_are_urgent(effect, urgent):
    assert is_urgent(effect) is urgent


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
    "name, kind, generic",
    [
        ("Enbrel 50 mg", Interaction.NOT_RECOMMENDED, "etanercept"),
        ("etanercept-szzs", Interaction.NOT_RECOMMENDED, "etanercept"),
        ("REMICADE", Interaction.NOT_RECOMMENDED, "infliximab"),
        ("Humira pen", Interaction.NOT_RECOMMENDED, "adalimumab"),
        ("certolizumab pegol", Interaction.NOT_RECOMMENDED, "certolizumab"),
        ("Simponi Aria", Interaction.NOT_RECOMMENDED, "golimumab"),
        ("Metho trexate 15 mg weekly", Interaction.ASK_DOCTOR, "methotrexate"),
        ("ciclosporin", Interaction.ASK_DOCTOR, "cyclosporine"),
        ("Imuran", Interaction.ASK_DOCTOR, "azathioprine"),
        ("Prograf", Interaction.ASK_DOCTOR, "tacrolimus"),
        ("sirolimus", Interaction.ASK_DOCTOR, "sirolimus"),
        ("Shingles vaccine", Interaction.ASK_DOCTOR, "vaccine"),
        ("MMR", Interaction.ASK_DOCTOR, "vaccine"),
        ("flu jab", Interaction.ASK_DOCTOR, "vaccine"),
    ],
)
def test_other_medicines_are_matched_by_generic_or_brand_name(name, kind, generic):
    match = check_medicine(name)
    assert (match.kind, match.generic) == (kind, generic)


@pytest.mark.parametrize(
    "name", ["Vitamin D 1000 IU", "folic acid", "paracetamol", "Hummus", "Summary", "jabber"]
)
def test_other_medicines_need_no_warning(name):
    assert check_medicine(name) is None
