"""The daily check-in page `/` and its actions: log, skip, undo, and how a site looks.

Alice injects anakinra 100 mg daily at 08:00 Europe/London from 2026-11-01. London
keeps GMT in November, so its local times are UTC times: the slot of day D opens at
05:00, is on time until 10:00 and closes at 20:00.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from injections.models import Dose, DoseRevision, SiteCheck, SiteReaction
from injections.rules.geometry import Administrator, Site, format_cm
from injections.services.doses import record_dose, skip_slot
from injections.services.health import acknowledge_side_effect, record_side_effect
from injections.services.skin import record_site_check
from injections.text import places
from injections.web.pages.bodymap import Mark
from tests.conftest import PASSWORD, make_patient
from tests.views.pages import (
    checked,
    document,
    element,
    field_error,
    find_all,
    form_of,
    section,
    sent,
    words,
)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of November 2026; London's local time then is UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


THIGH = Site("thigh", "left", 60, 100)
THIGH_FIELDS = {"place": "thigh:left", "x": "6", "y": "10"}
ONE_CM_AWAY = {"place": "thigh:left", "x": "7", "y": "10"}
# Pages show the record as it stood at their instant, so a page loaded after a change
# is loaded a few seconds later: the frozen clock does not tick between requests.
SECONDS = timedelta(seconds=5)
HOME = reverse("home")
LOG = reverse("log-dose")
SKIP = reverse("skip-dose")


# Frozen time, started before the cast is created; tests move it along their story.
pytestmark = pytest.mark.clock(at(1, 0))


@pytest.fixture
def give(clock, regimen):
    """Record a dose as the check-in would, entered a minute after it was given."""

    def give(taken_at, site=THIGH, by=Administrator.SELF, **options):
        clock.move_to(taken_at + timedelta(minutes=1))
        return record_dose(
            regimen=regimen,
            taken_at=taken_at,
            site=site,
            administered_by=by,
            entered_by=regimen.patient.user,
            **options,
        )

    return give


def picked(response) -> dict:
    """What the "Or choose a spot yourself" form would send."""
    return sent(element(response, "pick-form"))


def disclosure(response, summary: str):
    """The part of the page that opens when its summary, reading `summary`, is pressed."""
    [found] = [d for d in find_all(response, "details") if d.find("summary").text == summary]
    return found


def marks(response, kind: str) -> list[tuple[str, Mark]]:
    """The body map's marks of one kind (recent, unhealed, ...), each with its view."""
    views = response.context["checkin"].map_views
    return [(view.name, mark) for view in views for mark in view.marks if mark.kind == kind]


def placeable(response) -> set[str]:
    """The areas of the check-in's body map that may be chosen for this injection."""
    views = response.context["checkin"].map_views
    return {region.key for view in views for region in view.regions if region.allowed}


def map_description(response, view: str) -> str:
    """The body map's text alternative: what a screen reader says for the view."""
    return element(response, f"map-{view}-desc").text


# Who may see the page


