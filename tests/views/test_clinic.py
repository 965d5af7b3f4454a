"""The clinic's pages: the adherence review (`clinic`), its CSV (`clinic-export`), a
patient's review page (`clinic-patient`), and what staff record: a dose they give,
a schedule change (`clinic-schedule`) and a treatment pause (`clinic-pause`).

Dr Dee works at the Rheumatology clinic. It is Saturday 21 November 2026, 12:00 in
London (GMT): today's 08:00 dose is late, and its window closes at 20:00. The
clinic's patients, daily at 08:00 London time from 1 November unless said:

- alice took every dose from the 1st to the 20th at 07:30;
- bob took the 1st to the 5th at 08:00, the 6th to the 10th late at 11:00, then none;
- carl took the 2nd to the 20th at 08:00 but the 19th at 21:00, outside its window;
  the 20th broke a site rule, and the 18th's site is still red;
- dora starts on 1 December;
- erin started on 1 September and took every dose until 21 October (BST), then none.

Each had the blood tests due so far (DESIGN §2: before starting, then monthly), with
normal counts, and lists no other medicine.
"""

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injections.models import (
    CareLink,
    Clinic,
    ClinicStaff,
    Dose,
    Enrollment,
    LabResult,
    Medication,
    OtherMedicine,
    ScheduleVersion,
    SideEffect,
    SiteReaction,
)
from injections.models.regimens import TreatmentPause
from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.health import (
    add_other_medicine,
    record_doctor_said_yes,
    record_lab_result,
    record_side_effect,
    remove_other_medicine,
    set_doctor_topics,
)
from injections.services.patients import create_regimen
from tests.conftest import PASSWORD, START, make_patient
from tests.views.pages import (
    document,
    element,
    field_error,
    find_all,
    form_of,
    heading,
    links,
    section,
    sent,
    words,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)
LONDON = ZoneInfo("Europe/London")
LATER = timedelta(seconds=5)
DASHBOARD = reverse("clinic")
EXPORT = reverse("clinic-export")
HEADER = (
    "patient,adherence_30_pct,on_time_30_pct,adherence_90_pct,on_time_90_pct,"
    "missed_in_a_row,last_dose_at,site_overrides,outside_window,syringe_overrides,"
    "unhealed_reactions,urgent_side_effects,doctor_topics,"
    "biologics,low_neutrophils,low_neutrophils_taken_on,blood_test_due,blood_test_overdue,"
    "allergy_signs,too_soon,extra_doses"
)


pytestmark = pytest.mark.clock(NOW)


def give(patient, days, *, at=time(8, 0), late=(), **fields):
    """Taken doses on the `days` given (dates), written straight to the table for speed,
    at `at` London time (11:00 on the `late` days), rotating over the thighs."""
    regimen = patient.regimens.get()
    doses = []
    for n, day in enumerate(days):
        taken_at = datetime.combine(day, time(11, 0) if day in late else at, tzinfo=LONDON)
        doses.append(
            Dose(
                patient=patient,
                regimen=regimen,
                slot_date=day,
                status=Dose.Status.TAKEN,
                taken_at=taken_at,
                dose_mg=Decimal(100),
                region="thigh",
                side=("left", "right")[n % 2],
                x_mm=(n % 4) * 30,
                y_mm=(n % 5) * 40,
                administered_by="self",
                entered_by=patient.user,
                entered_at=taken_at + timedelta(minutes=1),
                **fields,
            )
        )
    return Dose.objects.bulk_create(doses, batch_size=500)


def november(first: int, last: int) -> list[date]:
    return [date(2026, 11, day) for day in range(first, last + 1)]


def enrol(clinic, username: str, **options):
    patient = make_patient(username, **options)
    Enrollment.objects.create(patient=patient, clinic=clinic)
    return patient


def tested(patient, *days: date, neutrophils: str | None = "3.2"):
    """Blood taken on these days, the count the same each time."""
    for day in days or (START,):
        record_lab_result(
            patient=patient,
            taken_on=day,
            neutrophils=None if neutrophils is None else Decimal(neutrophils),
            recorded_by=patient.user,
        )


@pytest.fixture
def population(clinic, patient):
    """The clinic's five patients, as the module's docstring tells."""
    give(patient, november(1, 20), at=time(7, 30))
    tested(patient)
    bob = enrol(clinic, "bob")
    give(bob, november(1, 10), late=november(6, 10))
    tested(bob)
    carl = enrol(clinic, "carl")
    tested(carl)
    give(carl, november(2, 18) + [date(2026, 11, 20)])
    give(
        carl,
        [date(2026, 11, 19)],
        at=time(21, 0),
        flags=["outside_window"],
        reason="forgot, took it late",
    )
    Dose.objects.filter(patient=carl, slot_date=date(2026, 11, 20)).update(
        flags=["too_close"], reason="it already happened"
    )
    SiteReaction.objects.create(
        dose=Dose.objects.get(patient=carl, slot_date=date(2026, 11, 18)),
        kind="redness",
        recorded_at=NOW - timedelta(days=2),
        recorded_by=carl.user,
    )
    enrol(clinic, "dora", start_date=date(2026, 12, 1))
    erin = enrol(clinic, "erin", start_date=date(2026, 9, 1))
    give(erin, [date(2026, 9, 1) + timedelta(days=n) for n in range(51)])  # to 21 October
    tested(erin, date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1))
    return clinic


def names(response) -> list[str]:
    return [row.patient.user.username for row in response.context["page"].object_list]


def table_rows(response) -> dict[str, str]:
    """Each row of the review as words, by patient, but its sparkline (whose words are
    its accessible name, read by `sparkline_names`)."""
    rows = [
        " ".join(cell.text for cell in row.children if "spark-cell" not in cell.classes()).strip()
        for row in document(response).find("tbody").find_all("tr")
    ]
    return {row.split()[0]: row for row in rows}


def caption(response) -> str:
    """What the review's table says it lists."""
    return document(response).find("caption").text


def value(response, name: str, action: str) -> str | None:
    """What the field `name` holds on the page, in the form that posts to `action`."""
    form = document(response).find("form", action=action)
    [field] = [e for e in form.find_all(name=name) if e.tag in ("input", "textarea")]
    return field.text if field.tag == "textarea" else field.get("value")


def export_rows(client, **query) -> list[list[str]]:
    response = client.get(EXPORT, query)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="adherence.csv"'
    return list(csv.reader(io.StringIO(response.content.decode())))


# The review


def test_the_review_shows_each_patients_figures_and_flags(dee, population):
    response = dee.get(DASHBOARD)
    assert response.status_code == 200
    assert heading(response) == "Adherence review: Rheumatology"
    assert caption(response) == "5 patients"
    rows = table_rows(response)
    assert rows["alice"] == "alice 95.2 % 95.2 % 95.2 % 0 20 Nov 07:30"
    assert rows["bob"] == "bob 47.6 % under 80 % 47.6 % 23.8 % 10 10 Nov 11:00"
    assert rows["carl"] == (
        "carl 90.5 % 90.5 % 85.7 % 0 20 Nov 08:00 "
        "1 site override 1 outside the window 1 unhealed reaction"
    )
    assert rows["dora"] == "dora — — — 0 —"
    assert rows["erin"] == "erin 0.0 % under 80 % 62.2 % 0.0 % 30 21 Oct 08:00"


