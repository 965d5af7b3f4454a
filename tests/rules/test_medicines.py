"""Other medicines and vaccines beside anakinra (rules/medicines.py): the table, its
advice, and how what a patient types is matched against it (DESIGN §2)."""

import pytest

from injections.rules.medicines import (
    ADVICE,
    BIOLOGICS,
    MEDICINES,
    Advice,
    Kind,
    check_medicine,
    check_vaccination,
    words_of,
)

NOT_RECOMMENDED, TELL_DOCTOR = Advice.NOT_RECOMMENDED, Advice.TELL_DOCTOR


def found(name: str, **options) -> tuple:
    match = check_medicine(name, **options)
    return (match.generic, match.kind, match.advice) if match else None


# The leaflet's medicines


@pytest.mark.parametrize(
    "name, generic",
    [
        ("Enbrel 50 mg", "etanercept"),
        ("etanercept-szzs", "etanercept"),
        ("Enbrel50", "etanercept"),
        ("REMICADE", "infliximab"),
        ("Inflectra", "infliximab"),
        ("Humira pen", "adalimumab"),
        ("adalimumab-atto (Amjevita)", "adalimumab"),
        ("certolizumab pegol", "certolizumab"),
        ("Cimzia", "certolizumab"),
        ("Simponi Aria", "golimumab"),
    ],
)
def test_a_tnf_blocker_is_not_recommended_with_anakinra(name, generic):
    assert found(name) == (generic, Kind.TNF_BLOCKER, NOT_RECOMMENDED)


def test_a_tnf_blocker_named_by_its_class_is_not_recommended():
    assert found("an anti-TNF injection") == ("", Kind.TNF_BLOCKER, NOT_RECOMMENDED)


@pytest.mark.parametrize(
    "name, generic",
    [
        ("Metho trexate 15 mg weekly", "methotrexate"),
        ("Metoject", "methotrexate"),
        ("ciclosporin", "cyclosporine"),
        ("Neoral", "cyclosporine"),
        ("Imuran", "azathioprine"),
        ("Prograf", "tacrolimus"),
        ("sirolimus", "sirolimus"),
    ],
)
def test_the_leaflets_immunosuppressants_are_for_the_doctor_to_know(name, generic):
    assert found(name) == (generic, Kind.IMMUNOSUPPRESSANT, TELL_DOCTOR)


# What the check missed (issue 10)


@pytest.mark.parametrize(
    "name, generic, kind",
    [
        ("abatacept", "abatacept", Kind.BIOLOGIC),
        ("Orencia ClickJect", "abatacept", Kind.BIOLOGIC),
        ("tofacitinib", "tofacitinib", Kind.JAK_INHIBITOR),
        ("Xeljanz 5mg", "tofacitinib", Kind.JAK_INHIBITOR),
        ("baricitinib", "baricitinib", Kind.JAK_INHIBITOR),
        ("Olumiant", "baricitinib", Kind.JAK_INHIBITOR),
        ("upadacitinib", "upadacitinib", Kind.JAK_INHIBITOR),
        ("RINVOQ 15 mg", "upadacitinib", Kind.JAK_INHIBITOR),
        ("canakinumab", "canakinumab", Kind.IL1_BLOCKER),
        ("Ilaris", "canakinumab", Kind.IL1_BLOCKER),
        ("rilonacept", "rilonacept", Kind.IL1_BLOCKER),
        ("Arcalyst", "rilonacept", Kind.IL1_BLOCKER),
        ("tocilizumab (Actemra)", "tocilizumab", Kind.BIOLOGIC),
        ("rituximab", "rituximab", Kind.BIOLOGIC),
    ],
)
def test_other_biologics_and_jak_inhibitors_are_not_recommended(name, generic, kind):
    assert found(name) == (generic, kind, NOT_RECOMMENDED)


@pytest.mark.parametrize(
    "name, generic",
    [
        ("mycophenolate mofetil", "mycophenolate"),
        ("mycophenolic acid", "mycophenolate"),
        ("CellCept", "mycophenolate"),
        ("leflunomide", "leflunomide"),
        ("Arava 20 mg", "leflunomide"),
    ],
)
def test_mycophenolate_and_leflunomide_are_for_the_doctor_to_know(name, generic):
    assert found(name) == (generic, Kind.IMMUNOSUPPRESSANT, TELL_DOCTOR)


@pytest.mark.parametrize(
    "name, generic",
    [
        ("prednisone 5 mg", "prednisone"),
        ("Prednisolone", "prednisolone"),
        ("methylprednisolone", "methylprednisolone"),  # not prednisolone
        ("Solu-Medrol", "methylprednisolone"),
        ("Depo-Medrol injection", "methylprednisolone"),
        ("dexamethasone", "dexamethasone"),
        ("hydrocortisone", "hydrocortisone"),  # not cortisone
        ("cortisone shot", "cortisone"),
        ("Kenalog", "triamcinolone"),
        ("steroids", ""),
    ],
)
def test_steroids_are_for_the_doctor_to_know(name, generic):
    assert found(name) == (generic, Kind.STEROID, TELL_DOCTOR)


@pytest.mark.parametrize("name", ["anakinra", "Kineret", "kineret 100mg"])
def test_anakinra_again_is_a_second_course_of_what_the_patient_injects(name):
    assert found(name, injected={"anakinra"}) == (
        "anakinra",
        Kind.IL1_BLOCKER,
        Advice.ALREADY_INJECTED,
    )


def test_anakinra_for_someone_who_does_not_inject_it_is_an_il1_blocker():
    assert found("Kineret", injected={"methotrexate"}) == (
        "anakinra",
        Kind.IL1_BLOCKER,
        NOT_RECOMMENDED,
    )