def test_it_sends_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_the_sign_in_page_is_open_to_anonymous_visitors(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Sign in" in words(response)


@pytest.mark.parametrize("url", [LOG, SKIP])
def test_an_anonymous_post_is_sent_to_sign_in_and_records_nothing(client, patient, url):
    response = client.post(url, {**THIGH_FIELDS, "by": "self"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Dose.objects.exists()


def test_a_user_without_a_patient_record_is_told_so(client, outsider):
    client.force_login(outsider)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "not linked to a patient record" in words(response)


def test_a_user_without_a_patient_record_cannot_log_a_dose(client, outsider):
    client.force_login(outsider)
    assert client.post(LOG, THIGH_FIELDS).status_code == 404


def test_a_patient_sees_only_their_own_record(client, patient, other_patient, clock):
    clock.move_to(at(3, 8, 30))
    client.force_login(other_patient.user)
    response = client.get(HOME)
    assert [state.regimen.patient for state in response.context["checkin"].states] == [
        other_patient
    ]


def test_the_page_only_answers_get(alice):
    assert alice.post(HOME).status_code == 405


@pytest.mark.parametrize("name", ["log-dose", "skip-dose"], ids=["log-dose", "skip-dose"])
def test_the_actions_refuse_get(alice, name):
    assert alice.get(reverse(name)).status_code == 405


@pytest.mark.parametrize("name", ["undo-dose", "site-look", "site-healed"])
def test_the_dose_actions_refuse_get(alice, give, name):
    dose = give(at(3, 8))
    assert alice.get(reverse(name, args=[dose.pk])).status_code == 405


def test_the_page_sends_a_strict_content_security_policy(alice):
    policy = alice.get(HOME)["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


# A dose that is due


def test_it_says_the_dose_is_due_now(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    assert response.status_code == 200
    dose = section(response, "dose-heading")
    assert "Due anakinra 100 mg is due now: take it by 10:00 to be on time." in dose
    assert [state.status_label for state in response.context["checkin"].states] == ["Due"]


def test_it_suggests_three_sites_with_their_reasons(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    suggestions = response.context["checkin"].suggestions
    assert [(places.place(s.site), s.site.x_mm, s.site.y_mm) for s in suggestions] == [
        ("abdomen", 40, 40),
        ("thigh left", 60, 60),
        ("thigh right", 60, 60),
    ]
    # Where the spot is in words, the centimetres second, and the last use without
    # the place's name again.
    page = words(response)
    assert (
        "1 Abdomen: not used yet Above and to the left of the navel "
        "4 cm from the left side, 4 cm down, 8.9 cm from the navel"
    ) in page
    # The centimetres of the first only: the others are on the map, and one tap away.
    assert "2 Thigh left: not used yet Front, near the top 3 Thigh right:" in page
    assert [s.last_used for s in suggestions] == ["not used yet"] * 3


def test_picking_a_suggestion_says_the_spot_is_fine_and_offers_log_dose(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME, {"by": "self", **THIGH_FIELDS})
    page = words(response)
    assert "Your spot: thigh left at 6, 10 cm" in page
    assert "This spot is fine." in page
    assert "Log dose" in page
    assert "It already happened" not in page
    log_form = form_of(response, "Log dose")
    assert (log_form.get("method"), log_form.get("action")) == ("post", LOG)
    expected = {"by": "self", **THIGH_FIELDS}
    assert {name: sent(log_form).get(name) for name in expected} == expected


def test_logging_a_dose_records_who_gave_and_who_entered_it(alice, patient, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS})
    assert response.status_code == 302
    assert response.url == HOME
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.status) == (date(2026, 11, 3), "taken")
    assert dose.taken_at == at(3, 8, 30)
    assert dose.site == THIGH
    assert dose.administered_by == "self"
    assert dose.entered_by == patient.user
    assert dose.flags == []
    assert dose.revisions.get().action == DoseRevision.Action.CREATED


def test_after_logging_the_page_says_taken_shows_the_site_and_offers_undo(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    alice.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS})
    clock.shift(SECONDS)
    response = alice.get(HOME)
    page = words(response)
    assert "Dose recorded: thigh left at 08:30." in page
    assert "anakinra 100 mg taken at 08:30 in the thigh left, given by you." in page
    # Marks sit in their region's own frame: the site's stored 60 mm across, 100 mm down.
    words_ = "Thigh left, front, halfway down: today's injection at 08:30."
    today = Mark(60, 100, "today's injection at 08:30", "recent", opacity=1.0,
                 place="thigh left", words=words_)  # fmt: skip
    assert marks(response, "recent") == [("front", today)]
    assert words_ in map_description(response, "front")
    assert "Undo: I did not take it" in page


def test_logging_a_dose_twice_says_never_a_double_dose(alice, regimen, give, clock):
    give(at(3, 8))
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        LOG, {"by": "self", "regimen": regimen.pk, "place": "abdomen", "x": "3", "y": "3"}
    )
    assert response.status_code == 200
    assert "never a double dose" in words(response)
    assert Dose.objects.count() == 1


def test_a_spot_outside_the_area_is_explained_and_the_typed_values_kept(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME, {"by": "self", "place": "thigh:left", "x": "30", "y": "10"})
    assert response.status_code == 200
    assert "The thigh left area is 12 cm wide: choose 0 to 12." in words(response)
    assert {name: picked(response)[name] for name in ("place", "x", "y")} == {
        "place": "thigh:left",
        "x": "30",
        "y": "10",
    }


def test_a_spot_that_is_not_a_number_is_explained_and_kept(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME, {"by": "self", "place": "abdomen", "x": "three", "y": "3"})
    assert response.status_code == 200
    assert "Enter a number." in words(response)
    assert picked(response)["x"] == "three"


def test_a_spot_next_to_the_navel_is_refused(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME, {"by": "self", "place": "abdomen", "x": "12", "y": "10"})
    page = words(response)
    assert "Too near the navel: keep at least 5 cm away from it" in page
    # The spot's verdict offers no "Log dose"; the first suggestion still does.
    assert "Log dose" not in element(response, "verdict").text
    assert [b.text for b in find_all(response, "button") if "Log dose" in b.text] == [
        "Log dose here"
    ]


def test_logging_at_a_spot_outside_the_area_shows_the_mistake_and_keeps_it(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        LOG, {"by": "self", "regimen": regimen.pk, "place": "thigh:left", "x": "30", "y": "10"}
    )
    assert response.status_code == 200
    assert "The thigh left area is 12 cm wide: choose 0 to 12." in words(response)
    assert picked(response)["x"] == "30"
    assert not Dose.objects.exists()


def test_logging_without_a_spot_asks_for_one(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(LOG, {"by": "self", "regimen": regimen.pk})
    assert response.status_code == 200
    assert "This field is required." in words(response)
    assert not Dose.objects.exists()


# A spot too close to the last one


@pytest.fixture
def yesterday(give, clock):
    """Tuesday's dose at 08:05 in the thigh; now it is Wednesday 08:30."""
    dose = give(at(3, 8, 5))
    clock.move_to(at(4, 8, 30))
    return dose


def test_a_spot_too_close_is_refused_with_the_distance_and_the_limit(alice, yesterday):
    response = alice.get(HOME, {"by": "self", **ONE_CM_AWAY})
    page = words(response)
    assert "Please choose another spot:" in page
    assert "1 cm from yesterday's injection at 08:05; keep at least 2.5 cm" in page
    assert "Log dose" not in element(response, "verdict").text
    assert "It already happened" in page


def test_logging_a_spot_too_close_is_refused_and_records_nothing(alice, regimen, yesterday):
    response = alice.post(LOG, {"by": "self", "regimen": regimen.pk, **ONE_CM_AWAY})
    assert response.status_code == 200
    assert "1 cm from yesterday's injection at 08:05" in words(response)
    assert Dose.objects.count() == 1


def test_a_dose_that_already_happened_there_is_recorded_flagged_with_its_reason(
    alice, regimen, yesterday
):
    response = alice.post(
        LOG,
        {
            "by": "self",
            "regimen": regimen.pk,
            **ONE_CM_AWAY,
            "happened": "on",
            "reason": "the nurse chose the spot",
        },
    )
    assert response.status_code == 302
    dose = Dose.objects.get(slot_date=date(2026, 11, 4))
    assert dose.flags == ["too_close"]
    assert dose.reason == "the nurse chose the spot"
    assert dose.site == Site("thigh", "left", 70, 100)


def test_it_already_happened_without_a_reason_asks_for_one_and_keeps_the_spot(
    alice, regimen, yesterday
):
    response = alice.post(
        LOG, {"by": "self", "regimen": regimen.pk, **ONE_CM_AWAY, "happened": "on", "reason": " "}
    )
    assert response.status_code == 200
    page = words(response)
    assert "Say what happened, so that the record explains it." in page
    assert "1 cm from yesterday's injection at 08:05" in page
    override = disclosure(response, "It already happened")
    assert override.has("open")
    expected = {"by": "self", **ONE_CM_AWAY}
    assert {name: sent(override.find("form")).get(name) for name in expected} == expected
    assert Dose.objects.count() == 1


def test_a_reason_too_long_is_explained_and_kept(alice, regimen, yesterday):
    reason = "x" * 501
    response = alice.post(
        LOG,
        {"by": "self", "regimen": regimen.pk, **ONE_CM_AWAY, "happened": "on", "reason": reason},
    )
    assert response.status_code == 200
    page = words(response)
    assert "Ensure this value has at most 500 characters (it has 501)." in page
    assert sent(disclosure(response, "It already happened").find("form"))["reason"] == reason
    assert Dose.objects.count() == 1


# Someone else injects


def test_when_someone_else_injects_the_back_of_the_arms_and_buttocks_are_offered(alice):
    response = alice.get(HOME, {"by": "caregiver"})
    back = {"upper_arm:left", "upper_arm:right", "buttock:left", "buttock:right"}
    assert back <= placeable(response)
    assert "only when someone else injects" not in words(response)


def test_when_the_patient_injects_the_back_regions_are_marked_unavailable(alice):
    response = alice.get(HOME)
    assert placeable(response) == {"abdomen", "thigh:left", "thigh:right"}
    back = map_description(response, "back")
    for area in ("Upper arm left", "Upper arm right", "Buttock left", "Buttock right"):
        assert f"{area} (only when someone else injects)." in back
    assert words(response).count("(only when someone else injects)") == 4


def test_suggestions_for_someone_else_include_the_arms_and_buttocks(alice, give, clock):
    give(at(1, 8), Site("abdomen", "", 30, 30))
    give(at(2, 8), Site("thigh", "left", 60, 100))
    give(at(3, 8), Site("thigh", "right", 60, 100))
    clock.move_to(at(4, 8, 30))
    response = alice.get(HOME, {"by": "caregiver"})
    suggestions = response.context["checkin"].suggestions
    assert [places.place(s.site) for s in suggestions] == [
        "upper arm left",
        "upper arm right",
        "buttock left",
    ]
    assert "upper arm left: not used yet" in words(response)


def test_a_dose_someone_else_gave_is_stored_as_theirs_entered_by_the_patient(
    alice, patient, regimen, clock
):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        LOG,
        {"by": "caregiver", "regimen": regimen.pk, "place": "upper_arm:left", "x": "4", "y": "6"},
    )
    assert response.status_code == 302
    assert response.url == f"{HOME}?by=caregiver"
    dose = Dose.objects.get()
    assert dose.administered_by == "caregiver"
    assert dose.entered_by == patient.user
    assert dose.site == Site("upper_arm", "left", 40, 60)


def test_the_patient_cannot_log_the_back_of_their_own_arm(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        LOG, {"by": "self", "regimen": regimen.pk, "place": "upper_arm:left", "x": "4", "y": "6"}
    )
    assert response.status_code == 200
    assert "Upper arm left is only for when someone else gives the injection" in words(response)
    assert not Dose.objects.exists()


# Skipping a dose


def test_skipping_todays_dose_records_the_reason(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever"}
    )
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.status) == (date(2026, 11, 3), "skipped")
    assert (dose.skip_reason, dose.reason) == ("fever", "")
    clock.shift(SECONDS)
    page = words(alice.get(HOME))
    assert "Skipped the dose of Tuesday 3 November." in page
    assert "anakinra 100 mg skipped: Fever or infection" in page
    assert "Undo the skip" in page


def test_the_skip_form_names_todays_dose_while_it_is_pending(alice, clock):
    clock.move_to(at(3, 8, 30))
    assert "Skip the dose of Tuesday 3 November" in words(alice.get(HOME))


def test_skipping_for_another_reason_needs_the_reason_in_words(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        SKIP,
        {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "other"},
    )
    assert response.status_code == 200
    assert "Say why, in a few words." in words(response)
    assert disclosure(response, "Skip the dose of Tuesday 3 November").has("open")
    assert checked(response, "why") == ["other"]
    assert not Dose.objects.exists()


def test_skipping_for_another_reason_keeps_the_words(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    alice.post(
        SKIP,
        {
            "by": "self",
            "regimen": regimen.pk,
            "slot_date": "2026-11-03",
            "why": "other",
            "details": "travelling without my cool bag",
        },
    )
    assert Dose.objects.get().reason == "travelling without my cool bag"


def test_skipping_without_a_reason_asks_for_one(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03"})
    assert response.status_code == 200
    assert "This field is required." in words(response)
    assert not Dose.objects.exists()


def test_after_todays_dose_the_day_is_done_and_nothing_is_offered_for_it(alice, give, clock):
    """Measured: a "Skip the dose of Thursday" link under TAKEN, and three suggestions
    with no word that they are for tomorrow."""
    give(at(3, 8))
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    dose = section(response, "dose-heading")
    assert "Taken" in dose
    assert "Done for today: nothing more to do until the next dose." in dose
    assert "Next dose: Wednesday 4 November at 08:00." in dose
    assert "Skip the dose" not in words(response)
    assert element(response, "where-heading").text == "Where to inject next time"
    assert not [b for b in find_all(response, "button") if "Log dose" in b.text]
    assert len(response.context["checkin"].suggestions) == 3


def test_while_the_dose_is_due_it_can_be_skipped_and_logged_in_one_tap(alice, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    skip = disclosure(response, "Skip the dose of Tuesday 3 November")
    assert sent(skip.find("form"))["slot_date"] == "2026-11-03"
    assert element(response, "where-heading").text == "Where to inject"
    assert "Done for today" not in words(response)
    assert "Next dose:" not in words(response)
    [quick] = [f for f in find_all(response, "form", action=LOG) if "Log dose here" in f.text]
    first = response.context["checkin"].suggestions[0].site
    assert sent(quick) | {"csrfmiddlewaretoken": ""} == {
        "csrfmiddlewaretoken": "",
        "by": "self",
        "place": "abdomen",
        "x": format_cm(first.x_mm),
        "y": format_cm(first.y_mm),
        "regimen": str(response.context["checkin"].regimens[0].pk),
    }


def test_a_skip_of_tomorrows_slot_is_refused_on_the_check_in(alice, regimen, give, clock):
    """DESIGN §5: the check-in skips only the open slot; a dose to come is skipped in
    advance from the history calendar."""
    give(at(3, 8))
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-04", "why": "surgery"}
    )
    assert response.status_code == 200
    assert (
        "The dose of Wednesday 4 November is not open yet: only the dose open now can be "
        "skipped here; a later one can be skipped in advance from the history calendar"
    ) in words(response)
    assert not Dose.objects.filter(status="skipped").exists()


def test_skipping_a_slot_already_recorded_says_never_a_double_dose(alice, regimen, give, clock):
    give(at(3, 8))
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever"}
    )
    assert response.status_code == 200
    assert "for the slot of Tuesday 3 November 2026: never a double dose" in words(response)
    assert Dose.objects.count() == 1


def test_skipping_a_day_without_a_dose_is_explained(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    response = alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-10-01", "why": "fever"}
    )
    assert response.status_code == 200
    assert "No dose is scheduled on 2026-10-01" in words(response)
    assert not Dose.objects.exists()


def test_a_patient_cannot_skip_another_patients_dose(client, regimen, other_patient, clock):
    clock.move_to(at(3, 8, 30))
    client.force_login(other_patient.user)
    response = client.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever"}
    )
    assert response.status_code == 404
    assert not Dose.objects.exists()


def test_a_patient_cannot_log_a_dose_on_another_patients_regimen(
    client, regimen, other_patient, clock
):
    clock.move_to(at(3, 8, 30))
    client.force_login(other_patient.user)
    response = client.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS})
    assert response.status_code == 404
    assert not Dose.objects.exists()