def test_the_last_dose_is_shown_in_the_patients_time_zone(dee, clinic, patient):
    """Erin took her last dose at 08:00 British Summer Time, 07:00 UTC."""
    erin = enrol(clinic, "erin", start_date=date(2026, 10, 1))
    give(erin, [date(2026, 10, 21)])
    assert "21 Oct 08:00" in table_rows(dee.get(DASHBOARD))["erin"]


def test_the_review_is_least_adherent_first_with_missing_figures_last(dee, population):
    assert names(dee.get(DASHBOARD)) == ["erin", "bob", "carl", "alice", "dora"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("adherence_30", ["erin", "bob", "carl", "alice", "dora"]),
        ("-adherence_30", ["alice", "carl", "bob", "erin", "dora"]),
        ("adherence_90", ["bob", "erin", "carl", "alice", "dora"]),
        ("on_time_30", ["erin", "bob", "carl", "alice", "dora"]),
        ("name", ["alice", "bob", "carl", "dora", "erin"]),
        ("-name", ["erin", "dora", "carl", "bob", "alice"]),
        ("missed", ["alice", "carl", "dora", "bob", "erin"]),
        ("-missed", ["erin", "bob", "alice", "carl", "dora"]),
        ("last_dose", ["erin", "bob", "alice", "carl", "dora"]),
        ("-last_dose", ["carl", "alice", "bob", "erin", "dora"]),
    ],
)
def test_the_review_sorts_by_each_column(dee, population, sort, expected):
    response = dee.get(DASHBOARD, {"sort": sort})
    assert names(response) == expected
    assert response.context["sort"] == sort


def test_the_sorted_column_says_so_and_its_link_reverses_it(dee, population):
    response = dee.get(DASHBOARD, {"sort": "name"})
    [sorted_column] = find_all(response, "th", aria_sort=True)
    assert sorted_column.get("aria-sort") == "ascending"
    assert sorted_column.text == "Patient"
    assert sorted_column.find("a").get("href") == f"?clinic={population.pk}&show=all&sort=-name"


def test_an_unknown_sort_or_filter_falls_back_to_the_default(dee, population):
    response = dee.get(DASHBOARD, {"sort": "shoe_size", "show": "everyone?"})
    assert response.status_code == 200
    assert names(response) == ["erin", "bob", "carl", "alice", "dora"]


def test_patients_with_the_same_figures_are_listed_by_name(dee, clinic, patient):
    """Ties keep one order from page to page, whatever order they joined in."""
    for username in ("zed", "mia", "amy"):
        enrol(clinic, username, start_date=date(2026, 12, 1))
    assert names(dee.get(DASHBOARD)) == ["alice", "amy", "mia", "zed"]


def test_the_under_80_filter_shows_the_non_adherent(dee, population):
    response = dee.get(DASHBOARD, {"show": "non-adherent"})
    assert names(response) == ["erin", "bob"]
    assert caption(response) == "2 patients"
    [current] = document(response).find("nav", aria_label="Show").find_all("a", aria_current=True)
    assert current.text == "Under 80 %"
    assert current.get("href") == f"?clinic={population.pk}&show=non-adherent&sort=adherence_30"


def test_the_flagged_filter_shows_the_flagged(dee, population):
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["carl"]


def test_a_filter_nobody_matches_says_so(dee, clinic, patient):
    give(patient, november(1, 20))
    assert "No patient matches." in words(dee.get(DASHBOARD, {"show": "non-adherent"}))


def test_the_review_pages_by_fifty(dee, clinic, patient):
    for n in range(51):
        enrol(clinic, f"p{n:02}", start_date=date(2026, 12, 1))
    first = dee.get(DASHBOARD, {"sort": "name"})
    assert len(names(first)) == 50
    assert names(first)[:2] == ["alice", "p00"]
    assert caption(first) == "52 patients"
    assert "Page 1 of 2" in words(first)
    assert links(first)["Next"] == f"?clinic={clinic.pk}&show=all&sort=name&page=2"
    second = dee.get(DASHBOARD, {"sort": "name", "page": 2})
    assert names(second) == ["p49", "p50"]
    assert links(second)["Previous"] == f"?clinic={clinic.pk}&show=all&sort=name&page=1"
    assert names(dee.get(DASHBOARD, {"sort": "name", "page": 99})) == ["p49", "p50"]


# The last 12 weeks: a sparkline a row


def sparkline_names(response) -> dict[str, str]:
    """Each row's sparkline by patient: its accessible name, the <title> it points to."""
    found = {}
    for row in document(response).find("tbody").find_all("tr"):
        [picture] = row.find_all("svg", role="img")
        [title] = picture.find_all("title", id=picture.get("aria-labelledby"))
        found[row.find("a").text] = title.text
    return found


def test_each_row_has_its_last_twelve_weeks_in_a_picture_and_in_words(dee, population):
    response = dee.get(DASHBOARD, {"sort": "name"})
    assert "Last 12 weeks" in [th.text for th in find_all(response, "th", scope="col")]
    shown = {row.patient.user.username: spark for row, spark in response.context["shown"]}
    assert list(shown) == names(response)  # the rows of the page, in its order
    bob = shown["bob"]
    assert len(bob.bars) == 12
    # Weeks of seven days ending today (Saturday 21 November), oldest first.
    assert (bob.bars[0].first, bob.bars[-1].last) == (date(2026, 8, 30), TODAY)
    first_week, second, today = bob.bars[-3:]
    assert (first_week.counts.on_time, first_week.counts.late) == (5, 2)  # late from the 6th
    assert (second.counts.late, second.counts.missed) == (3, 4)
    assert today.counts.missed == 6 and today.counts.open == 1
    said = sparkline_names(response)
    assert said["bob"] == (
        "Adherence week by week over the last 12 weeks, oldest first: 9 weeks with none "
        "due, 100 %, 43 %, 0 %. Late doses in 2 weeks."
    )
    assert said["alice"].endswith("9 weeks with none due, 100 %, 100 %, 86 %. No late dose.")
    # erin took every dose from 1 September (a Tuesday) to 21 October, then none.
    assert said["erin"] == (
        "Adherence week by week over the last 12 weeks, oldest first: 100 %, 100 %, 100 %, "
        "100 %, 100 %, 100 %, 100 %, 57 %, 0 %, 0 %, 0 %, 0 %. No late dose."
    )
    assert said["dora"].endswith("12 weeks with none due. No late dose.")


def test_the_late_part_of_a_week_is_drawn_apart_from_the_part_on_time(dee, population):
    response = dee.get(DASHBOARD, {"sort": "name"})
    [bob_row] = [row for row in document(response).find("tbody").find_all("tr")
                 if row.find("a").text == "bob"]  # fmt: skip
    taken = {"spark-on_time", "spark-late"}
    drawn = [rect for rect in bob_row.find_all("rect") if rect.classes() & taken]
    kinds = [next(iter(rect.classes())) for rect in drawn]
    assert kinds == ["spark-on_time", "spark-late", "spark-late"]  # 1-7 Nov, 8-14 Nov
    assert len(bob_row.find_all("line", class_="spark-threshold")) == 1


def test_the_weeks_are_read_for_the_page_shown_in_the_same_queries_however_many(
    dee, clinic, patient
):
    give(patient, november(1, 20))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert dee.get(DASHBOARD).status_code == 200
        return len(captured)

    enrol(clinic, "p00")
    two = queries()
    for n in range(1, 9):
        give(enrol(clinic, f"p{n:02}"), november(1, 10), late=november(5, 10))
    assert len(names(dee.get(DASHBOARD))) == 10
    assert queries() == two


