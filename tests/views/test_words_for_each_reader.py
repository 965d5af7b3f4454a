"""Words for each reader (issue 15, item 6): the patient reads "you"; a caregiver or a
clinician reads about the patient by name ("alice's next dose"), on every page they
share: the check-in, the injection guide, a record's page and the visit report.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from Sunday 1 November
2026 (GMT in November: local times are UTC times). Carol is her caregiver, Dr Dee a
clinician of her clinic.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from injections.models import CareLink
from injections.rules.geometry import Administrator, Site
from injections.services import health, supplies
from injections.services.doses import correct_dose, record_dose
from injections.services.skin import record_site_check
from tests.conftest import make_patient
from tests.views.pages import document, element, find_all, words


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


pytestmark = pytest.mark.clock(at(1, 0))

THIGH = {"place": "thigh:left", "x": "6", "y": "10"}
SECONDS = timedelta(seconds=5)


def home(patient, reader: str) -> str:
    return reverse("home") if reader == "alice" else reverse("patient", args=[patient.pk])


def guide(patient, reader: str) -> str:
    return reverse("guide") if reader == "alice" else reverse("patient-guide", args=[patient.pk])


def by(reader: str) -> str:
    return {"alice": "self", "carol": "caregiver", "dee": "clinician"}[reader]


def status_words(response) -> list[str]:
    return [row["words"] for row in response.context["doses"]]


def dose_at(regimen, taken_at, *, x="6", y="10") -> object:
    return record_dose(
        regimen=regimen,
        taken_at=taken_at,
        site=Site("thigh", "left", int(Decimal(x) * 10), int(Decimal(y) * 10)),
        administered_by=Administrator.SELF,
        entered_by=regimen.patient.user,
        now=taken_at,
    )


# The check-in's status sentence (text.status.describe)


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("alice", "(you can take it from Sunday 1 November, 05:00)."),
        ("carol", "(alice can have it from Sunday 1 November, 05:00)."),
        ("dee", "(alice can have it from Sunday 1 November, 05:00)."),
    ],
)
def test_the_next_dose_says_who_can_take_it(request, patient, caregiver, clinician, reader,
                                            expected):  # fmt: skip
    response = request.getfixturevalue(reader).get(home(patient, reader))
    [sentence] = status_words(response)
    assert sentence.endswith(expected)


@pytest.mark.clock(at(1, 8, 30))
@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("carol", "given by you."),  # she gave it
        ("dee", "given by a caregiver."),
        ("alice", "given by a caregiver."),  # her dose, given by someone else
    ],
)
def test_a_dose_a_caregiver_gave_is_given_by_you_to_her(request, regimen, caregiver,
                                                        reader, expected):  # fmt: skip
    record_dose(
        regimen=regimen, taken_at=at(1, 8, 20), site=Site("thigh", "left", 60, 100),
        administered_by=Administrator.CAREGIVER, entered_by=caregiver, now=at(1, 8, 20),
    )  # fmt: skip
    response = request.getfixturevalue(reader).get(home(regimen.patient, reader))
    [sentence] = status_words(response)
    assert sentence.endswith(expected)


@pytest.mark.clock(at(1, 8, 30))
def test_a_dose_she_entered_but_a_clinician_gave_is_not_given_by_her(carol, regimen, caregiver):
    dose = record_dose(
        regimen=regimen, taken_at=at(1, 8, 20), site=Site("upper_arm", "left", 40, 60),
        administered_by=Administrator.CAREGIVER, entered_by=caregiver, now=at(1, 8, 20),
    )  # fmt: skip
    correct_dose(dose=dose, changed_by=caregiver, reason="the nurse gave it, not me",
                 administered_by=Administrator.CLINICIAN, now=at(1, 8, 25))  # fmt: skip
    [sentence] = status_words(carol.get(home(regimen.patient, "carol")))
    assert sentence.endswith("given by a clinician.")


@pytest.mark.clock(at(1, 8, 30))
def test_a_dose_the_patient_logged_for_someone_else_is_not_given_by_her(alice, regimen):
    record_dose(
        regimen=regimen, taken_at=at(1, 8, 20), site=Site("buttock", "left", 60, 50),
        administered_by=Administrator.CAREGIVER, entered_by=regimen.patient.user,
        now=at(1, 8, 20),
    )  # fmt: skip
    [sentence] = status_words(alice.get(reverse("home")))
    assert sentence.endswith("given by a caregiver.")


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        (
            "alice",
            "It is almost time for your next dose: skip the missed one, take the next "
            "tomorrow at 08:00, never a double dose.",
        ),
        (
            "carol",
            "It is almost time for alice's next dose: skip the missed one; the next is "
            "tomorrow at 08:00, never a double dose.",
        ),
        (
            "dee",
            "It is almost time for alice's next dose: skip the missed one; the next is "
            "tomorrow at 08:00, never a double dose.",
        ),
    ],
)
def test_after_a_missed_dose_the_next_one_is_the_patients_by_name(
    request, patient, caregiver, clinician, clock, reader, expected
):
    clock.move_to(at(2, 21))  # Monday's dose closed at 20:00 with nothing recorded
    response = request.getfixturevalue(reader).get(home(patient, reader))
    assert status_words(response) == [expected]


def test_the_missed_dose_sentence_names_the_patient_on_the_command_line_too(patient, clock):
    from injections.reading.status import patient_status
    from injections.text.status import describe

    clock.move_to(at(2, 21))
    [state] = patient_status(patient, at=at(2, 21))
    assert describe(state, name="alice").startswith("It is almost time for alice's next dose")
    assert describe(state).startswith("It is almost time for your next dose")


# The check-in's other sentences


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("alice", "If you took one anyway, record it as it happened."),
        ("carol", "If alice had one anyway, record it as it happened."),
        ("dee", "If alice had one anyway, record it as it happened."),
    ],
)
def test_a_spot_checked_when_no_dose_is_due_says_who_might_have_had_one(
    request, patient, caregiver, clinician, reader, expected
):
    # No `by` from the clinician: the role says who injects (a `by` of "clinician" is
    # no choice of the spot form's, see the report).
    query = THIGH if reader == "dee" else {**THIGH, "by": by(reader)}
    response = request.getfixturevalue(reader).get(home(patient, reader), query)
    assert element(response, "nothing-due").text.endswith(expected)


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("alice", "Never take two doses to make up for a missed one."),
        ("carol", "alice must never have two doses to make up for a missed one."),
    ],
)
def test_explaining_a_missed_dose_warns_against_two_doses_for_its_reader(
    request, patient, caregiver, clock, reader, expected
):
    clock.move_to(at(2, 9))  # Sunday's dose was missed; Monday's is due
    response = request.getfixturevalue(reader).get(home(patient, reader))
    [details] = [
        d
        for d in find_all(response, "details")
        if d.find("summary").text == "Say why the dose of Sunday 1 November was missed"
    ]
    [hint] = [p for p in details.find_all("p") if "two doses" in p.text]
    assert hint.text.endswith(expected)


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("alice", "Check your syringes:"),
        ("carol", "Check alice's syringes:"),
        ("dee", "Check alice's syringes:"),
    ],
)
def test_a_dose_refused_for_its_syringes_names_whose_they_are(
    request, patient, regimen, caregiver, clinician, clock, reader, expected
):
    supplies.add_box(patient=patient, medication=regimen.medication, lot="OLD",
                     expires_on=date(2026, 11, 2), count=1, added_by=patient.user)  # fmt: skip
    clock.move_to(at(3, 8, 30))
    fields = {"regimen": regimen.pk, **THIGH}
    if reader == "alice":
        fields["by"] = "self"
    else:
        fields["patient"] = patient.pk
    response = request.getfixturevalue(reader).post(reverse("log-dose"), fields)
    [refusal] = find_all(response, role="alert")
    assert refusal.find("strong").text == expected
    assert "None of the syringes on hand can be used" in refusal.text


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("alice", "severe: tell your doctor"),
        ("carol", "severe: tell alice's doctor"),
        ("dee", "severe: tell alice's doctor"),
    ],
)
def test_a_severe_site_reaction_is_for_the_patients_doctor(
    request, patient, regimen, caregiver, clinician, clock, reader, expected
):
    dose = dose_at(regimen, at(1, 8))
    record_site_check(dose=dose, kinds=["redness"], severity="severe",
                      recorded_by=patient.user, now=at(2, 8))  # fmt: skip
    clock.move_to(at(2, 9))
    response = request.getfixturevalue(reader).get(home(patient, reader))
    healing = document(response).find("section", aria_labelledby="healing-heading")
    assert healing.find("strong").text == expected


# The injection guide


@pytest.mark.parametrize(
    ("reader", "plunger", "sharps"),
    [
        ("alice", "as far as your dose", "as your pharmacy or clinic says"),
        ("carol", "as far as alice's dose", "as alice's pharmacy or clinic says"),
        ("dee", "as far as alice's dose", "as alice's pharmacy or clinic says"),
    ],
)
def test_the_guide_speaks_of_the_patients_dose_and_pharmacy(
    request, patient, caregiver, clinician, reader, plunger, sharps
):
    response = request.getfixturevalue(reader).get(guide(patient, reader))
    assert plunger in element(response, "plunger-step").text
    assert sharps in element(response, "sharps-full").text


@pytest.fixture
def ana(caregiver):
    """Ana takes 50 mg from a 100 mg syringe; carol cares for her too."""
    ana = make_patient("ana", dose_mg=Decimal("50"))
    CareLink.objects.create(patient=ana, caregiver=caregiver)
    return ana


@pytest.mark.parametrize(
    ("reader", "expected"),
    [
        ("ana", "as your nurse or doctor showed you."),
        ("carol", "as ana's nurse or doctor showed you."),
    ],
)
def test_part_of_a_syringe_is_injected_as_the_patients_nurse_showed(ana, carol, reader, expected):
    from tests.conftest import signed_in

    client = signed_in(ana.user) if reader == "ana" else carol
    url = reverse("guide") if reader == "ana" else reverse("patient-guide", args=[ana.pk])
    [regimen] = ana.regimens.all()
    assert expected in element(client.get(url), f"syringes-{regimen.pk}").text


# The visit report, read by the patient and by the clinic


@pytest.mark.parametrize(
    ("reader", "note", "caption"),
    [
        ("alice", "Immunosuppressant: check with your doctor", "your left on the left"),
        ("dee", "Immunosuppressant: to check with alice's doctor", "seen facing alice."),
    ],
)
def test_the_report_names_whose_doctor_and_whom_the_map_faces(
    request, patient, clinician, reader, note, caption
):
    health.add_other_medicine(patient=patient, name="methotrexate")
    url = reverse("report") if reader == "alice" else reverse("clinic-report", args=[patient.pk])
    response = request.getfixturevalue(reader).get(url)
    assert [n for _, n in response.context["page"].medicines] == [note]
    [map_caption] = find_all(response, "p", class_="hint report-map-caption")
    assert caption in map_caption.text


# A record's page: who gave the injection


@pytest.mark.parametrize(("reader", "self_label"), [("alice", "Me"), ("dee", "alice")])
def test_the_correction_form_names_the_patient_among_who_gave_it(
    request, patient, regimen, clinician, clock, reader, self_label
):
    dose = dose_at(regimen, at(1, 8))
    clock.move_to(at(1, 9))
    response = request.getfixturevalue(reader).get(reverse("dose", args=[dose.pk]))
    choices = dict(response.context["correct_form"].fields["administered_by"].choices)
    assert str(choices["self"]) == self_label


@pytest.mark.parametrize(("reader", "before"), [("alice", "you"), ("carol", "alice")])
def test_a_correction_of_who_gave_it_reads_the_patient_for_its_reader(
    request, patient, regimen, caregiver, clinician, clock, reader, before
):
    dose = dose_at(regimen, at(1, 8))
    correct_dose(dose=dose, changed_by=clinician, reason="the nurse gave it",
                 administered_by="clinician", now=at(1, 9))  # fmt: skip
    clock.move_to(at(1, 10))
    response = request.getfixturevalue(reader).get(reverse("dose", args=[dose.pk]))
    changes = [change for revision in response.context["revisions"] for change in revision.changes]
    assert [(str(field), was) for field, was, _ in changes] == [("given by", before)]


# A guard over the caregiver's pages: none of the patient's own words

# Each state: how to reach it, and for each page read in it (with its query) the
# patient-voice phrases that alice's own page says there, so that the guard can fail.
PATIENT_VOICE = [
    "you can take it from",
    "your next dose",
    "Your dose",
    "Your spot",
    "Undo: I did not take it",
    "If you took one anyway",
    "Never take two doses",
    "tell your doctor",
    "How are you today?",
    "your History page",
    "as far as your dose",
    "as your pharmacy or clinic says",
    "Wash your hands",
]


def _upcoming(patient, regimen, clock):
    return {
        "checkin": ({}, ["you can take it from", "Your dose", "How are you today?",
                         "your History page"]),
        "guide": ({}, ["as far as your dose", "as your pharmacy or clinic says"]),
    }  # fmt: skip


def _spot_when_nothing_due(patient, regimen, clock):
    return {"checkin": (THIGH, ["Your spot", "If you took one anyway"])}


def _missed(patient, regimen, clock):
    clock.move_to(at(2, 21))
    return {"checkin": ({}, ["your next dose"])}


def _explain_missed(patient, regimen, clock):
    clock.move_to(at(2, 9))
    return {"checkin": ({}, ["Never take two doses"])}


def _just_taken(patient, regimen, clock):
    dose_at(regimen, at(1, 8, 30))
    clock.move_to(at(1, 8, 31))
    return {"checkin": ({}, ["Undo: I did not take it"])}


def _severe_reaction(patient, regimen, clock):
    dose = dose_at(regimen, at(1, 8))
    record_site_check(dose=dose, kinds=["swelling"], severity="severe",
                      recorded_by=patient.user, now=at(2, 8))  # fmt: skip
    clock.move_to(at(2, 9))
    return {"checkin": ({}, ["tell your doctor"])}


STATES = {
    "upcoming": _upcoming,
    "a spot when nothing is due": _spot_when_nothing_due,
    "missed": _missed,
    "missed, to explain": _explain_missed,
    "just taken": _just_taken,
    "a severe reaction": _severe_reaction,
}
# The one phrase of the list that is the reader's own, not the patient's: whoever
# injects washes their own hands. Kept to show the guard reads the page at all.
READERS_OWN = "Wash your hands"


def _read(client, patient, reader, page, params):
    url = home(patient, reader) if page == "checkin" else guide(patient, reader)
    query = {**params, "by": by(reader)} if params else {}
    return words(client.get(url, query))


@pytest.mark.parametrize("state", STATES)
def test_the_caregivers_pages_have_none_of_the_patients_own_words(
    alice, carol, patient, regimen, clock, state
):
    for page, (params, said_to_alice) in STATES[state](patient, regimen, clock).items():
        alice_words = _read(alice, patient, "alice", page, params)
        carol_words = _read(carol, patient, "carol", page, params)
        assert [p for p in said_to_alice if p not in alice_words] == []
        spoken = [p for p in PATIENT_VOICE if p in carol_words and p != READERS_OWN]
        assert spoken == [], (page, spoken)
        if page == "guide":
            assert READERS_OWN in carol_words


# Counts said with their noun, through ngettext


@pytest.mark.parametrize(("count", "expected"), [(1, "Box added: 1 syringe."),
                                                 (7, "Box added: 7 syringes.")])  # fmt: skip
def test_a_box_added_counts_its_syringes_in_the_singular_or_the_plural(alice, count, expected):
    from django.contrib.messages import get_messages

    response = alice.post(
        reverse("add-box"), {"lot": "K7", "expires_on": "2027-03-31", "count": str(count)}
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [expected]


@pytest.mark.parametrize(("capacity", "expected"), [(1, "0 of 1 syringe."),
                                                    (30, "0 of 30 syringes.")])  # fmt: skip
def test_the_sharps_container_counts_its_syringes(alice, patient, capacity, expected):
    supplies.replace_sharps(patient=patient, capacity=capacity)
    assert expected in words(alice.get(reverse("supplies")))