# Undo


def test_undo_within_ten_minutes_voids_the_dose_and_keeps_it(alice, patient, give, clock):
    dose = give(at(3, 8))
    clock.move_to(at(3, 8, 10))
    alice.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"})
    clock.shift(SECONDS)
    page = words(alice.get(HOME))
    assert "Undone. The record is kept in the history, marked void." in page
    assert "is due now" in page
    dose.refresh_from_db()
    assert dose.voided_at == at(3, 8, 10)
    assert dose.voided_by == patient.user
    assert dose.void_reason == "undone by who entered it"
    assert [r.action for r in dose.revisions.all()] == ["created", "voided"]


def test_undo_is_offered_for_ten_minutes_and_not_after(alice, give, clock):
    give(at(3, 8))  # entered at 08:01
    clock.move_to(at(3, 8, 10))
    assert "Undo: I did not take it" in words(alice.get(HOME))
    clock.move_to(at(3, 8, 12))
    assert "Undo" not in words(alice.get(HOME))


def test_undo_after_ten_minutes_is_refused_with_a_message(alice, give, clock):
    dose = give(at(3, 8))
    clock.move_to(at(3, 8, 12))
    response = alice.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"}, follow=True)
    assert response.status_code == 200
    assert "Only a record you entered in the last 10 minutes can be undone" in words(response)
    dose.refresh_from_db()
    assert dose.voided_at is None