def test_only_the_page_shown_has_its_weeks_read(dee, clinic, patient):
    for n in range(51):
        enrol(clinic, f"p{n:02}", start_date=date(2026, 12, 1))
    second = dee.get(DASHBOARD, {"sort": "name", "page": 2})
    assert [row.patient.user.username for row, _spark in second.context["shown"]] == ["p49", "p50"]


def test_recent_weeks_reads_four_queries_for_two_patients_or_ten(clinic, patient):
    from injections.reading.adherence import recent_weeks

    give(patient, november(1, 20))
    others = [enrol(clinic, f"p{n:02}") for n in range(9)]
    for other in others:
        give(other, november(3, 12), late=november(10, 12))
    with CaptureQueriesContext(connection) as two:
        found = recent_weeks([patient, others[0]], at=NOW)
    with CaptureQueriesContext(connection) as ten:
        found = recent_weeks([patient, *others], at=NOW)
    assert len(two) == len(ten) == 4
    assert [week.counts.taken for week in found[others[0].pk][-3:]] == [5, 5, 0]
    assert [week.counts.late for week in found[others[0].pk][-3:]] == [0, 3, 0]


def test_the_csv_has_its_header_and_a_row_per_patient_in_the_pages_order(dee, population):
    rows = export_rows(dee)
    assert ",".join(rows[0]) == HEADER
    assert [row[0] for row in rows[1:]] == names(dee.get(DASHBOARD))
    by_name = {row[0]: row for row in rows[1:]}
    bob = "bob,47.6,23.8,47.6,23.8,10,2026-11-10T11:00:00+00:00,0,0,0,0,0,0,,,,2026-12-01,0,0,0,0"
    assert by_name["bob"] == bob.split(",")
    assert by_name["carl"][7:] == ["1", "1", "0", "1", "0", "0", "", "", "", "2026-12-01", "0",
                                   "0", "0", "0"]  # fmt: skip
    assert by_name["dora"] == (
        ["dora", "", "", "", "", "0", "", "0", "0", "0", "0", "0", "0"]
        + ["", "", "", "2026-12-01", "0", "0", "0", "0"]
    )
    assert by_name["erin"][1:7] == ["0.0", "0.0", "62.2", "62.2", "30", "2026-10-21T07:00:00+00:00"]


def test_the_csv_keeps_the_filter_and_sort_on_screen(dee, population):
    query = {"show": "non-adherent", "sort": "-adherence_30"}
    assert [row[0] for row in export_rows(dee, **query)[1:]] == ["bob", "erin"]
    assert names(dee.get(DASHBOARD, query)) == ["bob", "erin"]
    download = links(dee.get(DASHBOARD, query))["Download as CSV"]
    assert download == f"{EXPORT}?clinic={population.pk}&show=non-adherent&sort=-adherence_30"


@pytest.mark.parametrize("days", [30, 90])
def test_the_figures_agree_with_the_adherence_command(dee, population, days):
    rows = {row[0]: row for row in export_rows(dee)[1:]}
    column = 1 if days == 30 else 3
    out = io.StringIO()
    start = TODAY - timedelta(days=days - 1)
    arguments = f"--from {start} --to {TODAY} --at {NOW.isoformat()} --json".split()
    call_command("adherence", *arguments, stdout=out)
    figures = {row["patient"]: row for row in json.loads(out.getvalue())}
    assert set(figures) == {"alice", "bob", "carl", "erin"}  # dora has not started
    for name, row in rows.items():
        command = figures.get(name, {"adherence_pct": None, "on_time_pct": None})
        for value, expected in (
            (row[column], command["adherence_pct"]),
            (row[column + 1], command["on_time_pct"]),
        ):
            assert value == ("" if expected is None else f"{expected:.1f}"), (name, days)


def test_a_clinic_lists_only_its_own_patients_and_staff_switch_between_clinics(
    dee, clinician, population
):
    other = Clinic.objects.create(name="Dermatology")
    ClinicStaff.objects.create(clinic=other, user=clinician)
    enrol(other, "zoe")
    response = dee.get(DASHBOARD, {"clinic": other.pk})
    assert names(response) == ["zoe"]
    assert heading(response) == "Adherence review: Dermatology"
    clinics = document(response).find("nav", aria_label="Clinics").find_all("a")
    assert {a.text: a.get("href") for a in clinics}["Rheumatology"] == f"?clinic={population.pk}"
    rows = export_rows(dee, clinic=other.pk)
    assert [row[0] for row in rows[1:]] == ["zoe"]


def test_a_clinic_the_staff_member_does_not_work_at_shows_their_own(dee, population):
    stranger = Clinic.objects.create(name="Cardiology")
    enrol(stranger, "zoe")
    response = dee.get(DASHBOARD, {"clinic": stranger.pk})
    assert response.context["clinic"] == population
    assert "zoe" not in names(response)
    assert "zoe" not in [row[0] for row in export_rows(dee, clinic=stranger.pk)[1:]]


# What staff record


def test_a_dose_the_clinician_gives_is_recorded_as_given_by_them(
    dee, alice, clinician, patient, regimen, clock
):
    checkin = reverse("patient", args=[patient.pk])
    response = dee.get(checkin)
    assert find_all(response, data_place="upper_arm:left"), "the map offers the left upper arm"
    assert "You are their clinician" in words(response)
    spot = {"place": "upper_arm:left", "x": "4", "y": "6"}
    response = dee.post(reverse("log-dose"), {"patient": patient.pk, "regimen": regimen.pk, **spot})
    assert response.status_code == 302
    assert response.url == checkin
    dose = Dose.objects.get()
    assert (dose.administered_by, dose.entered_by, dose.slot_date) == (
        "clinician",
        clinician,
        TODAY,
    )
    clock.shift(LATER)
    assert "given by you" in words(dee.get(checkin))  # she gave it
    assert "given by a clinician" in words(alice.get(reverse("home")))


def test_a_clinician_logs_a_dose_with_the_check_ins_own_form(dee, patient, regimen, clock):
    """As a browser sends it: the check-in's forms carry who injects, "clinician" on a
    clinician's page, which the spot and log forms once refused as no valid choice."""
    checkin = reverse("patient", args=[patient.pk])
    page = dee.get(checkin)
    chosen = dee.get(
        checkin,
        sent(form_of(page, "Check this spot")) | {"place": "thigh:left", "x": "6", "y": "10"},
    )
    assert "This spot is fine." in words(chosen)
    response = dee.post(reverse("log-dose"), sent(form_of(page, "Log dose here")))
    assert response.status_code == 302
    assert Dose.objects.get().administered_by == "clinician"


def test_the_clinician_changes_the_schedule(dee, clinician, patient, regimen, client):
    response = dee.post(
        reverse("clinic-schedule", args=[patient.pk]),
        prescription(regimen, time_of_day="09:00", reason="to fit the ward round"),
    )
    assert response.status_code == 302
    assert response.url == reverse("clinic-patient", args=[patient.pk])
    version = ScheduleVersion.objects.latest("pk")
    assert (version.created_by, version.time_of_day, version.valid_from, version.reason) == (
        clinician,
        time(9, 0),
        date(2026, 11, 22),
        "to fit the ward round",
    )
    page = words(dee.get(response.url))
    assert "Saved. The new schedule applies from the dose of Sunday 22 November." in page
    assert (
        "100 mg, every day at 09:00 (London time), from 22 Nov 2026: set by dr-dee on "
        "21 Nov 2026 (to fit the ward round)"
    ) in page
    client.force_login(patient.user)
    page = words(client.get(reverse("settings")))
    assert "Now: 100 mg, every day, at 08:00 (London time)." in page
    assert (
        "From the dose of Sunday 22 November: 100 mg, every day, at 09:00 (London time)."
    ) in page
    assert "Your clinic prescribes it: ask them to change the dose or how often." in page