def test_methotrexate_tablets_beside_methotrexate_injections_are_a_second_course():
    assert found("methotrexate 2.5 mg tablets", injected={"anakinra", "methotrexate"}) == (
        "methotrexate",
        Kind.IMMUNOSUPPRESSANT,
        Advice.ALREADY_INJECTED,
    )


# Vaccines


@pytest.mark.parametrize(
    "name, generic, kind",
    [
        ("flu shot", "influenza vaccine (injected)", Kind.NON_LIVE_VACCINE),
        ("Flu jab", "influenza vaccine (injected)", Kind.NON_LIVE_VACCINE),
        ("Fluzone High-Dose", "influenza vaccine (injected)", Kind.NON_LIVE_VACCINE),
        ("Shingrix", "shingles vaccine (recombinant)", Kind.NON_LIVE_VACCINE),
        ("Shingles vaccine", "shingles vaccine", Kind.VACCINE),  # Zostavax was live
        ("flu vaccine", "influenza vaccine", Kind.VACCINE),  # the nasal spray is live
        ("FluMist", "influenza vaccine (nasal spray)", Kind.LIVE_VACCINE),
        ("MMR", "measles, mumps and rubella vaccine", Kind.LIVE_VACCINE),
        ("M-M-R II", "measles, mumps and rubella vaccine", Kind.LIVE_VACCINE),
        ("yellow fever vaccination", "yellow fever vaccine", Kind.LIVE_VACCINE),
        ("Covid booster", "COVID-19 vaccine", Kind.NON_LIVE_VACCINE),
        ("pneumonia jab", "pneumococcal vaccine", Kind.NON_LIVE_VACCINE),
        ("tetanus shot", "tetanus, diphtheria and whooping cough vaccine", Kind.NON_LIVE_VACCINE),
        ("a vaccine for my trip", "vaccine", Kind.VACCINE),
        ("Immunisation", "vaccine", Kind.VACCINE),
    ],
)
def test_vaccines_are_recognised_by_name_and_by_how_people_say_them(name, generic, kind):
    assert found(name) == (generic, kind, Advice.ASK_BEFORE_VACCINE)


@pytest.mark.parametrize(
    "name",
    [
        "Vitamin D 1000 IU", "folic acid", "paracetamol", "ibuprofen (non-steroidal)",
        "Hummus", "Summary", "jabber", "B12 shot", "immune booster", "insulin injection",
        "Lemsip cold and flu", "Theraflu", "fluoxetine", "fluconazole", "aciclovir for shingles",
        "hydroxychloroquine", "",
    ],
)  # fmt: skip
def test_other_medicines_need_no_warning(name):
    assert check_medicine(name) is None


@pytest.mark.parametrize(
    "name, generic, kind",
    [
        ("flu", "influenza vaccine", Kind.VACCINE),
        ("Flu shot", "influenza vaccine (injected)", Kind.NON_LIVE_VACCINE),
        ("Fluzone", "influenza vaccine (injected)", Kind.NON_LIVE_VACCINE),
        ("Shingrix", "shingles vaccine (recombinant)", Kind.NON_LIVE_VACCINE),
        ("shingles", "shingles vaccine", Kind.VACCINE),
        ("yellow fever", "yellow fever vaccine", Kind.LIVE_VACCINE),
        ("chickenpox", "chickenpox vaccine", Kind.LIVE_VACCINE),
        ("something for Thailand", "vaccine", Kind.VACCINE),
        ("Enbrel", "vaccine", Kind.VACCINE),  # not a vaccine: asked about as one
    ],
)
def test_a_planned_vaccination_is_a_vaccine_whatever_is_typed(name, generic, kind):
    match = check_vaccination(name)
    assert (match.generic, match.kind, match.advice) == (generic, kind, Advice.ASK_BEFORE_VACCINE)


# Biologics, for the clinic


def test_the_biologics_are_the_tnf_and_il1_blockers_and_the_other_antibodies():
    assert BIOLOGICS == {Kind.TNF_BLOCKER, Kind.IL1_BLOCKER, Kind.BIOLOGIC}
    assert check_medicine("Humira").biologic
    assert check_medicine("Orencia").biologic
    assert not check_medicine("Xeljanz").biologic  # a pill, though not recommended either
    assert not check_medicine("methotrexate").biologic


def test_vaccines_say_they_are_vaccines():
    assert check_medicine("Shingrix").vaccine
    assert not check_medicine("Humira").vaccine


# The table itself


def test_every_class_has_its_advice():
    assert set(ADVICE) == set(Kind)


def test_the_tables_names_are_written_as_they_are_matched():
    for row in MEDICINES:
        for name in row.names:
            assert name == "".join(words_of(name)), name
        for phrase in row.phrases + row.diseases:
            assert phrase == " ".join(words_of(phrase)), phrase


def test_every_name_in_the_table_finds_its_own_row():
    """No name is taken by another row: a name inside a longer one ("prednisolone" in
    "methylprednisolone") loses to the longer."""
    for row in MEDICINES:
        for name in row.names + row.phrases:
            match = check_medicine(name)
            assert (match.generic, match.kind) == (row.generic, row.kind), name
        for disease in row.diseases:
            match = check_medicine(f"{disease} vaccine")
            assert (match.generic, match.kind) == (row.generic, row.kind), disease


def test_a_generic_name_is_in_the_table_once():
    generics = [row.generic for row in MEDICINES if row.generic]
    assert len(generics) == len(set(generics))