def test_a_patient_cannot_undo_another_patients_dose(client, give, other_patient, clock):
    dose = give(at(3, 8))
    client.force_login(other_patient.user)
    response = client.post(reverse("undo-dose", args=[dose.pk]), {"by": "self"})
    assert response.status_code == 404
    dose.refresh_from_db()
    assert dose.voided_at is None


def test_undoing_a_skip_brings_the_skip_form_back(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03", "why": "fever"}
    )
    skip = Dose.objects.get()
    clock.move_to(at(3, 8, 31))
    alice.post(reverse("undo-dose", args=[skip.pk]))
    clock.shift(SECONDS)
    page = words(alice.get(HOME))
    assert "is due now" in page
    assert "Skip the dose of Tuesday 3 November" in page


# How the last site looks


def test_it_asks_how_yesterdays_site_looks(alice, yesterday):
    response = alice.get(HOME)
    page = words(response)
    assert "How does the site from Tuesday look? (thigh left)" in page
    assert "Looks fine" in page
    assert [(view, mark.label) for view, mark in marks(response, "recent")] == [
        ("front", "yesterday's injection at 08:05")
    ]
    assert (
        "Thigh left, front, halfway down: yesterday's injection at 08:05."
        in map_description(response, "front")
    )


def test_it_does_not_ask_about_a_site_given_less_than_twelve_hours_ago(alice, give, clock):
    give(at(3, 8))
    clock.move_to(at(3, 19, 59))
    assert "How does the site" not in words(alice.get(HOME))


def test_looks_fine_records_a_check_and_the_question_goes_away(alice, yesterday, clock):
    alice.post(reverse("site-look", args=[yesterday.pk]), {"fine": "1"})
    clock.shift(SECONDS)
    response = alice.get(HOME)
    check = SiteCheck.objects.get(dose=yesterday)
    assert check.fine is True
    assert not SiteReaction.objects.exists()
    page = words(response)
    assert "Good. Noted that the site looks fine." in page
    assert "How does the site" not in page


def test_a_reaction_keeps_the_site_healing_and_out_of_use(alice, yesterday, clock):
    alice.post(reverse("site-look", args=[yesterday.pk]), {"kinds": ["redness", "itching"]})
    assert SiteCheck.objects.get(dose=yesterday).fine is False
    assert sorted(SiteReaction.objects.values_list("kind", flat=True)) == ["itching", "redness"]
    clock.shift(SECONDS)
    response = alice.get(HOME)
    page = words(response)
    assert "That area stays out of the suggestions until it has healed." in page
    assert "Sites still healing" in page
    assert "Thigh left, Tuesday 3 November" in page
    words_ = "Thigh left, front, halfway down: site reaction not yet healed."
    healing = Mark(60, 100, "site reaction not yet healed", "unhealed", 25, place="thigh left",
                   words=words_)  # fmt: skip
    assert marks(response, "unhealed") == [("front", healing)]
    assert words_ in map_description(response, "front")
    assert "How does the site" not in page
    response = alice.get(HOME, {"by": "self", **ONE_CM_AWAY})
    assert (
        "1 cm from yesterday's injection at 08:05, whose site reaction has not healed"
        in words(response)
    )
    assert "Log dose" not in element(response, "verdict").text


def test_it_has_healed_lets_the_area_be_used_again(alice, patient, yesterday, clock):
    record_site_check(dose=yesterday, kinds=["swelling"], recorded_by=patient.user)
    clock.shift(SECONDS)
    alice.post(reverse("site-healed", args=[yesterday.pk]), {"by": "self"})
    reaction = SiteReaction.objects.get()
    assert reaction.resolved_at == at(4, 8, 30) + SECONDS
    assert reaction.resolved_by == patient.user
    clock.shift(SECONDS)
    page = words(alice.get(HOME, {"by": "self", **ONE_CM_AWAY}))
    assert "Marked healed. That area can be used again." in page
    assert "Sites still healing" not in page
    assert "whose site reaction has not healed" not in page


def test_saying_nothing_about_the_site_asks_to_tick_or_choose_looks_fine(alice, yesterday):
    response = alice.post(reverse("site-look", args=[yesterday.pk]), {"by": "self"})
    assert response.status_code == 200
    assert "Tick what you see, or choose “Looks fine”." in words(response)
    assert not SiteCheck.objects.exists()


