"""The settings page: the schedule (unless the clinic set it) and the areas to keep
away from (`settings`, `add-avoid-zone`, `remove-avoid-zone`).

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; it is Tuesday
3 November, 08:30 (London keeps GMT in November), and today's dose is due.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse

from injections.models import AvoidZone, Dose, ScheduleVersion
from injections.rules.geometry import Site
from injections.services.patients import change_schedule
from injections.services.skin import add_avoid_zone
from tests.views.pages import document, element, field_error, find_all, heading, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
# Pages show the record as it stood at their instant; the frozen clock does not tick
# between requests, so a page that must see a change is loaded a little later.
LATER = timedelta(seconds=5)
SETTINGS = reverse("settings")
ADD_ZONE = reverse("add-avoid-zone")
VEIN = {
    "place": "thigh:left",
    "x": "6",
    "y": "10",
    "radius": "1.5",
    "kind": "vein",
    "ends_on": "",
}


# Frozen time, started before the cast is created.
pytestmark = pytest.mark.clock(NOW)


CHOICES = {"radio", "checkbox"}


def shown(response, name: str) -> str | None:
    """What the form field named `name` shows: the option selected or checked, or the
    value typed in it."""
    page = document(response)
    selects = page.find_all("select", name=name)
    selected = [option for select in selects for option in select.find_all("option", selected=True)]
    checked = page.find_all("input", name=name, checked=True)
    typed = [e for e in page.find_all("input", name=name) if e.get("type") not in CHOICES]
    [value] = [e.get("value") for e in selected + checked + typed]
    return value


def buttons(response) -> list[str]:
    """The words of the page's buttons."""
    return [button.text for button in find_all(response, "button")]


def marks(response, kind: str) -> list[tuple]:
    """The settings body map's marks of this kind: their view, centre and radius."""
    return [
        (view.name, mark.x, mark.y, mark.radius)
        for view in response.context["map_views"]
        for mark in view.marks
        if mark.kind == kind
    ]


def schedule_form(regimen, **values) -> dict:
    data = {"time_of_day": "08:00", "time_zone": "Europe/London", "rrule": "FREQ=DAILY"}
    data |= values
    return {"regimen": regimen.pk} | {f"r{regimen.pk}-{key}": value for key, value in data.items()}


# Who may see it


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={SETTINGS}"


def test_a_user_without_a_patient_record_gets_not_found(client, outsider):
    client.force_login(outsider)
    assert client.get(SETTINGS).status_code == 404


def test_the_page_shows_the_schedule_and_no_areas_yet(alice, regimen):
    response = alice.get(SETTINGS)
    assert response.status_code == 200
    page = words(response)
    assert heading(response) == "Settings"
    assert "Anakinra" in page
    assert shown(response, f"r{regimen.pk}-time_of_day") == "08:00"
    assert shown(response, f"r{regimen.pk}-time_zone") == "Europe/London"
    assert shown(response, f"r{regimen.pk}-rrule") == "FREQ=DAILY"
    assert "Save the schedule" in buttons(response)
    assert "None marked." in page
    assert marks(response, "avoid") == []


def test_the_page_answers_only_get_and_post(alice):
    assert alice.put(SETTINGS).status_code == 405
    assert alice.delete(SETTINGS).status_code == 405


# The schedule


def test_changing_the_time_of_day_applies_from_the_next_unopened_dose(alice, regimen):
    response = alice.post(SETTINGS, schedule_form(regimen, time_of_day="20:00"), follow=True)
    version = regimen.schedule_versions.latest("pk")
    assert version.time_of_day == time(20, 0)
    assert version.valid_from == date(2026, 11, 4)  # today's slot has opened: it keeps 08:00
    assert version.created_by == regimen.patient.user
    assert version.reason == "changed by the patient"
    assert "Saved. The new schedule applies from the dose of Wednesday 4 November." in words(
        response
    )


def test_today_keeps_its_time_after_a_change(alice, regimen):
    alice.post(SETTINGS, schedule_form(regimen, time_of_day="20:00"))
    page = words(alice.get(reverse("home")))
    assert "is due now: take it by 10:00 to be on time." in page


def test_an_invalid_time_is_explained_and_the_other_values_kept(alice, regimen):
    response = alice.post(
        SETTINGS,
        schedule_form(
            regimen,
            time_of_day="25:00",
            time_zone="America/New_York",
            rrule="FREQ=DAILY;INTERVAL=2",
        ),
    )
    assert response.status_code == 200
    assert field_error(response, f"id_r{regimen.pk}-time_of_day") == "Enter a valid time."
    assert shown(response, f"r{regimen.pk}-time_of_day") == "25:00"
    assert shown(response, f"r{regimen.pk}-time_zone") == "America/New_York"
    assert shown(response, f"r{regimen.pk}-rrule") == "FREQ=DAILY;INTERVAL=2"
    assert regimen.schedule_versions.count() == 1