def prescription(regimen, **values) -> dict:
    """The clinic's prescription form for `regimen`, daily 100 mg at 08:00 unless told."""
    data = {
        "time_of_day": "08:00",
        "time_zone": "Europe/London",
        "rhythm": "day",
        "basis": "fixed",
        "dose_mg": "100",
        "reason": "",
    } | values
    return {"regimen": regimen.pk} | {f"r{regimen.pk}-{key}": v for key, v in data.items()}


def test_the_clinic_prescribes_a_weekly_dose_by_weight(dee, clinician, patient, regimen):
    data = prescription(
        regimen, rhythm="week", weekday="2", weeks_apart="1", basis="weight",
        mg_per_kg="1.5", weight_kg="70", reason="Still's disease",
    )  # fmt: skip
    response = dee.post(reverse("clinic-schedule", args=[patient.pk]), data, follow=True)
    version = ScheduleVersion.objects.latest("pk")
    assert (version.rrule, version.dose_mg, version.created_by) == (
        "FREQ=WEEKLY;BYDAY=WE",
        105,
        clinician,
    )
    page = words(response)
    assert "Anakinra (Kineret), 105 mg (1.5 mg per kg for 70 kg), every Wednesday" in page
    # No confirmation is asked of staff: they prescribe.
    assert not find_all(response, "input", name=f"r{regimen.pk}-prescribed")


def test_the_clinic_s_dose_above_the_limit_is_refused_beside_its_field(dee, patient, regimen):
    data = prescription(regimen, basis="weight", mg_per_kg="10", weight_kg="20")
    response = dee.post(reverse("clinic-schedule", args=[patient.pk]), data)
    assert response.status_code == 200
    assert field_error(response, f"id_r{regimen.pk}-mg_per_kg").startswith(
        "That is above 8 mg per kg a day"
    )
    assert ScheduleVersion.objects.count() == 1


def test_each_regimen_has_its_own_prescription_form(dee, clinician, patient, regimen):
    methotrexate = Medication.objects.create(
        short_name="methotrexate", name="Methotrexate", strength_mg=25, volume_ml=1
    )
    weekly = create_regimen(
        patient=patient, medication="methotrexate", dose_mg=Decimal("15"),
        rrule="FREQ=WEEKLY;BYDAY=FR", time_of_day=time(19, 0), time_zone="Europe/London",
        start_date=date(2026, 11, 6), created_by=clinician,
    )  # fmt: skip
    page = dee.get(reverse("clinic-patient", args=[patient.pk]))
    assert "Methotrexate, 15 mg, every Friday" in words(page)
    dee.post(
        reverse("clinic-schedule", args=[patient.pk]),
        prescription(weekly, time_of_day="20:00", rhythm="week", weekday="4", dose_mg="20"),
    )
    version = weekly.schedule_versions.latest("pk")
    assert (version.rrule, version.time_of_day, version.dose_mg) == (
        "FREQ=WEEKLY;BYDAY=FR",
        time(20, 0),
        20,
    )
    assert methotrexate.max_mg_per_kg_per_day is None
    assert regimen.schedule_versions.count() == 1


def test_a_patient_who_works_at_her_own_clinic_still_sets_her_time_of_day(
    client, clinic, patient, regimen
):
    """Her own clinic prescribes for her; the time of day stays hers."""
    ClinicStaff.objects.create(clinic=clinic, user=patient.user)
    client.force_login(patient.user)
    page = words(client.get(reverse("settings")))
    # As a patient of the clinic she is prescribed for, not prescribing for herself.
    assert "Your clinic prescribes it: ask them to change the dose or how often." in page
    response = client.post(
        reverse("settings"),
        {
            "regimen": regimen.pk,
            f"r{regimen.pk}-time_of_day": "09:00",
            f"r{regimen.pk}-time_zone": "Europe/London",
        },
    )
    assert response.status_code == 302
    assert regimen.schedule_versions.latest("pk").time_of_day == time(9, 0)


def test_a_schedule_change_without_a_time_keeps_the_input(dee, patient, regimen):
    response = dee.post(
        reverse("clinic-schedule", args=[patient.pk]),
        prescription(regimen, time_of_day="nine", reason="ward round"),
    )
    assert response.status_code == 200
    schedule = reverse("clinic-schedule", args=[patient.pk])
    assert "Enter a valid time." in words(response)
    assert value(response, f"r{regimen.pk}-time_of_day", schedule) == "nine"
    assert value(response, f"r{regimen.pk}-reason", schedule) == "ward round"
    assert ScheduleVersion.objects.count() == 1


def test_the_schedule_of_another_patient_cannot_be_named(dee, patient, other_patient):
    other = other_patient.regimens.get()
    response = dee.post(
        reverse("clinic-schedule", args=[patient.pk]),
        {
            "regimen": other.pk,
            "time_of_day": "09:00",
            "time_zone": "Europe/London",
            "rrule": "FREQ=DAILY",
        },
    )
    assert response.status_code == 404
    assert ScheduleVersion.objects.filter(regimen=other).count() == 1