def test_an_unknown_reaction_is_explained(alice, yesterday):
    response = alice.post(reverse("site-look", args=[yesterday.pk]), {"kinds": ["purple"]})
    assert response.status_code == 200
    assert "Select a valid choice. purple is not one of the available choices." in words(response)
    assert not SiteCheck.objects.exists()


def test_answering_twice_says_it_is_already_recorded(alice, yesterday, clock):
    """As from a second tab, opened before the first answer."""
    url = reverse("site-look", args=[yesterday.pk])
    alice.post(url, {"fine": "1"})
    clock.shift(SECONDS)
    response = alice.post(url, {"kinds": ["pain"]}, follow=True)
    assert response.status_code == 200
    assert "This site's look is already recorded" in words(response)
    assert SiteCheck.objects.get().fine is True


@pytest.mark.parametrize("name", ["site-look", "site-healed"])
def test_a_patient_cannot_answer_for_another_patients_site(client, yesterday, other_patient, name):
    client.force_login(other_patient.user)
    response = client.post(reverse(name, args=[yesterday.pk]), {"fine": "1"})
    assert response.status_code == 404
    assert not SiteCheck.objects.exists()


def test_the_site_question_and_healing_list_use_the_patients_days(client, db, clock):
    """Auckland is 13 hours ahead in November: its 08:00 is 19:00 UTC the day before."""
    kiri = make_patient("kiri", time_zone="Pacific/Auckland")
    regimen = kiri.regimens.get()
    clock.move_to(datetime(2026, 11, 3, 19, 1, tzinfo=UTC))  # Wednesday 4th, 08:01 there
    dose = record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 3, 19, 0, tzinfo=UTC),
        site=THIGH,
        administered_by="self",
        entered_by=kiri.user,
    )
    clock.move_to(datetime(2026, 11, 4, 19, 30, tzinfo=UTC))  # Thursday 5th, 08:30 there
    client.force_login(kiri.user)
    assert "How does the site from Wednesday look?" in words(client.get(HOME))
    client.post(reverse("site-look", args=[dose.pk]), {"kinds": ["swelling"]})
    clock.shift(SECONDS)
    assert "Thigh left, Wednesday 4 November" in words(client.get(HOME))


# When no slot is open


@pytest.fixture
def missed(clock):
    """Tuesday 21:00: the 08:00 dose was missed and the next window opens at 05:00."""
    clock.move_to(at(3, 21))


def test_after_a_missed_dose_it_says_never_a_double_dose(alice, missed):
    response = alice.get(HOME)
    assert "skip the missed one, take the next tomorrow at 08:00, never a double dose" in words(
        response
    )
    assert section(response, "dose-heading").startswith("Your dose Upcoming ")
    assert [state.status_label for state in response.context["checkin"].states] == ["Upcoming"]


def test_after_a_missed_dose_the_skip_offered_is_not_the_next_dose(alice, regimen, missed):
    """Measured: under "skip the missed one", the skip button skipped the *next* dose.
    Now nothing offers to skip Wednesday's; Tuesday's missed dose can be explained."""
    response = alice.get(HOME)
    summaries = [d.find("summary").text for d in find_all(response, "details")]
    assert not [s for s in summaries if s.startswith("Skip the dose")]
    assert "Say why the dose of Tuesday 3 November was missed" in summaries
    explain = disclosure(response, "Say why the dose of Tuesday 3 November was missed")
    assert sent(explain.find("form"))["slot_date"] == "2026-11-03"
    # ... and a skip of the next dose sent by hand (an old page's button) is refused.
    refused = alice.post(
        SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-04", "why": "fever"}
    )
    assert "The dose of Wednesday 4 November is not open yet" in words(refused)
    assert not Dose.objects.exists()


def test_after_yesterdays_dose_was_taken_nothing_is_offered_for_explaining(alice, give, clock):
    give(at(2, 8))
    clock.move_to(at(3, 8, 30))
    summaries = [d.find("summary").text for d in find_all(alice.get(HOME), "details")]
    assert "Skip the dose of Tuesday 3 November" in summaries
    assert not [s for s in summaries if s.startswith("Say why")]


def test_a_missed_dose_explained_is_a_skip_with_its_reason_told_as_explained(
    alice, regimen, missed, clock
):
    response = alice.post(SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03",
                                 "why": "forgot", "explain": "1"})  # fmt: skip
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.status, dose.slot_date) == ("skipped", date(2026, 11, 3))
    assert (dose.skip_reason, dose.reason) == ("forgot", "")
    clock.shift(SECONDS)
    page = alice.get(HOME)
    assert "Noted why the dose of Tuesday 3 November was missed." in words(page)
    assert not [d for d in find_all(page, "details") if "Say why" in d.find("summary").text]
    assert "skip the missed one" not in words(page)
    history = words(alice.get(reverse("history")))
    assert "Missed, explained afterwards: Forgot (entered by alice)." in history


def test_explaining_a_missed_dose_needs_a_reason_and_keeps_the_form_open(
    alice, regimen, missed
):
    response = alice.post(SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03",
                                 "why": "other", "explain": "1"})  # fmt: skip
    assert response.status_code == 200
    explain = disclosure(response, "Say why the dose of Tuesday 3 November was missed")
    assert explain.has("open")
    assert field_error(response, f"id_explain{regimen.pk}_details") == "Say why, in a few words."
    assert checked(response, "why") == ["other"]
    assert not Dose.objects.exists()


def test_a_caregiver_explains_a_missed_dose_by_the_patients_name(carol, regimen, missed):
    response = carol.get(reverse("patient", args=[regimen.patient.pk]))
    explain = disclosure(response, "Say why the dose of Tuesday 3 November was missed")
    assert "Why did alice miss it?" in explain.text
    assert "Alice forgot" in explain.text
    assert "I forgot" not in explain.text


def test_on_its_day_a_planned_skip_says_so_and_can_be_withdrawn_to_take_the_dose(
    alice, regimen, clock
):
    clock.move_to(at(1, 9))
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 3), reason="Tooth out",
              entered_by=regimen.patient.user, planned=True)  # fmt: skip
    clock.move_to(at(2, 20))
    before = alice.get(HOME)
    assert "the dose tomorrow is planned to be skipped: Tooth out" in words(before)
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    dose = section(response, "dose-heading")
    assert "anakinra 100 mg: the dose today was planned to be skipped: Tooth out" in dose
    assert not response.context["checkin"].pending
    withdraw = form_of(response, "Withdraw the planned skip")
    alice.post(withdraw.get("action"), {"by": "self"})
    clock.shift(SECONDS)
    again = alice.get(HOME)
    assert "is due now" in section(again, "dose-heading")
    assert again.context["checkin"].pending
    voided = Dose.objects.get()
    assert voided.is_voided
    assert voided.void_reason == "planned skip withdrawn: the dose is to be taken after all"


