"""The calendar feed (issue 11, item 4): a secret, revocable address where calendar
apps read the doses, parsed back here with `icalendar`.

Alice injects anakinra daily at 08:00 Europe/London from 2026-11-01; it is Tuesday
3 November, 12:00.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from injections.models import CalendarFeed
from injections.services.patients import change_schedule, record_pause
from injections.services.sharing import start_calendar_feed
from tests.views.pages import element, find_all, words

NOW = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
SETTINGS = reverse("settings")

pytestmark = pytest.mark.clock(NOW)


def feed_of(client, patient) -> Calendar:
    token = CalendarFeed.objects.get(patient=patient, revoked_at=None).token
    response = client.get(reverse("calendar-feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_a_feed_has_the_dose_as_a_recurring_event_in_the_patient_s_zone(client, patient, regimen):
    start_calendar_feed(patient=patient)
    calendar = feed_of(client, patient)  # no one signed in: the address is the key
    [dose, test] = events(calendar)
    assert str(dose["summary"]) == "anakinra 100 mg"
    start = dose.decoded("dtstart")
    assert (start.replace(tzinfo=None), str(start.tzinfo)) == (
        datetime(2026, 11, 1, 8, 0),
        "Europe/London",
    )
    assert dose["rrule"].to_ical() == b"FREQ=DAILY"
    [alarm] = dose.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(0)
    assert "http://testserver/" in str(dose["description"])
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    # The next blood test due, as a day's event.
    assert str(test["summary"]) == "Neutrophil blood test due"


def test_a_change_of_time_ends_one_event_and_starts_the_next(client, patient, regimen):
    change_schedule(regimen=regimen, changed_by=patient.user, time_of_day=time(20, 0), at=NOW)
    start_calendar_feed(patient=patient)
    first, second = [e for e in events(feed_of(client, patient)) if "mg" in str(e["summary"])]
    assert first["rrule"]["UNTIL"] == [datetime(2026, 11, 3, 8, 0, tzinfo=UTC)]
    assert second.decoded("dtstart").replace(tzinfo=None) == datetime(2026, 11, 4, 20, 0)


def test_a_pause_leaves_its_days_out(client, patient, regimen, clinician):
    record_pause(regimen=regimen, first_day=date(2026, 11, 10), last_day=date(2026, 11, 11),
                 reason="surgery", created_by=clinician)  # fmt: skip
    start_calendar_feed(patient=patient)
    [dose] = [e for e in events(feed_of(client, patient)) if "mg" in str(e["summary"])]
    excluded = [d.dt.replace(tzinfo=None) for d in dose["exdate"].dts]
    assert excluded == [datetime(2026, 11, 10, 8, 0), datetime(2026, 11, 11, 8, 0)]


def test_an_open_ended_pause_ends_the_event_before_it(client, patient, regimen, clinician):
    record_pause(regimen=regimen, first_day=date(2026, 11, 10), last_day=None,
                 reason="stopped for now", created_by=clinician)  # fmt: skip
    start_calendar_feed(patient=patient)
    [dose] = [e for e in events(feed_of(client, patient)) if "mg" in str(e["summary"])]
    assert dose["rrule"]["UNTIL"] == [datetime(2026, 11, 9, 8, 0, tzinfo=UTC)]


def test_a_revoked_or_unknown_address_is_not_found(client, patient, regimen):
    old = start_calendar_feed(patient=patient)
    new = start_calendar_feed(patient=patient)  # a new address stops the old one
    assert client.get(reverse("calendar-feed", args=[old.token])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[new.token])).status_code == 200
    assert client.get(reverse("calendar-feed", args=["not-a-token"])).status_code == 404


def test_the_settings_page_makes_shows_and_stops_the_address(alice, patient, regimen, clock):
    page = alice.get(SETTINGS)
    assert not find_all(page, id="calendar-url")
    assert "Make a calendar address" in words(page)

    response = alice.post(reverse("start-calendar"), follow=True)
    feed = CalendarFeed.objects.get(patient=patient, revoked_at=None)
    url = element(response, "calendar-url").text
    assert url == f"http://testserver/calendar/{feed.token}.ics"
    assert "Add Subscribed Calendar" in words(response)

    clock.shift(timedelta(seconds=5))
    alice.post(reverse("stop-calendar"))
    assert not CalendarFeed.objects.filter(revoked_at=None).exists()
    assert client_get_status(alice, url) == 404


def client_get_status(client, url: str) -> int:
    return client.get(url.removeprefix("http://testserver")).status_code
