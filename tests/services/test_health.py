"""The health log: side effects, other medicines, lab results and the things to tell
the doctor (DESIGN §2); and what the clinic and a caregiver read of it
(reading/health.py, the low count's words in text/health.py).

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; in November
London's local time is UTC. Her days are counted in her regimen's time zone.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from injections.models import ClinicStaff, DoctorTopic, LabResult, OtherMedicine, SideEffect
from injections.reading.health import (
    allergy_holds,
    biologics_of,
    blood_tests,
    checked_medicines,
    last_count,
    low_counts_of,
    medicines_of,
    next_tests_of,
)
from injections.rules.health import COMMON_SIDE_EFFECTS
from injections.rules.medicines import Advice, Kind, Match
from injections.services.errors import ServiceError
from injections.services.health import (
    acknowledge_side_effect,
    add_other_medicine,
    record_doctor_said_yes,
    record_lab_result,
    record_side_effect,
    remove_other_medicine,
    set_doctor_topics,
)
from injections.text.health import low_neutrophils_advice
from tests.conftest import make_patient


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def nov(day: int) -> date:
    return date(2026, 11, day)


YESTERDAY = nov(4)


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(5, 12))


@pytest.fixture
def side_effect(patient):
    def side_effect(kind="headache", started_on=YESTERDAY, **options):
        options.setdefault("recorded_by", patient.user)
        options.setdefault("severity", "mild" if kind in COMMON_SIDE_EFFECTS else "")
        return record_side_effect(patient=patient, kind=kind, started_on=started_on, **options)

    return side_effect


# record_side_effect


@pytest.mark.parametrize(
    "kind", ["headache", "vomiting", "constipation", "site_reaction", "sinusitis",
             "chest_infection", "pneumonia", "rash", "allergy"]
)  # fmt: skip
def test_it_records_a_known_side_effect(side_effect, patient, kind):
    effect = side_effect(kind, note=" since the second week ")

    effect.refresh_from_db()
    assert (effect.patient, effect.kind, effect.started_on) == (patient, kind, nov(4))
    assert effect.severity == ("mild" if kind in COMMON_SIDE_EFFECTS else "")
    assert effect.note == "since the second week"
    assert (effect.recorded_by, effect.recorded_at) == (patient.user, at(5, 12))
    assert (effect.acknowledged_at, effect.acknowledged_by) == (None, None)


def test_a_caregiver_can_record_a_side_effect(side_effect, caregiver):
    assert side_effect(recorded_by=caregiver).recorded_by == caregiver


@pytest.mark.parametrize("kind", ["", "dizziness", "Headache"])
def test_it_refuses_a_side_effect_not_on_the_list(side_effect, kind):
    with pytest.raises(ServiceError, match="from the list"):
        side_effect(kind)
    assert not SideEffect.objects.exists()


def test_a_common_side_effect_keeps_its_severity(side_effect):
    effect = side_effect("nausea", severity="severe")
    effect.refresh_from_db()
    assert effect.severity == "severe"
    assert effect.label == "nausea, severe"


@pytest.mark.parametrize("kind", ["headache", "vomiting", "constipation", "site_reaction"])
def test_a_common_side_effect_without_its_severity_is_refused(side_effect, kind):
    with pytest.raises(ServiceError, match="say how bad it is: mild, moderate or severe"):
        side_effect(kind, severity="")
    assert not SideEffect.objects.exists()


def test_a_severity_off_the_list_is_refused(side_effect):
    with pytest.raises(ServiceError, match="choose mild, moderate or severe"):
        side_effect("headache", severity="awful")
    assert not SideEffect.objects.exists()


def test_something_else_unusual_is_recorded_in_the_patients_words(side_effect):
    effect = side_effect("other", described="  itchy eyes after the dose ")
    effect.refresh_from_db()
    assert (effect.kind, effect.described) == ("other", "itchy eyes after the dose")
    assert effect.label == "something else unusual: itchy eyes after the dose"
    assert not effect.urgent


@pytest.mark.parametrize("described", ["", "   "])
def test_something_else_unusual_without_words_is_refused(side_effect, described):
    with pytest.raises(ServiceError, match="say what you noticed, in a few words"):
        side_effect("other", described=described)
    assert not SideEffect.objects.exists()


def test_words_are_kept_for_something_else_only(side_effect):
    assert side_effect("rash", described="on my arms").described == ""


def test_a_side_effect_may_start_today(side_effect):
    assert side_effect(started_on=nov(5)).started_on == nov(5)


def test_it_refuses_a_side_effect_starting_in_the_future(side_effect):
    with pytest.raises(ServiceError, match="in the future"):
        side_effect(started_on=nov(6))
    assert not SideEffect.objects.exists()


def test_today_is_the_patients_day_ahead_of_the_server(db, clock):
    # 20:00 UTC on 1 November is 09:00 on 2 November in Auckland.
    patient = make_patient("kiri", time_zone="Pacific/Auckland")
    clock.move_to(at(1, 20))

    effect = record_side_effect(
        patient=patient, kind="nausea", severity="mild", started_on=nov(2),
        recorded_by=patient.user,
    )  # fmt: skip

    assert effect.started_on == nov(2)


def test_today_is_the_patients_day_behind_the_server(db, clock):
    # 03:00 UTC on 2 November is 19:00 on 1 November in Los Angeles.
    patient = make_patient("lou", time_zone="America/Los_Angeles")
    clock.move_to(at(2, 3))

    with pytest.raises(ServiceError, match="in the future"):
        record_side_effect(
            patient=patient, kind="nausea", severity="mild", started_on=nov(2),
            recorded_by=patient.user,
        )  # fmt: skip


# acknowledge_side_effect


def test_acknowledging_a_side_effect_says_who_and_when(side_effect, clinician, clock):
    effect = side_effect("rash")
    clock.move_to(at(5, 14))

    acknowledge_side_effect(effect=effect, staff=clinician)

    effect.refresh_from_db()
    assert (effect.acknowledged_by, effect.acknowledged_at) == (clinician, at(5, 14))


def test_a_side_effect_is_acknowledged_once(side_effect, clinician, clinic):
    colleague = get_user_model().objects.create_user("dr-dan")
    ClinicStaff.objects.create(clinic=clinic, user=colleague)
    effect = side_effect("rash")
    acknowledge_side_effect(effect=effect, staff=clinician, now=at(5, 14))

    acknowledge_side_effect(effect=effect, staff=colleague, now=at(5, 16))

    effect.refresh_from_db()
    assert (effect.acknowledged_by, effect.acknowledged_at) == (clinician, at(5, 14))


# record_doctor_said_yes


def test_a_sign_of_allergy_holds_the_next_dose_until_a_doctor_said_yes(
    side_effect, patient, caregiver, clock
):
    allergy = side_effect("allergy")
    assert allergy_holds(patient) == [allergy]
    clock.move_to(at(5, 15))

    held = record_doctor_said_yes(patient=patient, by=caregiver)

    assert held == [allergy]
    allergy.refresh_from_db()
    assert (allergy.doctor_said_yes_by, allergy.doctor_said_yes_at) == (caregiver, at(5, 15))
    assert allergy_holds(patient) == []
    assert allergy.acknowledged_at is None  # the clinic's flag stays until staff see it


def test_the_clinic_seeing_a_sign_of_allergy_ends_the_hold(side_effect, patient, clinician):
    allergy = side_effect("allergy")
    acknowledge_side_effect(effect=allergy, staff=clinician)
    assert allergy_holds(patient) == []


def test_a_doctor_s_yes_answers_every_sign_of_allergy_held_then(side_effect, patient):
    first, second = side_effect("allergy", started_on=nov(3)), side_effect("allergy")
    assert allergy_holds(patient) == [second, first]  # the latest first
    assert record_doctor_said_yes(patient=patient, by=patient.user) == [second, first]
    assert allergy_holds(patient) == []


def test_a_sign_of_allergy_after_the_doctor_said_yes_holds_the_dose_again(
    side_effect, patient, clock
):
    side_effect("allergy", started_on=nov(3))
    record_doctor_said_yes(patient=patient, by=patient.user)
    clock.move_to(at(5, 18))
    again = side_effect("allergy", started_on=nov(5))
    assert allergy_holds(patient) == [again]


def test_other_urgent_signs_do_not_hold_the_next_dose(side_effect, patient):
    side_effect("rash")
    side_effect("pneumonia")
    assert allergy_holds(patient) == []
    assert record_doctor_said_yes(patient=patient, by=patient.user) == []
    assert not SideEffect.objects.filter(doctor_said_yes_at__isnull=False).exists()


# other medicines


@pytest.mark.parametrize(
    ("name", "match"),
    [
        ("Enbrel", Match("etanercept", Kind.TNF_BLOCKER, Advice.NOT_RECOMMENDED)),
        ("methotrexate", Match("methotrexate", Kind.IMMUNOSUPPRESSANT, Advice.TELL_DOCTOR)),
        ("Olumiant", Match("baricitinib", Kind.JAK_INHIBITOR, Advice.NOT_RECOMMENDED)),
        ("Kineret", Match("anakinra", Kind.IL1_BLOCKER, Advice.ALREADY_INJECTED)),
        ("Vitamin D", None),
    ],
)
def test_adding_a_medicine_says_whether_to_check_with_the_doctor(patient, name, match):
    medicine, found = add_other_medicine(
        patient=patient, name=f"  {name} ", dose=" 50 mg ", how_often=" weekly "
    )

    assert found == match
    medicine.refresh_from_db()
    assert (medicine.patient, medicine.name) == (patient, name)
    assert (medicine.dose, medicine.how_often) == ("50 mg", "weekly")
    assert (medicine.added_at, medicine.removed_at) == (at(5, 12), None)


@pytest.mark.parametrize("name", ["", "   "])
def test_a_medicine_needs_a_name(patient, name):
    with pytest.raises(ServiceError, match="type the name"):
        add_other_medicine(patient=patient, name=name)
    assert not OtherMedicine.objects.exists()


def test_removing_a_medicine_keeps_it_marked_removed(patient):
    medicine, _match = add_other_medicine(patient=patient, name="folic acid")

    remove_other_medicine(medicine=medicine, now=at(6, 9))
    remove_other_medicine(medicine=medicine, now=at(7, 9))

    medicine.refresh_from_db()
    assert medicine.removed_at == at(6, 9)
    assert OtherMedicine.objects.filter(patient=patient).count() == 1


# lab results


def test_it_records_a_neutrophil_count(patient, clinician):
    result = record_lab_result(
        patient=patient,
        taken_on=nov(4),
        neutrophils=Decimal("3.5"),
        note=" before starting ",
        recorded_by=clinician,
    )

    result.refresh_from_db()
    assert (result.patient, result.taken_on) == (patient, nov(4))
    assert result.neutrophils == Decimal("3.5")
    assert (result.note, result.recorded_by, result.recorded_at) == (
        "before starting",
        clinician,
        at(5, 12),
    )


def test_a_result_may_have_only_a_note(patient):
    result = record_lab_result(
        patient=patient, taken_on=nov(5), note="sample haemolysed", recorded_by=patient.user
    )

    assert result.neutrophils is None


def test_it_refuses_blood_taken_in_the_future(patient):
    with pytest.raises(ServiceError, match="in the future"):
        record_lab_result(
            patient=patient, taken_on=nov(6), neutrophils=Decimal("3"), recorded_by=patient.user
        )
    assert not LabResult.objects.exists()


def test_blood_taken_today_in_the_patients_zone_is_not_in_the_future(db, clock):
    # 20:00 UTC on 1 November is 09:00 on 2 November in Auckland.
    patient = make_patient("kiri", time_zone="Pacific/Auckland")
    clock.move_to(at(1, 20))

    result = record_lab_result(
        patient=patient, taken_on=nov(2), neutrophils=Decimal("3"), recorded_by=patient.user
    )

    assert result.taken_on == nov(2)


@pytest.mark.parametrize("count", ["-0.1", "-3", "1000"])
def test_it_refuses_an_impossible_neutrophil_count(patient, count):
    with pytest.raises(ServiceError, match="neutrophil count"):
        record_lab_result(
            patient=patient, taken_on=nov(4), neutrophils=Decimal(count), recorded_by=patient.user
        )
    assert not LabResult.objects.exists()


@pytest.mark.parametrize("count", ["0", "999.99"])
def test_it_accepts_a_count_from_zero_to_under_a_thousand(patient, count):
    result = record_lab_result(
        patient=patient, taken_on=nov(4), neutrophils=Decimal(count), recorded_by=patient.user
    )

    result.refresh_from_db()
    assert result.neutrophils == Decimal(count)


# things to tell the doctor


def test_ticking_a_topic_opens_it(patient):
    opened = set_doctor_topics(patient=patient, topics={"surgery", "asthma"}, now=at(5, 9))

    assert [(t.topic, t.since, t.until) for t in opened] == [
        ("asthma", at(5, 9), None),
        ("surgery", at(5, 9), None),
    ]


def test_ticking_the_same_topics_again_changes_nothing(patient):
    set_doctor_topics(patient=patient, topics={"surgery"}, now=at(5, 9))

    [topic] = set_doctor_topics(patient=patient, topics={"surgery"}, now=at(6, 9))

    assert (topic.since, topic.until) == (at(5, 9), None)
    assert DoctorTopic.objects.filter(patient=patient).count() == 1


def test_unticking_a_topic_closes_it(patient):
    set_doctor_topics(patient=patient, topics={"surgery", "asthma"}, now=at(5, 9))

    opened = set_doctor_topics(patient=patient, topics={"asthma"}, now=at(8, 9))

    assert [t.topic for t in opened] == ["asthma"]
    surgery = DoctorTopic.objects.get(patient=patient, topic="surgery")
    assert (surgery.since, surgery.until) == (at(5, 9), at(8, 9))


def test_ticking_a_closed_topic_again_opens_a_new_one(patient):
    set_doctor_topics(patient=patient, topics={"infection"}, now=at(5, 9))
    set_doctor_topics(patient=patient, topics=set(), now=at(8, 9))

    [reopened] = set_doctor_topics(patient=patient, topics={"infection"}, now=at(9, 9))

    assert (reopened.since, reopened.until) == (at(9, 9), None)
    rows = DoctorTopic.objects.filter(patient=patient, topic="infection").order_by("since")
    assert [(t.since, t.until) for t in rows] == [(at(5, 9), at(8, 9)), (at(9, 9), None)]


def test_it_refuses_an_unknown_topic_and_changes_nothing(patient):
    set_doctor_topics(patient=patient, topics={"asthma"}, now=at(5, 9))

    with pytest.raises(ServiceError, match="unknown topic: skiing"):
        set_doctor_topics(patient=patient, topics={"skiing", "kidney"}, now=at(6, 9))
    [topic] = DoctorTopic.objects.filter(patient=patient)
    assert (topic.topic, topic.until) == ("asthma", None)


def test_one_patients_topics_leave_anothers_alone(patient, other_patient):
    set_doctor_topics(patient=other_patient, topics={"hiv"}, now=at(5, 9))

    set_doctor_topics(patient=patient, topics=set(), now=at(6, 9))

    assert DoctorTopic.objects.get(patient=other_patient).until is None


# What the clinic and a caregiver read (reading/health.py, text/health.py)


def test_the_medicine_list_is_read_checked_and_without_removed_ones(patient):
    add_other_medicine(patient=patient, name="Humira")
    add_other_medicine(patient=patient, name="vitamin D")
    gone, _match = add_other_medicine(patient=patient, name="Kineret")
    remove_other_medicine(medicine=gone, now=at(5, 13))

    listed = checked_medicines(patient)

    assert [(item.medicine.name, item.biologic, item.not_recommended) for item in listed] == [
        ("Humira", True, True),
        ("vitamin D", False, False),
    ]
    as_it_stood = checked_medicines(patient, at=at(5, 12, 30))
    assert [item.match.advice for item in as_it_stood if item.match] == [
        Advice.NOT_RECOMMENDED,
        Advice.ALREADY_INJECTED,  # Kineret, while it was listed: she injects anakinra
    ]


def test_the_clinic_reads_who_takes_a_biologic_in_two_queries(
    patient, other_patient, django_assert_num_queries
):
    add_other_medicine(patient=patient, name="Enbrel")
    add_other_medicine(patient=patient, name="methotrexate")
    add_other_medicine(patient=patient, name="Orencia")
    add_other_medicine(patient=other_patient, name="prednisone")  # not a biologic
    nobody = make_patient("nina")

    with django_assert_num_queries(2):
        found = biologics_of([patient, other_patient, nobody])

    assert {pid: [item.medicine.name for item in items] for pid, items in found.items()} == {
        patient.pk: ["Enbrel", "Orencia"]
    }
    assert [i.match.generic for i in medicines_of([other_patient])[other_patient.pk]] == [
        "prednisone"
    ]


def test_a_biologic_taken_off_the_list_is_no_longer_flagged_but_was(patient):
    humira, _match = add_other_medicine(patient=patient, name="Humira")
    remove_other_medicine(medicine=humira, now=at(6, 9))

    assert biologics_of([patient]) == {}
    assert [i.medicine for i in biologics_of([patient], at=at(6, 8))[patient.pk]] == [humira]


def count(patient, day: int, neutrophils: str | None, *, recorded: datetime | None = None):
    result = record_lab_result(
        patient=patient,
        taken_on=nov(day),
        neutrophils=None if neutrophils is None else Decimal(neutrophils),
        recorded_by=patient.user,
    )
    if recorded:
        LabResult.objects.filter(pk=result.pk).update(recorded_at=recorded)
    return result


def test_the_clinic_reads_whose_last_count_is_low_in_one_query(
    patient, other_patient, django_assert_num_queries
):
    low = count(patient, 3, "0.4")
    count(patient, 4, None)  # only a note: the count of the 3rd still stands
    count(other_patient, 2, "0.9")
    count(other_patient, 4, "2.2")  # back to normal

    with django_assert_num_queries(1):
        found = low_counts_of([patient, other_patient])

    assert found == {patient.pk: low}
    assert last_count(patient) == low


def test_a_low_count_is_known_from_when_it_was_recorded(patient):
    count(patient, 4, "1.2", recorded=at(5, 12))

    assert low_counts_of([patient], at=at(5, 11)) == {}
    assert last_count(patient, at=at(5, 11)) is None
    assert list(low_counts_of([patient], at=at(5, 12))) == [patient.pk]


def test_blood_tests_say_when_the_next_is_due_and_whether_it_is_overdue(patient):
    """Started on 1 November: the test before starting was due then."""
    tests = blood_tests(patient, today=nov(5))
    assert (tests.next_due, tests.overdue, tests.low, tests.last_count) == (
        nov(1), True, False, None,
    )  # fmt: skip

    result = count(patient, 5, "1.4")

    tests = blood_tests(patient, today=nov(5))
    assert (tests.next_due, tests.overdue, tests.low) == (date(2026, 12, 1), False, True)
    assert tests.results == [result]


def test_the_clinic_reads_each_patients_next_test_in_two_queries(
    patient, other_patient, django_assert_num_queries
):
    count(other_patient, 1, "3.0")

    with django_assert_num_queries(2):
        due = next_tests_of([patient, other_patient], today=nov(5))

    assert due == {patient.pk: nov(1), other_patient.pk: date(2026, 12, 1)}


def test_a_low_count_is_said_to_the_patient_and_to_a_caregiver_by_name():
    assert low_neutrophils_advice(Decimal("0.4"), taken_on=nov(2)) == (
        "Your neutrophil count of 0.40 ×10⁹/L (blood taken on 2 November 2026) is low, under "
        "1.5: tell your doctor. Call them at once if you have signs of infection: fever, sore "
        "throat or chills."
    )
    assert low_neutrophils_advice(Decimal("0.4"), taken_on=nov(2), name="alice") == (
        "The neutrophil count of alice, 0.40 ×10⁹/L (blood taken on 2 November 2026), is low, "
        "under 1.5: alice should tell their doctor. Call the doctor at once if alice has signs "
        "of infection: fever, sore throat or chills."
    )