def test_withdrawing_a_planned_skip_over_htmx_swaps_in_the_due_dose(alice, regimen, clock):
    clock.move_to(at(1, 9))
    planned = skip_slot(regimen=regimen, slot_date=date(2026, 11, 3), reason="Tooth out",
                        entered_by=regimen.patient.user, planned=True)  # fmt: skip
    clock.move_to(at(3, 8, 30))
    response = alice.post(reverse("withdraw-skip", args=[planned.pk]), {"by": "self"},
                          headers={"HX-Request": "true"})  # fmt: skip
    assert response.status_code == 200
    assert not find_all(response, "h1")
    assert "is due now" in section(response, "dose-heading")
    assert "The planned skip of Tuesday 3 November is withdrawn" in words(response)


def test_a_skip_made_at_the_time_offers_no_withdrawal(alice, regimen, clock):
    clock.move_to(at(3, 8, 30))
    alice.post(SKIP, {"by": "self", "regimen": regimen.pk, "slot_date": "2026-11-03",
                      "why": "fever"})  # fmt: skip
    clock.shift(SECONDS)
    response = alice.get(HOME)
    assert "Withdraw the planned skip" not in words(response)
    assert "anakinra 100 mg skipped: Fever or infection" in words(response)


def test_a_fine_spot_with_no_dose_due_offers_only_it_already_happened(alice, missed):
    page = words(alice.get(HOME, {"by": "self", **THIGH_FIELDS}))
    assert "This spot is fine." in page
    assert "No dose is due now, so there is nothing to log." in page
    assert "Log dose" not in page
    assert "It already happened" in page


def test_logging_with_no_dose_due_is_refused_in_words(alice, regimen, missed):
    response = alice.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS})
    assert response.status_code == 200
    page = words(response)
    assert "No dose is due now:" in page
    assert "Outside the dose window of" in page
    assert not Dose.objects.exists()


def test_a_dose_outside_every_window_is_recorded_flagged_with_its_reason(alice, regimen, missed):
    response = alice.post(
        LOG,
        {
            "by": "self",
            "regimen": regimen.pk,
            **THIGH_FIELDS,
            "happened": "on",
            "reason": "forgot this morning, took it after dinner",
        },
    )
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert dose.flags == ["outside_window"]
    assert dose.reason == "forgot this morning, took it after dinner"
    assert dose.taken_at == at(3, 21)


# The page's markup


def test_every_id_on_the_page_is_unique(alice, yesterday):
    """Labels find their fields by id: two fields with one id leave one unlabelled."""
    response = alice.get(HOME, {"by": "self", "place": "abdomen", "x": "3", "y": "3"})
    page = words(response)
    assert "Log dose" in page and "Skip the dose" in page and "Looks fine" in page
    ids = [found.get("id") for found in document(response).find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_signing_in_leads_to_the_check_in(client, patient):
    response = client.post(
        reverse("login"), {"username": "alice", "password": PASSWORD, "next": HOME}
    )
    assert response.status_code == 302
    assert response.url == HOME


# Whatever arrives, never a server error


@pytest.mark.parametrize(
    "query",
    [
        {"place": "nowhere", "x": "1", "y": "1"},
        {"place": "thigh:left", "x": "NaN", "y": "1"},
        {"place": "thigh:left", "x": "Infinity", "y": "1"},
        {"place": "thigh:left", "x": "12345", "y": "1"},
        {"place": "thigh:left", "x": "1e3", "y": "1"},
        {"place": "abdomen:left", "x": "1", "y": "1"},
        {"place": "thigh:left"},
        {"by": "robot", "place": "buttock:left", "x": "1", "y": "1"},
        {"by": ["self", "caregiver"], "x": "1"},
    ],
)
def test_a_hand_made_address_gets_a_page_with_the_mistake_not_an_error(alice, clock, query):
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME, query)
    assert response.status_code == 200
    assert "is due now" in words(response)


@pytest.mark.parametrize(
    "data",
    [
        {"place": "nowhere", "x": "1", "y": "1"},
        {"place": "thigh:left", "x": "NaN", "y": "1"},
        {"place": "thigh:left", "x": "6", "y": "10", "happened": "maybe", "reason": ""},
        {"place": "thigh:left", "x": "6", "y": "10", "by": "clinician"},
    ],
)
def test_a_hand_made_dose_gets_a_page_with_the_mistake_not_an_error(alice, regimen, clock, data):
    clock.move_to(at(3, 8, 30))
    response = alice.post(LOG, {"regimen": regimen.pk} | data)
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    "data",
    [
        {"slot_date": "2026-02-30", "why": "fever"},
        {"slot_date": "yesterday", "why": "fever"},
        {"slot_date": "2026-11-03", "why": "bored"},
        {"slot_date": "2026-11-03", "why": "other", "details": "x" * 501},
        {"regimen": "abc", "slot_date": "2026-11-03", "why": "fever"},
        {"regimen": "", "slot_date": "2026-11-03", "why": "fever"},
    ],
)
def test_a_hand_made_skip_gets_a_page_with_the_mistake_not_an_error(alice, regimen, clock, data):
    clock.move_to(at(3, 8, 30))
    response = alice.post(SKIP, {"by": "self", "regimen": regimen.pk} | data)
    assert response.status_code == 200
    assert not Dose.objects.exists()


# Logging after the fact, the minimum gap and extra doses (DESIGN §5, issue 10)


def happened(regimen, **fields) -> dict:
    return {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS, "happened": "on",
            "reason": "forgot to log it", **fields}  # fmt: skip


def test_it_already_happened_asks_when_defaulting_to_now(alice, missed):
    override = disclosure(alice.get(HOME, {"by": "self", **THIGH_FIELDS}), "It already happened")
    form = sent(override.find("form"))
    assert (form["taken_date"], form["taken_time"]) == ("2026-11-03", "21:00")
    assert "Day it was taken" in override.text
    assert "Time it was taken" in override.text