def test_an_unknown_time_zone_is_explained(alice, regimen):
    response = alice.post(SETTINGS, schedule_form(regimen, time_zone="Mars/Olympus_Mons"))
    assert response.status_code == 200
    assert field_error(response, f"id_r{regimen.pk}-time_zone") == (
        "Select a valid choice. Mars/Olympus_Mons is not one of the available choices."
    )
    assert regimen.schedule_versions.count() == 1


@pytest.fixture
def set_by_the_clinic(regimen, clinician):
    return change_schedule(
        regimen=regimen, changed_by=clinician, reason="clinic review", time_of_day=time(9, 0)
    )


def test_a_schedule_the_clinic_set_is_shown_without_a_form(alice, set_by_the_clinic):
    response = alice.get(SETTINGS)
    page = words(response)
    assert "At 09:00, Europe/London time." in page
    assert "Your clinic set this schedule: ask them to change it." in page
    assert "Save the schedule" not in page


def test_the_patient_cannot_change_a_schedule_the_clinic_set(alice, regimen, set_by_the_clinic):
    response = alice.post(SETTINGS, schedule_form(regimen, time_of_day="20:00"))
    assert response.status_code == 200
    assert "Your clinic set this schedule" in words(response)
    assert regimen.current_version() == set_by_the_clinic
    assert regimen.schedule_versions.count() == 2


def test_a_patient_cannot_change_another_patients_schedule(client, regimen, other_patient):
    client.force_login(other_patient.user)
    response = client.post(SETTINGS, schedule_form(regimen, time_of_day="20:00"))
    assert response.status_code == 404
    assert regimen.schedule_versions.count() == 1


@pytest.mark.parametrize("value", ["", "abc", "²", "99999", "99999999999999999999"])
def test_a_missing_or_unknown_regimen_is_not_found(alice, regimen, value):
    data = schedule_form(regimen, time_of_day="20:00") | {"regimen": value}
    assert alice.post(SETTINGS, data).status_code == 404
    assert ScheduleVersion.objects.count() == 1


# Areas to avoid


def test_adding_an_area_saves_it_and_lists_it(alice, patient, clock):
    response = alice.post(ADD_ZONE, VEIN)
    assert response.status_code == 302
    assert response.url == SETTINGS
    zone = AvoidZone.objects.get()
    assert (zone.patient, zone.site, zone.radius_mm, zone.kind) == (
        patient,
        Site("thigh", "left", 60, 100),
        15,
        "vein",
    )
    assert zone.ends_on is None
    assert zone.created_by == patient.user
    clock.shift(LATER)
    response = alice.get(SETTINGS)
    page = words(response)
    assert "Saved. Suggestions keep away from that area." in page
    assert "Vein: thigh left at 6, 10 cm, 1.5 cm around" in page
    # The thigh left's corner is drawn at (45, 214) on the front view.
    assert marks(response, "avoid") == [("front", 60, 100, 15)]  # in the thigh's own frame


def test_an_area_can_have_an_end_date(alice):
    alice.post(ADD_ZONE, VEIN | {"kind": "bruise", "ends_on": "2026-11-20"})
    assert AvoidZone.objects.get().ends_on == date(2026, 11, 20)
    assert "Bruise: thigh left at 6, 10 cm, 1.5 cm around, until 20 November 2026" in words(
        alice.get(SETTINGS)
    )


def test_a_dose_inside_an_area_to_avoid_is_refused_then_recorded_flagged(alice, regimen, clock):
    alice.post(ADD_ZONE, VEIN)
    clock.shift(LATER)
    spot = {"by": "self", "place": "thigh:left", "x": "6.5", "y": "10"}
    response = alice.get(reverse("home"), spot)
    assert "Inside an area you marked to avoid (vein)" in words(response)
    assert "Log dose" not in element(response, "verdict").text
    response = alice.post(
        reverse("log-dose"),
        spot | {"regimen": regimen.pk, "happened": "on", "reason": "the vein was not visible"},
    )
    assert response.status_code == 302
    assert Dose.objects.get().flags == ["avoid_zone"]


