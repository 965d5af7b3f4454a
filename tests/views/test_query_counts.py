"""The query budget: a page reads a patient's record in a fixed number of queries,
whether they have injected for a week or for ten years.

Each test builds two patients on the same daily 08:00 Europe/London regimen, one
with a week of history and one with ten years of it, with every kind of record a
page reads (a site check, an unhealed reaction, an area to avoid), and compares
the queries of the same page for both. It is Tuesday 3 November 2026, 08:30 (GMT):
today's dose is due.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injections.models import AvoidZone, Dose, SiteCheck, SiteReaction
from injections.services import health, supplies
from tests.conftest import make_patient
from tests.views.pages import find_all, words

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
TODAY = date(2026, 11, 3)
LONDON = ZoneInfo("Europe/London")
BUDGET = 10
# The check-in reads its reminders too (boxes, syringes, sharps, blood tests, topics),
# the signs of allergy that hold the next dose (one query, issue 10 item 6) and today's
# scores (one query, issue 12 item 4).
CHECKIN_BUDGET = 18
# Logging a dose reads the page's regimens, then in its locked transaction the record
# the rules check it against, and writes the dose, its revision and its audit event.
LOG_BUDGET = 24
# The history draws "Is it working?" too: the scores and the doses of its weeks (two
# queries, issue 12 item 4).
HISTORY_BUDGET = BUDGET + 2
# A rotation of 30 points at least 3 cm apart on the thighs and the abdomen, so that
# the history looks like a real one to the site rules.
THIGHS = [
    ("thigh", side, x, y)
    for side in ("left", "right")
    for x in (20, 60, 100)
    for y in (30, 90, 150)
]
ABDOMEN = [("abdomen", "", x, y) for y in (20, 140) for x in (20, 60, 100, 140, 180, 220)]
ROTATION = THIGHS + ABDOMEN


pytestmark = pytest.mark.clock(NOW)


def patient_with_history(username: str, days: int):
    """A patient who has taken every daily dose for `days` days up to yesterday,
    written straight to the table for speed (the services would check each one)."""
    patient = make_patient(username, start_date=TODAY - timedelta(days=days))
    regimen = patient.regimens.get()
    doses = []
    for n in range(days, 0, -1):
        day = TODAY - timedelta(days=n)
        taken_at = datetime.combine(day, time(8, 0), tzinfo=LONDON)
        region, side, x, y = ROTATION[n % len(ROTATION)]
        doses.append(
            Dose(
                patient=patient,
                regimen=regimen,
                slot_date=day,
                status=Dose.Status.TAKEN,
                taken_at=taken_at,
                dose_mg=Decimal(100),
                region=region,
                side=side,
                x_mm=x,
                y_mm=y,
                administered_by="self",
                entered_by=patient.user,
                entered_at=taken_at + timedelta(minutes=1),
            )
        )
    Dose.objects.bulk_create(doses, batch_size=500)
    last_two = list(Dose.objects.filter(patient=patient).order_by("-slot_date")[:2])
    yesterday, day_before = last_two
    # The day before's site was checked and is still red; yesterday's awaits its check.
    SiteCheck.objects.create(
        dose=day_before, fine=False, recorded_at=NOW - timedelta(hours=20),
        recorded_by=patient.user,
    )  # fmt: skip
    SiteReaction.objects.create(
        dose=day_before, kind="redness", recorded_at=NOW - timedelta(hours=20),
        recorded_by=patient.user,
    )  # fmt: skip
    AvoidZone.objects.create(
        patient=patient, region="thigh", side="left", x_mm=60, y_mm=100, radius_mm=15,
        kind="vein", created_by=patient.user, created_at=NOW - timedelta(days=1),
    )  # fmt: skip
    return patient


@pytest.fixture
def week(db):
    return patient_with_history("wendy", 7)


@pytest.fixture
def decade(db):
    return patient_with_history("dorothy", 3652)


def queries(client, patient, url, **options) -> CaptureQueriesContext:
    """The queries of one signed-in request (signing in is not counted)."""
    client.force_login(patient.user)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **options)
    assert response.status_code == 200
    return context


def test_the_histories_are_what_the_tests_say(week, decade):
    assert Dose.objects.filter(patient=week).count() == 7
    assert Dose.objects.filter(patient=decade).count() == 3652
    assert Dose.objects.filter(patient=decade).earliest("slot_date").slot_date == date(2016, 11, 3)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "partial"])
def test_the_checkin_reads_the_same_queries_for_a_week_and_ten_years(
    client, week, decade, django_assert_max_num_queries, htmx
):
    """With a spot chosen, so that the site check runs beside the suggestions."""
    spot = {"by": "self", "place": "abdomen", "x": "3", "y": "3"}
    headers = {"HX-Request": "true"} if htmx else {}
    short = queries(client, week, reverse("home"), data=spot, headers=headers)
    client.force_login(decade.user)
    with django_assert_max_num_queries(CHECKIN_BUDGET) as long:
        response = client.get(reverse("home"), spot, headers=headers)
    assert len(long) == len(short), [query["sql"] for query in long.captured_queries]
    checkin = response.context["checkin"]
    assert checkin.site_question is not None  # yesterday's site is asked about
    assert checkin.unhealed  # the day before's is still healing
    assert checkin.context.avoid_zones
    assert "This spot is fine." in words(response)


def test_the_checkin_reads_the_same_queries_however_much_is_in_the_cupboard(
    client, week, django_assert_max_num_queries
):
    """Boxes, a sharps container, side effects, lab results and topics to discuss are
    read for the reminders, which come with the page: in a fixed number of queries."""
    spot = {"by": "self", "place": "abdomen", "x": "3", "y": "3"}
    medication = week.regimens.get().medication

    def box(lot, expires_on):
        supplies.add_box(
            patient=week, medication=medication, lot=lot, expires_on=expires_on,
            added_by=week.user, now=NOW - timedelta(days=2),
        )  # fmt: skip

    box("A1", date(2027, 1, 31))
    supplies.replace_sharps(patient=week, capacity=4, at=NOW - timedelta(days=2))
    before = queries(client, week, reverse("home"), data=spot)
    assert "Refill" not in section_words(client.get(reverse("home"), spot))
    box("B2", date(2026, 11, 2))
    box("C3", date(2027, 2, 28))
    supplies.take_out_of_fridge(syringes=week.syringes.all()[:3], at=NOW - timedelta(hours=2))
    supplies.set_refill_threshold(patient=week, days=30)  # three weeks on hand is too little
    # A sign of allergy holds the dose: the check-in says so in the same queries.
    for kind, severity in (("rash", ""), ("headache", "mild"), ("allergy", "")):
        health.record_side_effect(
            patient=week, kind=kind, severity=severity, started_on=TODAY,
            recorded_by=week.user, now=NOW - timedelta(hours=1),
        )  # fmt: skip
    health.record_lab_result(
        patient=week, taken_on=TODAY - timedelta(days=7), recorded_by=week.user
    )
    health.set_doctor_topics(
        patient=week, topics={"infection", "surgery"}, now=NOW - timedelta(hours=1)
    )
    with django_assert_max_num_queries(CHECKIN_BUDGET) as after:
        response = client.get(reverse("home"), spot)
    assert len(after) == len(before), [query["sql"] for query in after.captured_queries]
    reminders = section_words(response)
    assert "syringes of lot B2 are past their expiry date" in reminders
    assert "Refill" in reminders
    assert "Tell the doctor" in reminders
    assert response.context["checkin"].hold is not None


def section_words(response) -> str:
    [reminders] = find_all(response, "section", aria_labelledby="reminders-heading")
    return reminders.text


def test_the_history_reads_the_same_queries_for_a_week_and_ten_years(
    client, week, decade, django_assert_max_num_queries
):
    short = queries(client, week, reverse("history"))
    client.force_login(decade.user)
    with django_assert_max_num_queries(HISTORY_BUDGET) as long:
        response = client.get(reverse("history"))
    assert len(long) == len(short), [query["sql"] for query in long.captured_queries]
    assert "Page 1 of 122" in words(response)


def test_an_old_page_of_the_history_reads_no_more_than_the_first(client, decade):
    first = queries(client, decade, reverse("history"))
    last = queries(client, decade, reverse("history"), data={"page": 122})
    assert len(last) == len(first)


def test_a_record_page_reads_the_same_queries_for_a_week_and_ten_years(client, week, decade):
    def last_record(patient):
        return reverse("dose", args=[Dose.objects.filter(patient=patient).latest("pk").pk])

    short = queries(client, week, last_record(week))
    long = queries(client, decade, last_record(decade))
    assert len(long) == len(short)


def test_logging_a_dose_reads_the_same_queries_for_a_week_and_ten_years(client, week, decade):
    counts = []
    for patient in (week, decade):
        client.force_login(patient.user)
        regimen = patient.regimens.get()
        spot = {"patient": "", "regimen": regimen.pk, "by": "self", "place": "abdomen",
                "x": "3", "y": "3"}  # fmt: skip
        with CaptureQueriesContext(connection) as logged:
            response = client.post(reverse("log-dose"), spot)
        assert response.status_code == 302
        assert Dose.objects.filter(patient=patient, slot_date=TODAY).exists()
        counts.append(len(logged))
    assert counts[0] == counts[1] <= LOG_BUDGET