def test_paused_doses_count_as_paused_not_missed(dee, clinician, patient, regimen, clock):
    give(patient, november(1, 10))
    assert table_rows(dee.get(DASHBOARD))["alice"].startswith("alice 47.6 % under 80 % 47.6 %")
    response = dee.post(
        reverse("clinic-pause", args=[patient.pk]),
        {
            "regimen": regimen.pk,
            "first_day": "2026-11-11",
            "last_day": "2026-11-20",
            "reason": "knee surgery",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("clinic-patient", args=[patient.pk])
    pause = TreatmentPause.objects.get()
    assert (pause.first_day, pause.last_day, pause.created_by) == (
        date(2026, 11, 11),
        date(2026, 11, 20),
        clinician,
    )
    clock.shift(LATER)
    review = dee.get(response.url)
    page = words(review)
    assert "Pause recorded: those doses count as paused, not missed." in page
    days = heatmap_cells(review)
    assert ("paused", "Wed 11 Nov: Paused") in days
    assert ("paused", "Fri 20 Nov: Paused") in days
    assert "11 Nov 2026 – 20 Nov 2026: knee surgery (dr-dee)" in page
    response = dee.get(DASHBOARD)
    [row] = response.context["page"].object_list
    assert (row.by_period[30].scheduled, row.by_period[30].missed) == (11, 0)
    assert row.missed_in_a_row == 0
    assert table_rows(response)["alice"].startswith("alice 90.9 % 90.9 % 90.9 % 0")


def test_a_pause_that_ends_before_it_starts_keeps_the_input(dee, patient, regimen):
    response = dee.post(
        reverse("clinic-pause", args=[patient.pk]),
        {
            "regimen": regimen.pk,
            "first_day": "2026-11-20",
            "last_day": "2026-11-11",
            "reason": "knee surgery",
        },
    )
    assert response.status_code == 200
    pause = reverse("clinic-pause", args=[patient.pk])
    assert "The pause ends before it starts" in words(response)
    assert value(response, "first_day", pause) == "2026-11-20"
    assert value(response, "last_day", pause) == "2026-11-11"
    assert value(response, "reason", pause) == "knee surgery"
    assert not TreatmentPause.objects.exists()


def test_a_pause_without_a_reason_asks_for_one_and_keeps_the_days(dee, patient, regimen):
    response = dee.post(
        reverse("clinic-pause", args=[patient.pk]),
        {"regimen": regimen.pk, "first_day": "2026-11-22", "last_day": ""},
    )
    assert "This field is required." in words(response)
    assert value(response, "first_day", reverse("clinic-pause", args=[patient.pk])) == "2026-11-22"
    assert not TreatmentPause.objects.exists()


def test_an_open_ended_pause_is_until_further_notice(dee, patient, regimen, clock):
    dee.post(
        reverse("clinic-pause", args=[patient.pk]),
        {"regimen": regimen.pk, "first_day": "2026-11-22", "reason": "infection"},
    )
    clock.shift(LATER)
    page = words(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert "22 Nov 2026 – until further notice: infection (dr-dee)" in page


def test_a_staff_member_who_is_also_the_patients_caregiver_opens_her_review(
    dee, clinician, patient
):
    CareLink.objects.create(patient=patient, caregiver=clinician)
    assert names(dee.get(DASHBOARD)) == ["alice"]
    assert dee.get(reverse("clinic-patient", args=[patient.pk])).status_code == 200


# A patient's review page


def heatmap(response):
    """The heatmap's picture: its description and its days."""
    return document(response).find("svg", role="img", aria_labelledby="heatmap-title")


def heatmap_cells(response) -> list[tuple[str, str]]:
    """Each day of the heatmap: its status, and the label the page gives it."""
    labels = [cell.find("title").text for cell in heatmap(response).find_all("rect")]
    cells = response.context["heatmap"]["cells"]
    assert labels == [cell["label"] for cell in cells]
    return [(cell["status"], cell["label"]) for cell in cells]


def test_the_patient_page_shows_a_heatmap_with_a_cell_per_day(dee, patient):
    give(patient, november(1, 10) + november(12, 20))
    response = dee.get(reverse("clinic-patient", args=[patient.pk]))
    assert response.status_code == 200
    cells = heatmap_cells(response)
    # Thirteen weeks, from the Monday on or before 90 days ago (17 August) to today.
    assert len(cells) == (TODAY - date(2026, 8, 17)).days + 1 == 97
    assert cells[0] == ("none", "Mon 17 Aug: no dose scheduled")
    assert ("taken", "Tue 10 Nov: Taken") in cells
    assert ("missed", "Wed 11 Nov: Missed") in cells
    assert cells[-1] == ("late", "Sat 21 Nov: Late")
    summary = heatmap(response).find("title", id="heatmap-title").text
    assert "Taken: 19" in summary and "Missed: 1" in summary and "Late: 1" in summary
    crosses = heatmap(response).find_all("path", class_="heat-cross")
    assert len(crosses) == 1  # the missed day is marked, not only coloured


def test_the_patient_page_shows_the_figures_site_use_and_flags(dee, population):
    carl = population.enrollments.get(patient__user__username="carl").patient
    response = dee.get(reverse("clinic-patient", args=[carl.pk]))
    assert heading(response) == "Review: carl"
    terms = document(response).find("dl")
    figures = {
        term.text: figure.text
        for term, figure in zip(terms.find_all("dt"), terms.find_all("dd"), strict=True)
    }
    assert figures["Adherence, 30 days"] == "90.5 %"
    assert figures["On time, 30 days"] == "85.7 %"
    assert "Site use: 19 injections in 13 weeks" in section(response, "sites-heading")
    recent = [
        mark
        for picture in find_all(response, "svg", role="img")
        for mark in picture.find_all("circle", class_="mark-recent")
        if mark.find_all("title")
    ]
    assert len(recent) == 19
    flagged = section(response, "flags-heading")
    assert "Fri 20 Nov 2026 Too close to an earlier injection." in flagged
    assert "Reason given: it already happened (entered by carl)" in flagged
    assert "Thu 19 Nov 2026 Outside the dose's time window." in flagged
    assert "Reason given: forgot, took it late (entered by carl)" in flagged


def test_the_heatmap_tells_a_dose_taken_late_from_one_on_time(dee, population):
    bob = population.enrollments.get(patient__user__username="bob").patient
    response = dee.get(reverse("clinic-patient", args=[bob.pk]))
    cells = heatmap_cells(response)
    assert ("taken", "Thu 5 Nov: Taken") in cells
    assert ("taken-late", "Fri 6 Nov: Taken late") in cells
    summary = heatmap(response).find("title", id="heatmap-title").text
    assert "Taken: 5" in summary and "Taken late: 5" in summary
    ticks = heatmap(response).find_all("path", class_="heat-tick")
    assert len(ticks) == 5  # marked, not only coloured
    legend = document(response).find("ul", class_="heatmap-legend").text
    assert "taken on time" in legend and "taken late" in legend


def test_the_heatmap_has_its_days_and_weeks_in_words_and_as_a_table(dee, population):
    bob = population.enrollments.get(patient__user__username="bob").patient
    response = dee.get(reverse("clinic-patient", args=[bob.pk]))
    days = element(response, "heatmap-days")
    assert [item.text for item in days.find_all("li")] == [
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"
    ]  # fmt: skip
    weeks = [item.text for item in element(response, "heatmap-weeks").find_all("li")]
    assert len(weeks) == 14  # a column a week, from Monday 17 August
    assert weeks[:3] == ["17 Aug", "", "31"]  # under every other week, the month once
    assert weeks[-2:] == ["9 Nov", ""]
    table = document(response).find("table", id="heatmap-table")
    rows = {row.find("th").text: [cell.text for cell in row.find_all("td")]
            for row in table.find("tbody").find_all("tr")}  # fmt: skip
    assert rows["2 Nov"] == ["Taken", "Taken", "Taken", "Taken", "Taken late", "Taken late",
                             "Taken late"]  # fmt: skip
    assert rows["17 Aug"] == ["—"] * 7
    assert rows["16 Nov"] == ["Missed"] * 5 + ["Late", ""]  # today, Saturday: not over


def test_the_patient_page_has_the_doses_week_by_week_next_to_the_scores(dee, population):
    bob = population.enrollments.get(patient__user__username="bob").patient
    response = dee.get(reverse("clinic-patient", args=[bob.pk]))
    working = section(response, "progress-heading")
    assert "Doses, week by week" in working and "Pain, stiffness and fatigue" in working
    weekly = response.context["weekly"]
    # The weeks of treatment of the "Is it working?" chart, from Sunday 1 November.
    assert [bar.first for bar in weekly.bars] == [date(2026, 11, 1), date(2026, 11, 8),
                                                  date(2026, 11, 15)]  # fmt: skip
    assert [row.week.first for row in response.context["chart"].rows] == [
        bar.first for bar in weekly.bars
    ]
    picture = document(response).find("svg", role="img", aria_labelledby="weekly-title")
    assert picture.find("title", id="weekly-title").text == (
        "Doses week by week over 3 weeks: on time, late, skipped and missed. Latest, week "
        "of 15 Nov: 0 of 7 doses taken, 6 missed, 1 still open."
    )
    table = document(response).find("table", id="weekly-table")
    head = [th.text for th in table.find("thead").find_all("th")]
    assert head == ["Week", "Due", "On time", "Late", "Skipped", "Missed", "Adherence",
                    "On time %"]  # fmt: skip
    rows = [[cell.text for cell in row.children] for row in table.find("tbody").find_all("tr")]
    assert rows == [
        ["1–7 Nov", "7", "5", "2", "0", "0", "100.0 %", "71.4 %"],
        ["8–14 Nov", "7", "0", "3", "0", "4", "42.9 %", "0.0 %"],
        ["15–21 Nov so far", "7", "0", "0", "0", "6", "0.0 %", "0.0 %"],
    ]
    labels = [item.text for item in element(response, "weekly-weeks").find_all("li")]
    assert labels == ["1 Nov", "8", "15"]


def test_the_site_map_rings_a_site_not_healed_and_says_so(dee, population):
    carl = population.enrollments.get(patient__user__username="carl").patient
    response = dee.get(reverse("clinic-patient", args=[carl.pk]))
    assert response.context["unhealed_count"] == 1
    sites = section(response, "sites-heading")
    assert "1 site not healed yet, ringed on the map." in sites
    rings = [mark for picture in find_all(response, "svg", role="img")
             for mark in picture.find_all("circle", class_="mark-unhealed")]  # fmt: skip
    assert [ring.find("title").text for ring in rings] == ["site reaction not yet healed"]
    descriptions = " ".join(desc.text for desc in find_all(response, "desc"))
    assert "site reaction not yet healed" in descriptions


def test_the_site_map_says_when_no_site_is_waiting_to_heal(dee, population):
    bob = population.enrollments.get(patient__user__username="bob").patient
    response = dee.get(reverse("clinic-patient", args=[bob.pk]))
    assert response.context["unhealed_count"] == 0
    assert "No site reaction waiting to heal." in section(response, "sites-heading")
    pictures = find_all(response, "svg", role="img")
    assert not [mark for picture in pictures for mark in picture.find_all(class_="mark-unhealed")]


def test_the_patient_page_shows_the_schedule_history(dee, patient):
    page = words(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert (
        "100 mg, every day at 08:00 (London time), from 1 Nov 2026: set by alice on "
        "21 Nov 2026 (regimen started)"
    ) in page
    assert "Treatment pauses None." in page
    assert "Flagged records None." in page


def test_the_schedule_history_names_the_zone_by_its_city_not_its_iana_name(dee, clinic):
    """As the patient's own settings do; "Europe/Madrid" is for machines."""
    rosa = enrol(clinic, "rosa", time_zone="Europe/Madrid")
    page = words(dee.get(reverse("clinic-patient", args=[rosa.pk])))
    assert "100 mg, every day at 08:00 (Madrid time), from 1 Nov 2026" in page
    assert "Europe/Madrid" not in page


def test_the_patient_page_links_to_the_check_in_and_every_record(dee, patient):
    shown = links(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert shown["Their check-in (log a dose you give)"] == reverse("patient", args=[patient.pk])
    assert shown["Every record"] == reverse("patient-history", args=[patient.pk])


# Urgent side effects and things to discuss


def effects(response) -> str:
    """The words of the patient page's side effects and things to discuss."""
    return section(response, "effects-heading")


def test_an_urgent_side_effect_flags_the_patient_until_staff_mark_it_seen(
    dee, clinician, patient, clock
):
    tested(patient)  # her blood test is not what flags her
    alice = Client()
    alice.force_login(patient.user)
    response = alice.post(reverse("add-side-effect"), {"kind": "rash", "started_on": "2026-11-20"})
    assert "Call your doctor now" in words(response)
    effect = SideEffect.objects.get()
    clock.shift(LATER)
    assert "1 urgent side effect" in table_rows(dee.get(DASHBOARD))["alice"]
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["alice"]
    review = dee.get(reverse("clinic-patient", args=[patient.pk]))
    assert "urgent Rash, since 20 Nov 2026 Mark as seen" in effects(review)
    seen = reverse("clinic-acknowledge", args=[effect.pk])
    form = document(review).find("form", action=seen)
    assert form.get("method") == "post"
    assert form.find("button").text.startswith("Mark as seen")

    response = dee.post(seen)
    assert response.status_code == 302
    assert response.url == reverse("clinic-patient", args=[patient.pk])
    effect.refresh_from_db()
    assert (effect.acknowledged_at, effect.acknowledged_by) == (NOW + LATER, clinician)
    clock.shift(LATER)
    review = dee.get(reverse("clinic-patient", args=[patient.pk]))
    assert "Marked as seen. It no longer flags this patient." in words(review)
    assert "urgent Rash, since 20 Nov 2026 seen by dr-dee on 21 Nov 12:00" in effects(review)
    assert "Mark as seen" not in effects(review)
    assert "urgent side effect" not in table_rows(dee.get(DASHBOARD))["alice"]
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == []
    assert "Rash, since 20 Nov 2026 seen by the clinic" in words(alice.get(reverse("health")))


def test_a_common_side_effect_is_listed_with_its_severity_but_not_flagged(dee, patient):
    record_side_effect(patient=patient, kind="headache", severity="severe", started_on=TODAY,
                       recorded_by=patient.user)  # fmt: skip
    assert "urgent" not in table_rows(dee.get(DASHBOARD))["alice"]
    listed = effects(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert listed == "Side effects and things to discuss Headache, severe, since 21 Nov 2026"


def test_something_else_unusual_is_listed_in_the_patient_s_words(dee, patient):
    record_side_effect(patient=patient, kind="other", described="itchy eyes", started_on=TODAY,
                       recorded_by=patient.user)  # fmt: skip
    listed = effects(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert listed == (
        "Side effects and things to discuss Something else unusual: itchy eyes, since 21 Nov 2026"
    )


def test_a_sinus_infection_recorded_as_common_before_now_flags_the_clinic(dee, patient):
    """Records of `sinusitis` keep their code and words; the kind is an infection now."""
    SideEffect.objects.create(patient=patient, kind="sinusitis", started_on=TODAY,
                              recorded_by=patient.user)  # as stored before issue 10  # fmt: skip
    assert "1 urgent side effect" in table_rows(dee.get(DASHBOARD))["alice"]
    listed = effects(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert "urgent Sinus or upper respiratory infection, since 21 Nov 2026 Mark as seen" in listed


def allergy(patient, **options):
    return record_side_effect(patient=patient, kind="allergy", started_on=TODAY,
                              recorded_by=patient.user, **options)  # fmt: skip


ALLERGY_FLAG = "1 sign of allergy, not yet seen: ask before the next dose"


def test_a_sign_of_allergy_has_its_own_flag_until_staff_mark_it_seen(dee, patient, clock):
    tested(patient)  # her blood test is not what flags her
    effect = allergy(patient)
    clock.shift(LATER)
    row = table_rows(dee.get(DASHBOARD))["alice"]
    assert ALLERGY_FLAG in row
    assert "urgent side effect" not in row  # counted once, under its own flag
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["alice"]
    review = dee.get(reverse("clinic-patient", args=[patient.pk]))
    assert (
        "allergy sign: next dose on hold Signs of allergy: short of breath, fast heartbeat, "
        "heavy sweating, since 21 Nov 2026 Mark as seen"
    ) in effects(review)
    [header, row] = export_rows(dee)
    exported = dict(zip(header, row, strict=True))
    assert (exported["urgent_side_effects"], exported["allergy_signs"]) == ("1", "1")

    dee.post(reverse("clinic-acknowledge", args=[effect.pk]))
    clock.shift(LATER)
    assert "allergy" not in table_rows(dee.get(DASHBOARD))["alice"]
    [header, row] = export_rows(dee)
    assert dict(zip(header, row, strict=True))["allergy_signs"] == "0"


def test_another_urgent_sign_keeps_the_urgent_flag_not_the_allergy_one(dee, patient):
    record_side_effect(patient=patient, kind="pneumonia", started_on=TODAY,
                       recorded_by=patient.user)  # fmt: skip
    row = table_rows(dee.get(DASHBOARD))["alice"]
    assert "1 urgent side effect" in row
    assert "allergy" not in row
    [header, exported] = export_rows(dee)
    assert dict(zip(header, exported, strict=True))["allergy_signs"] == "0"


def test_a_doctor_s_yes_ends_the_hold_but_not_the_clinic_s_flag(dee, patient, caregiver, clock):
    allergy(patient)
    record_doctor_said_yes(patient=patient, by=caregiver)
    clock.shift(LATER)
    assert ALLERGY_FLAG in table_rows(dee.get(DASHBOARD))["alice"]
    listed = effects(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert "next dose on hold" not in listed
    assert (
        "urgent Signs of allergy: short of breath, fast heartbeat, heavy sweating, since 21 "
        "Nov 2026 a doctor said the next dose could be taken, recorded by carol on 21 Nov 12:00"
    ) in listed


def test_open_things_to_discuss_flag_the_patient_until_unticked(dee, patient, clock):
    set_doctor_topics(patient=patient, topics={"infection", "surgery"})
    clock.shift(LATER)
    assert "2 things to discuss" in table_rows(dee.get(DASHBOARD))["alice"]
    listed = effects(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert "to discuss An infection, since 21 Nov 2026" in listed
    assert "to discuss Planned surgery, dental surgery included, since 21 Nov 2026" in listed
    set_doctor_topics(patient=patient, topics=set())
    clock.shift(LATER)
    assert "to discuss" not in table_rows(dee.get(DASHBOARD))["alice"]
    assert "None." in effects(dee.get(reverse("clinic-patient", args=[patient.pk])))


def test_marking_seen_twice_keeps_who_saw_it_first(dee, clinician, patient, clock):
    effect = record_side_effect(
        patient=patient, kind="allergy", started_on=TODAY, recorded_by=patient.user
    )
    nurse = get_user_model().objects.create_user("nurse-nia", password=PASSWORD)
    ClinicStaff.objects.create(clinic=patient.enrollments.get().clinic, user=nurse)
    dee.post(reverse("clinic-acknowledge", args=[effect.pk]))
    clock.shift(LATER)
    dee.force_login(nurse)
    assert dee.post(reverse("clinic-acknowledge", args=[effect.pk])).status_code == 302
    effect.refresh_from_db()
    assert (effect.acknowledged_at, effect.acknowledged_by) == (NOW, clinician)


@pytest.mark.parametrize("who", ["patient", "caregiver", "other-clinic", "outsider"])
def test_only_the_patients_clinic_can_mark_a_side_effect_seen(
    client, patient, clinic, caregiver, outsider, who
):
    effect = record_side_effect(
        patient=patient, kind="rash", started_on=TODAY, recorded_by=patient.user
    )
    if who == "other-clinic":
        user = get_user_model().objects.create_user("dr-elsewhere", password=PASSWORD)
        ClinicStaff.objects.create(clinic=Clinic.objects.create(name="Dermatology"), user=user)
    else:
        user = {"patient": patient.user, "caregiver": caregiver, "outsider": outsider}[who]
    client.force_login(user)
    assert client.post(reverse("clinic-acknowledge", args=[effect.pk])).status_code == 404
    effect.refresh_from_db()
    assert effect.acknowledged_at is None


def test_marking_seen_refuses_get_and_an_unknown_side_effect(dee, patient):
    effect = record_side_effect(
        patient=patient, kind="rash", started_on=TODAY, recorded_by=patient.user
    )
    assert dee.get(reverse("clinic-acknowledge", args=[effect.pk])).status_code == 405
    assert dee.post(reverse("clinic-acknowledge", args=[effect.pk + 1])).status_code == 404
    effect.refresh_from_db()
    assert effect.acknowledged_at is None


# Medicines and blood tests (issue 10, items 7 and 8)


def row_of(response, username: str):
    """The review's row of one patient, as the view handed it to the page."""
    [row] = [r for r in response.context["page"].object_list if r.patient.user.username == username]
    return row


def health(response) -> str:
    """The words of the patient page's medicines and blood tests."""
    return section(response, "health-heading")


def review_page(client, patient):
    return client.get(reverse("clinic-patient", args=[patient.pk]))


def test_a_biologic_flags_the_patient_naming_the_medicine(dee, clinic, patient):
    """The leaflet: a TNF blocker with anakinra is not recommended; anakinra a second
    time is a double course. Methotrexate (tell the doctor) is not a biologic."""
    tested(patient)
    add_other_medicine(patient=patient, name="Enbrel")
    add_other_medicine(patient=patient, name="Kineret")
    bob = enrol(clinic, "bob")
    tested(bob)
    add_other_medicine(patient=bob, name="methotrexate")

    response = dee.get(DASHBOARD)

    enbrel = "Enbrel, a TNF blocker: not recommended with anakinra"
    kineret = "Kineret: anakinra again, already injected with medtrack"
    rows = table_rows(response)
    assert enbrel in rows["alice"] and kineret in rows["alice"]
    assert "not recommended" not in rows["bob"] and "methotrexate" not in rows["bob"]
    alice = row_of(response, "alice")
    assert [item.medicine.name for item in alice.biologics] == ["Enbrel", "Kineret"]
    assert (alice.flagged, row_of(response, "bob").flagged) == (True, False)
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["alice"]
    assert enbrel in health(review_page(dee, patient))
    assert kineret in health(review_page(dee, patient))
    assert "not recommended" not in health(review_page(dee, bob))


def test_a_biologic_taken_off_the_list_no_longer_flags_the_patient(dee, patient, clock):
    tested(patient)
    humira, _match = add_other_medicine(patient=patient, name="Humira")
    assert "Humira, a TNF blocker" in table_rows(dee.get(DASHBOARD))["alice"]
    remove_other_medicine(medicine=humira, now=NOW)
    clock.shift(LATER)
    assert "Humira" not in table_rows(dee.get(DASHBOARD))["alice"]
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == []


def test_a_low_neutrophil_count_flags_the_patient_with_its_value_and_date(dee, clinic, patient):
    tested(patient)
    tested(patient, date(2026, 11, 20), neutrophils="0.4")
    bob = enrol(clinic, "bob")
    tested(bob, START, neutrophils="0.9")
    tested(bob, date(2026, 11, 15), neutrophils="2.2")  # back to normal: his latest
    cleo = enrol(clinic, "cleo")
    tested(cleo, START, neutrophils="1.5")  # 1.5 itself is not low

    response = dee.get(DASHBOARD)

    low = "neutrophils low: 0.40 ×10⁹/L on 20 Nov 2026"
    rows = table_rows(response)
    assert low in rows["alice"]
    assert "neutrophils low" not in rows["bob"] and "neutrophils low" not in rows["cleo"]
    alice = row_of(response, "alice")
    assert (alice.low_count.neutrophils, alice.low_count.taken_on) == (
        Decimal("0.4"),
        date(2026, 11, 20),
    )
    assert row_of(response, "bob").low_count is None
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["alice"]
    assert "Neutrophils low: 0.40 ×10⁹/L on 20 Nov 2026" in health(review_page(dee, patient))
    assert "Neutrophils low" not in health(review_page(dee, bob))


def test_an_overdue_blood_test_shows_on_the_review_with_its_due_date(dee, clinic, patient):
    """Alice started on 1 November and has had no blood test: the one before starting
    is overdue. Bob had his; cleo starts today, and a test due today is not overdue."""
    bob = enrol(clinic, "bob")
    tested(bob)
    cleo = enrol(clinic, "cleo", start_date=TODAY)

    response = dee.get(DASHBOARD)

    rows = table_rows(response)
    assert "blood test overdue, due 1 Nov 2026" in rows["alice"]
    assert "overdue" not in rows["bob"] and "overdue" not in rows["cleo"]
    assert [(row_of(response, name).next_test_due, row_of(response, name).test_overdue)
            for name in ("alice", "bob", "cleo")] == [
        (START, True), (date(2026, 12, 1), False), (TODAY, False),
    ]  # fmt: skip
    assert names(dee.get(DASHBOARD, {"show": "flagged"})) == ["alice"]
    assert "Blood test overdue, due 1 Nov 2026" in health(review_page(dee, patient))
    assert health(review_page(dee, bob)) == (
        "Medicines and blood tests Next blood test due 1 Dec 2026"
    )
    assert "overdue" not in health(review_page(dee, cleo))


def test_an_overdue_test_is_counted_in_the_patients_own_day(dee, clinic, patient, clock):
    """At 23:30 in London on 1 November it is already the 2nd in Auckland: Kiri's test
    before starting (the 1st) is overdue there, alice's not yet."""
    kiri = enrol(clinic, "kiri", time_zone="Pacific/Auckland")
    clock.move_to(datetime(2026, 11, 1, 23, 30, tzinfo=UTC))
    response = dee.get(DASHBOARD)
    assert row_of(response, kiri.user.username).test_overdue
    assert not row_of(response, "alice").test_overdue


def test_the_csv_carries_the_medicine_and_blood_test_flags(dee, clinic, patient):
    tested(patient, START, neutrophils="0.4")
    add_other_medicine(patient=patient, name="Enbrel")
    add_other_medicine(patient=patient, name="Orencia")
    enrol(clinic, "bob")  # no test yet: overdue

    rows = export_rows(dee)

    header = rows[0]
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    wanted = ["biologics", "low_neutrophils", "low_neutrophils_taken_on", "blood_test_due",
              "blood_test_overdue"]  # fmt: skip
    assert [by_name["alice"][column] for column in wanted] == [
        "Enbrel; Orencia", "0.40", "2026-11-01", "2026-12-01", "0",
    ]  # fmt: skip
    assert [by_name["bob"][column] for column in wanted] == ["", "", "", "2026-11-01", "1"]


# The query budget


def patients_with_a_year(clinic, count: int, start: int):
    """`count` patients who started a year ago and took almost every daily dose; one in
    three takes Enbrel beside it, one in four had a low count at their last test."""
    doses, medicines, results = [], [], []
    for n in range(start, start + count):
        patient = enrol(clinic, f"y{n:03}", start_date=TODAY - timedelta(days=365))
        regimen = patient.regimens.get()
        if n % 3 == 0:
            medicines += [OtherMedicine(patient=patient, name="Enbrel", added_at=NOW)]
        results += [
            LabResult(patient=patient, taken_on=TODAY - timedelta(days=days), recorded_at=NOW,
                      neutrophils=Decimal("1.1" if n % 4 == 0 and days == 30 else "3.0"),
                      recorded_by=patient.user)
            for days in (365, 335, 305, 275, 185, 95, 30)
        ]  # fmt: skip
        for d in range(365, 0, -1):
            if d % 30 == n % 30:
                continue  # a missed dose now and then
            day = TODAY - timedelta(days=d)
            taken_at = datetime.combine(day, time(8, 0), tzinfo=LONDON)
            doses.append(
                Dose(
                    patient=patient,
                    regimen=regimen,
                    slot_date=day,
                    status="taken",
                    taken_at=taken_at,
                    dose_mg=Decimal(100),
                    region="thigh",
                    side="left",
                    x_mm=(d % 5) * 30,
                    y_mm=(d % 7) * 30,
                    administered_by="self",
                    entered_by=patient.user,
                    entered_at=taken_at + timedelta(minutes=1),
                )
            )
    Dose.objects.bulk_create(doses, batch_size=1000)
    OtherMedicine.objects.bulk_create(medicines, batch_size=1000)
    LabResult.objects.bulk_create(results, batch_size=1000)


def dashboard_queries(client) -> tuple[CaptureQueriesContext, object]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return context, response


def test_the_review_reads_as_many_queries_for_sixty_patients_as_for_five(client, db):
    clinic = Clinic.objects.create(name="Rheumatology")
    staff = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=clinic, user=staff)
    client.force_login(staff)
    patients_with_a_year(clinic, 5, start=0)
    few, response = dashboard_queries(client)
    assert len(names(response)) == 5
    patients_with_a_year(clinic, 55, start=5)
    many, response = dashboard_queries(client)
    assert response.context["page"].paginator.count == 60
    assert len(names(response)) == 50
    assert Dose.objects.count() > 60 * 350
    shown = response.context["page"].object_list
    assert any(row.biologics for row in shown) and any(row.low_count for row in shown)
    assert len(many.captured_queries) == len(few.captured_queries), [
        query["sql"] for query in many.captured_queries
    ]


def test_the_csv_counts_doses_too_soon_and_extra_doses(dee, clinic, patient, clock):
    # Measured: the review showed them, the CSV had no column for either.
    give(patient, november(19, 21), at=time(8, 0))
    tested(patient)
    Dose.objects.filter(patient=patient, slot_date=date(2026, 11, 20)).update(
        flags=["too_soon"], reason="travelled east"
    )
    record_dose(
        regimen=patient.regimens.get(), taken_at=NOW - timedelta(hours=3),
        site=Site("abdomen", "", 30, 30), administered_by="self", entered_by=patient.user,
        extra=True, override_reason="a second syringe by mistake", now=NOW - timedelta(hours=3),
    )  # fmt: skip
    [header, row] = export_rows(dee)
    exported = dict(zip(header, row, strict=True))
    assert (exported["too_soon"], exported["extra_doses"]) == ("1", "1")


def test_a_new_dose_applies_from_the_next_dose_and_today_s_stays_as_it_was(
    dee, patient, regimen, client, clock
):
    # Found in review: the check-in said the new dose while today's was the old one.
    dee.post(reverse("clinic-schedule", args=[patient.pk]), prescription(regimen, dose_mg="200"))
    clock.shift(LATER)
    client.force_login(patient.user)
    checkin = words(client.get(reverse("home")))
    assert "anakinra 100 mg" in checkin
    assert "anakinra 200 mg" not in checkin
    regimen.refresh_from_db()
    assert regimen.dose_on(TODAY) == 100
    assert regimen.dose_on(TODAY + timedelta(days=1)) == 200


def test_the_patient_page_lists_the_unhealed_reaction_the_review_flags(dee, population):
    """The review flags carl's unhealed reaction; his page says what and where, where
    it once said "None" (issue 12)."""
    carl = population.enrollments.get(patient__user__username="carl").patient
    effects = section(dee.get(reverse("clinic-patient", args=[carl.pk])), "effects-heading")
    assert "not healed Site reaction: Redness (mild) at" in effects
    assert "since 19 Nov 2026" in effects and "None." not in effects  # NOW less 2 days

    SiteReaction.objects.update(resolved_at=NOW)
    effects = section(dee.get(reverse("clinic-patient", args=[carl.pk])), "effects-heading")
    assert "Site reaction" not in effects and "None." in effects