def test_a_dose_13_hours_late_is_filed_under_its_own_day_and_the_next_morning_is_normal(
    alice, regimen, missed, clock
):
    # Measured: filed under the next day's slot, whose regular dose was then refused
    # as a double dose, and the day before showed as missed.
    assert alice.post(LOG, happened(regimen, place="abdomen", x="6", y="4")).status_code == 302
    assert Dose.objects.get().slot_date == date(2026, 11, 3)

    clock.move_to(at(4, 9, 5))
    assert alice.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS}).status_code == 302
    assert Dose.objects.get(slot_date=date(2026, 11, 4)).flags == []


def earlier(regimen, **fields) -> dict:
    return {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS, "earlier": "on", **fields}


def test_yesterday_s_dose_forgotten_is_recorded_the_next_morning_at_its_real_time(
    alice, regimen, clock
):
    clock.move_to(at(4, 7))
    response = alice.get(HOME, {"by": "self", **THIGH_FIELDS})
    taken_earlier = disclosure(response, "Taken earlier? Give the time")
    assert not taken_earlier.has("open")
    assert "Which dose was it?" in taken_earlier.text
    assert "Yesterday's dose (Tuesday 3 November)" in taken_earlier.text
    assert "Today's dose (Wednesday 4 November)" in taken_earlier.text
    form = sent(form_of(response, "Log dose"))
    assert (form["taken_date"], form["taken_time"]) == ("2026-11-04", "07:00")

    response = alice.post(LOG, earlier(regimen, taken_date="2026-11-03", taken_time="18:00",
                                       which="2026-11-03"))  # fmt: skip
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.taken_at, dose.flags) == (date(2026, 11, 3), at(3, 18), [])

    clock.move_to(at(4, 7, 1))
    page = alice.get(HOME)
    assert [state.status_label for state in page.context["checkin"].states] == ["Due"]
    abdomen = {"place": "abdomen", "x": "6", "y": "4"}
    assert alice.post(LOG, {"by": "self", "regimen": regimen.pk, **abdomen}).status_code == 302
    assert Dose.objects.get(slot_date=date(2026, 11, 4)).taken_at == at(4, 7, 1)


def test_a_dose_taken_earlier_today_is_recorded_at_its_time_without_a_reason(
    alice, regimen, clock
):
    clock.move_to(at(4, 9, 30))
    response = alice.post(LOG, earlier(regimen, taken_date="2026-11-04", taken_time="08:10"))
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.taken_at, dose.reason) == (date(2026, 11, 4), at(4, 8, 10), "")


def test_saying_yesterday_s_dose_while_leaving_the_time_at_now_asks_for_the_time(
    alice, regimen, clock
):
    clock.move_to(at(4, 7))
    response = alice.post(LOG, earlier(regimen, taken_date="2026-11-04", taken_time="07:00",
                                       which="2026-11-03"))  # fmt: skip
    assert response.status_code == 200
    assert (
        "Yesterday's dose (Tuesday 3 November) could be taken until Tuesday 3 November, 20:00; "
        "a dose taken later counts as today's dose (Wednesday 4 November). Give the time it "
        "was taken."
    ) in words(response)
    assert disclosure(response, "Taken earlier? Give the time").has("open")
    form = sent(form_of(response, "Log dose"))
    assert (form["taken_time"], form["which"]) == ("07:00", "2026-11-03")
    assert not Dose.objects.exists()


def test_saying_today_s_dose_for_a_time_before_its_window_asks_for_the_time(
    alice, regimen, clock
):
    clock.move_to(at(4, 7))
    response = alice.post(LOG, earlier(regimen, taken_date="2026-11-04", taken_time="04:00",
                                       which="2026-11-04"))  # fmt: skip
    assert (
        "Today's dose (Wednesday 4 November) could be taken from Wednesday 4 November, 05:00; "
        "a dose taken earlier counts as yesterday's dose (Tuesday 3 November)."
    ) in words(response)
    assert not Dose.objects.exists()


def test_a_time_in_the_future_is_refused_next_to_the_field(alice, regimen, clock):
    clock.move_to(at(4, 7))
    response = alice.post(LOG, earlier(regimen, taken_date="2026-11-04", taken_time="18:00"))
    assert response.status_code == 200
    assert "That is later than now (Wednesday 4 November, 07:00)" in words(response)
    assert not Dose.objects.exists()


def test_a_time_that_is_not_a_time_is_explained_and_kept(alice, regimen, clock):
    clock.move_to(at(4, 7))
    response = alice.post(LOG, earlier(regimen, taken_time="late"))
    assert response.status_code == 200
    assert "Enter a valid time." in words(response)
    assert sent(form_of(response, "Log dose"))["taken_time"] == "late"


def test_a_dose_outside_every_window_logged_after_the_fact_keeps_its_time(
    alice, regimen, missed
):
    response = alice.post(LOG, happened(regimen, taken_date="2026-11-03", taken_time="20:30"))
    assert response.status_code == 302
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.taken_at, dose.flags) == (
        date(2026, 11, 3), at(3, 20, 30), ["outside_window"])  # fmt: skip


def test_a_dose_too_soon_after_the_last_is_refused_with_the_earliest_time(
    alice, regimen, give, clock
):
    give(at(3, 19, 40), override_reason="late")
    clock.move_to(at(4, 5, 10))
    response = alice.post(LOG, {"by": "self", "regimen": regimen.pk, "place": "abdomen",
                                "x": "6", "y": "4"})  # fmt: skip
    assert response.status_code == 200
    [refusal] = find_all(response, role="alert")
    assert refusal.text.startswith(
        "Too soon after the last dose: The last dose was at 19:40 yesterday; the next can be "
        "taken from 07:40 today"
    )
    assert disclosure(response, "It already happened").has("open")
    assert Dose.objects.count() == 1

    response = alice.post(LOG, happened(regimen, place="abdomen", x="6", y="4",
                                        reason="early flight"))  # fmt: skip
    assert response.status_code == 302
    assert Dose.objects.get(slot_date=date(2026, 11, 4)).flags == ["too_soon"]