def test_suggestions_keep_away_from_an_area_to_avoid(alice, clock):
    before = alice.get(reverse("home")).context["checkin"].suggestions
    centre = before[0].site
    alice.post(
        ADD_ZONE,
        VEIN | {"place": "abdomen", "x": str(centre.x_mm / 10), "y": str(centre.y_mm / 10)},
    )
    clock.shift(LATER)
    after = alice.get(reverse("home")).context["checkin"].suggestions
    assert centre not in [suggestion.site for suggestion in after]


@pytest.mark.parametrize(
    ("values", "message", "kept"),
    [
        (
            {"radius": "0.2"},
            "Ensure this value is greater than or equal to 0.5.",
            ("radius", "0.2"),
        ),
        (
            {"radius": "12"},
            "Ensure this value is less than or equal to 10.",
            ("radius", "12"),
        ),
        (
            {"x": "30"},
            "The thigh left area is 12 cm wide: choose 0 to 12.",
            ("x", "30"),
        ),
        (
            {"y": "-1"},
            "Ensure this value is greater than or equal to 0.",
            ("y", "-1"),
        ),
        (
            {"ends_on": "someday"},
            "Enter a valid date.",
            ("ends_on", "someday"),
        ),
        (
            {"ends_on": "2026-11-02"},
            "The end date has passed: leave it empty or pick a later day",
            ("ends_on", "2026-11-02"),
        ),
        (
            {"place": "abdomen", "x": "12", "y": "8"},
            "Put the centre of the area inside the region",
            ("place", "abdomen"),
        ),
        (
            {"kind": "mole"},
            "Select a valid choice. mole is not one of the available choices.",
            ("radius", "1.5"),
        ),
    ],
    ids=[
        "radius too small",
        "radius too large",
        "outside the area",
        "negative",
        "not a date",
        "end date passed",
        "on the navel",
        "unknown kind",
    ],
)
def test_a_wrong_area_is_explained_and_what_was_typed_kept(alice, values, message, kept):
    response = alice.post(ADD_ZONE, VEIN | values)
    assert response.status_code == 200
    assert message in words(response)
    name, value = kept
    assert shown(response, name) == value
    assert not AvoidZone.objects.exists()


def test_removing_an_area_keeps_it_marked_removed(alice, patient):
    zone = add_avoid_zone(
        patient=patient, centre=Site("thigh", "left", 60, 100), radius_mm=15, kind="scar",
        created_by=patient.user,
    )  # fmt: skip
    response = alice.post(reverse("remove-avoid-zone", args=[zone.pk]))
    assert response.status_code == 302
    assert response.url == SETTINGS
    zone.refresh_from_db()
    assert zone.removed_at == NOW
    assert AvoidZone.objects.count() == 1
    page = words(alice.get(SETTINGS))
    assert "Removed. That area can be suggested again." in page
    assert "None marked." in page


def test_a_removed_area_no_longer_refuses_a_dose(alice, patient, clock):
    zone = add_avoid_zone(
        patient=patient, centre=Site("thigh", "left", 60, 100), radius_mm=15, kind="scar",
        created_by=patient.user,
    )  # fmt: skip
    alice.post(reverse("remove-avoid-zone", args=[zone.pk]))
    clock.shift(LATER)
    response = alice.get(reverse("home"), {"place": "thigh:left", "x": "6", "y": "10"})
    assert "This spot is fine." in words(response)
    assert "Log dose" in buttons(response)


def test_a_patient_cannot_remove_another_patients_area(client, patient, other_patient):
    zone = add_avoid_zone(
        patient=patient, centre=Site("thigh", "left", 60, 100), radius_mm=15, kind="scar",
        created_by=patient.user,
    )  # fmt: skip
    client.force_login(other_patient.user)
    assert client.post(reverse("remove-avoid-zone", args=[zone.pk])).status_code == 404
    zone.refresh_from_db()
    assert zone.removed_at is None


def test_removing_an_area_that_does_not_exist_is_not_found(alice):
    assert alice.post(reverse("remove-avoid-zone", args=[1])).status_code == 404


def test_the_area_actions_refuse_get(alice, patient):
    zone = add_avoid_zone(
        patient=patient, centre=Site("thigh", "left", 60, 100), radius_mm=15, kind="scar",
        created_by=patient.user,
    )  # fmt: skip
    assert alice.get(ADD_ZONE).status_code == 405
    assert alice.get(reverse("remove-avoid-zone", args=[zone.pk])).status_code == 405


def test_an_anonymous_visitor_cannot_add_an_area(client, patient):
    response = client.post(ADD_ZONE, VEIN)
    assert response.status_code == 302
    assert not AvoidZone.objects.exists()
