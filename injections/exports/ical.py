"""A patient's doses as an iCalendar feed (RFC 5545; issue 11): each schedule version
a recurring event with its rule, local time and zone and an alarm at the dose's time,
paused days left out, and the next blood test due as a day's event. A calendar app
subscribed to it shows and reminds the doses without medtrack being open."""

from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vRecur

from ..models import Patient, Regimen
from ..models.regimens import format_mg
from ..reading.health import blood_tests
from ..reading.regimens import active_regimens
from ..rules.schedule import ScheduleVersion as Version

PRODID = "-//medtrack//doses//EN"
AHEAD = timedelta(days=400)  # how far an open-ended pause is looked for


def patient_calendar(patient: Patient, *, today: date, now: datetime, checkin: str) -> bytes:
    """The feed's bytes; `checkin` is the address where a dose is logged."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Doses of %(name)s") % {"name": patient})
    regimens = list(active_regimens(patient))
    for regimen in regimens:
        for event in _regimen_events(regimen, now=now, checkin=checkin):
            calendar.add_component(event)
    due = blood_tests(patient, today=today, regimens=regimens).next_due
    if due is not None:
        test = Event()
        test.add("uid", f"blood-test-{patient.pk}-{due.isoformat()}@medtrack")
        test.add("dtstamp", now)
        test.add("summary", _("Neutrophil blood test due"))
        test.add("dtstart", due)
        test.add("dtend", due + timedelta(days=1))
        calendar.add_component(test)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _regimen_events(regimen: Regimen, *, now: datetime, checkin: str) -> list[Event]:
    versions = regimen.effective_versions()
    pauses = list(regimen.pauses.all())
    events = []
    for index, version in enumerate(versions):
        start = max(version.valid_from, regimen.start_date)
        end = (
            versions[index + 1].valid_from - timedelta(days=1)
            if index + 1 < len(versions)
            else None
        )
        if regimen.end_date is not None:
            end = min(end, regimen.end_date) if end else regimen.end_date
        plain = Version(version.valid_from, version.rrule, version.time_of_day, version.time_zone)
        skipped = []
        for pause in pauses:
            if pause.last_day is None:  # open-ended: the doses stop where it starts
                if end is None or pause.first_day <= end:
                    end = pause.first_day - timedelta(days=1)
            else:
                skipped.append((pause.first_day, pause.last_day))
        horizon = end or start + AHEAD
        first = plain.dates(start, horizon)[:1]
        if not first or (end is not None and end < first[0]):
            continue
        event = Event()
        event.add("uid", f"regimen-{regimen.pk}-version-{version.pk}@medtrack")
        event.add("dtstamp", now)
        event.add(
            "summary",
            _("%(medicine)s %(dose)s mg")
            % {"medicine": regimen.medication.short_name, "dose": format_mg(version.dose_mg)},
        )
        event.add("description", _("Log it in medtrack: %(url)s") % {"url": checkin})
        event.add("url", checkin)
        local = datetime.combine(first[0], version.time_of_day, tzinfo=plain.tz)
        event.add("dtstart", local)
        event.add("duration", timedelta(minutes=15))
        rule = vRecur.from_ical(version.rrule.removeprefix("RRULE:"))
        if end is not None:
            rule["UNTIL"] = plain.instant(end)
        event.add("rrule", rule)
        excluded = [
            datetime.combine(day, version.time_of_day, tzinfo=plain.tz)
            for first_day, last_day in skipped
            for day in plain.dates(max(first_day, first[0]), min(last_day, horizon))
        ]
        if excluded:
            event.add("exdate", excluded)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            _("Time for your %(medicine)s dose") % {"medicine": regimen.medication.short_name},
        )
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        events.append(event)
    return events