def test_an_accidental_second_injection_can_be_recorded_next_to_the_refusal(
    alice, regimen, give, clock
):
    give(at(4, 8))
    clock.move_to(at(4, 9))
    response = alice.post(LOG, happened(regimen, place="abdomen", x="6", y="4",
                                        reason="took a second syringe by mistake"))  # fmt: skip
    assert response.status_code == 200
    page = words(response)
    assert "already recorded for the slot of Wednesday 4 November 2026: never a double dose" in page
    override = disclosure(response, "It already happened")
    assert override.has("open")
    assert "It was a second injection for a dose already taken, given by mistake" in override.text

    form = {k: v for k, v in sent(override.find("form")).items() if v is not None}
    form |= {"extra": "on"}
    response = alice.post(LOG, form, follow=True)
    extra = Dose.objects.get(status="extra")
    assert (extra.slot_date, extra.flags) == (date(2026, 11, 4), ["extra_dose"])
    assert extra.reason == "took a second syringe by mistake"
    page = words(response)
    assert "Extra dose recorded: abdomen at 09:00. It is flagged for review." in page
    assert "Call the poison control centre for advice now (1-800-222-1222 in the US)" in page
    assert [state.status_label for state in response.context["checkin"].states] == ["Taken"]


def test_a_caregiver_reads_the_overdose_advice_about_the_patient_by_name(
    carol, regimen, give, clock
):
    give(at(4, 8))
    clock.move_to(at(4, 9))
    fields = happened(regimen, place="abdomen", x="6", y="4", extra="on",
                      reason="gave a second by mistake", patient=regimen.patient.pk)  # fmt: skip
    page = words(carol.post(LOG, fields, follow=True))
    assert "alice had more than their dose" in page.lower()
    assert "emergency services if alice has collapsed or is not breathing" in page


# After a sign of allergy (issue 10, item 6): no "due now" until a doctor was asked

DOCTOR_SAID_YES = reverse("doctor-said-yes")


@pytest.fixture
def allergic(patient, clock):
    """Alice noted signs of allergy on Tuesday 3 November at 07:00; her dose of the day
    is due at 08:00, and it is 08:30."""
    clock.move_to(at(3, 7))
    effect = record_side_effect(
        patient=patient, kind="allergy", started_on=date(2026, 11, 3), recorded_by=patient.user
    )
    clock.move_to(at(3, 8, 30))
    return effect


def log_buttons(response) -> list[str]:
    return [b.text for f in find_all(response, "form", action=LOG) for b in f.find_all("button")]


def test_after_a_sign_of_allergy_the_dose_is_not_due_now_but_on_hold(alice, allergic):
    """Measured on main: after an urgent allergy sign the check-in still said "due now"."""
    response = alice.get(HOME)
    dose = section(response, "dose-heading")
    assert "is due now" not in dose
    assert "On hold anakinra 100 mg: on hold until a doctor has been asked." in dose
    assert element(response, "allergy-hold").get("role") == "alert"
    assert (
        "You noted signs of allergy on Tuesday 3 November. Do not take your next dose until "
        "you have asked a doctor."
    ) in element(response, "allergy-hold").text
    assert "Log dose here" not in log_buttons(response)
    assert [b.text for b in form_of(response, "A doctor said I can take it").find_all(
        "button")] == ["A doctor said I can take it"]  # fmt: skip


def test_without_a_sign_of_allergy_the_dose_is_due_and_offered(alice, patient, clock):
    clock.move_to(at(3, 7))
    record_side_effect(
        patient=patient, kind="rash", started_on=date(2026, 11, 3), recorded_by=patient.user
    )  # urgent, but it does not hold the dose
    clock.move_to(at(3, 8, 30))
    response = alice.get(HOME)
    assert "anakinra 100 mg is due now" in section(response, "dose-heading")
    assert response.context["checkin"].hold is None
    assert not find_all(response, "div", id="allergy-hold")
    assert "Log dose here" in log_buttons(response)


def test_a_caregiver_reads_the_hold_about_the_patient_by_name(carol, patient, allergic):
    response = carol.get(reverse("patient", args=[patient.pk]))
    hold = element(response, "allergy-hold").text
    assert (
        "alice noted signs of allergy on Tuesday 3 November. alice should not take the next "
        "dose until a doctor has been asked."
    ) in hold
    assert "You noted" not in hold
    form = form_of(response, "A doctor said alice can take it")
    assert form.get("action") == DOCTOR_SAID_YES
    assert sent(form)["patient"] == str(patient.pk)
    assert "is due now" not in section(response, "dose-heading")
    assert "Log dose here" not in log_buttons(response)


def test_a_spot_chosen_while_on_hold_asks_for_the_doctor_and_keeps_it_already_happened(
    alice, allergic
):
    response = alice.get(HOME, {"by": "self", **THIGH_FIELDS})
    verdict = element(response, "verdict").text
    assert "Ask a doctor before this dose (see above)." in verdict
    assert "Log dose" not in log_buttons(response)
    assert disclosure(response, "It already happened")  # a dose given anyway can be logged


def test_once_a_doctor_said_yes_the_dose_is_due_and_can_be_logged(
    alice, patient, regimen, allergic, clock
):
    response = alice.post(DOCTOR_SAID_YES, {"by": "self"}, follow=True)
    assert "Noted: a doctor said you can take your next dose. Log it as usual." in words(response)
    allergic.refresh_from_db()
    said = (allergic.doctor_said_yes_by, allergic.doctor_said_yes_at)
    assert said == (patient.user, at(3, 8, 30))
    assert "anakinra 100 mg is due now" in section(response, "dose-heading")
    assert "Log dose here" in log_buttons(response)
    clock.shift(SECONDS)
    alice.post(LOG, {"by": "self", "regimen": regimen.pk, **THIGH_FIELDS})
    assert Dose.objects.get().status == Dose.Status.TAKEN


def test_a_caregiver_records_the_doctor_s_yes_by_the_patient_s_name(
    carol, caregiver, patient, allergic
):
    response = carol.post(DOCTOR_SAID_YES, {"patient": patient.pk}, follow=True)
    assert "Noted: a doctor said alice can take the next dose. Log it as usual." in words(response)
    allergic.refresh_from_db()
    assert allergic.doctor_said_yes_by == caregiver
    assert "is due now" in section(response, "dose-heading")


def test_the_clinic_seeing_the_sign_ends_the_hold(alice, clinician, allergic, clock):
    acknowledge_side_effect(effect=allergic, staff=clinician)
    clock.shift(SECONDS)
    assert "is due now" in section(alice.get(HOME), "dose-heading")


def test_the_doctor_s_yes_refuses_get(alice, allergic):
    assert alice.get(DOCTOR_SAID_YES).status_code == 405
    allergic.refresh_from_db()
    assert allergic.doctor_said_yes_at is None
