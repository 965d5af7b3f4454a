"""The visit report (issue 12, item 1): a page to print and a PDF on A4 or Letter,
for the patient from their History and for the clinic from the patient's review,
over a chosen period that defaults to the last visit or 90 days.

Alice injects anakinra daily at 08:00 London from Sunday 1 November 2026. It is
Friday 20 November 2026, 12:00 (GMT).
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from injections.models import Dose, Visit
from injections.rules.geometry import Site
from injections.services import clinics
from injections.services.doses import record_dose, skip_slot
from injections.services.health import add_other_medicine, record_lab_result, record_side_effect
from injections.services.patients import record_pause
from injections.services.scores import record_scores
from injections.services.skin import record_site_check
from tests.conftest import make_patient, signed_in
from tests.views.pages import document, pdf_text, words

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
REPORT, PDF = reverse("report"), reverse("report-pdf")

pytestmark = pytest.mark.clock(NOW)


def site_of(day: int) -> Site:
    """Left thigh on odd days, right on even ones, on a grid 3.5 by 5 cm apart."""
    spot = day // 2
    return Site("thigh", "left" if day % 2 else "right", 25 + spot % 3 * 35, 30 + spot // 3 * 50)


def dose(regimen, day: int, *, late: bool = False):
    return record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, day, 12 if late else 8, 30 if late else 5, tzinfo=UTC),
        site=site_of(day),
        administered_by="self",
        entered_by=regimen.patient.user,
        override_reason="I overslept" if late else "",
    )


@pytest.fixture
def story(patient, regimen, clinic, clinician, clock):
    """Eighteen days: 1-10 on time but the 4th, taken at 12:30 (late); the 11th
    skipped (fever); the 12th missed; 13-19 on time; the 20th still open. A site
    reaction on the 13th's site, healed on the 16th; a headache from the 14th; an
    older rash from October, seen by the clinic on 2 November (before the report's
    period when it starts on the 5th); methotrexate on the list; a blood test on
    the 9th; scores on the 20th; a pause that never came (1-2 December)."""
    alice = patient.user
    for day in range(1, 11):
        dose(regimen, day, late=day == 4)
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 11), reason="fever", entered_by=alice)
    for day in range(13, 20):
        given = dose(regimen, day)
        if day == 13:
            record_site_check(
                dose=given, kinds=["redness"], recorded_by=alice,
                now=datetime(2026, 11, 14, 9, 0, tzinfo=UTC),
            )  # fmt: skip
            reaction = given.reactions.get()
            reaction.resolved_at = datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
            reaction.save()
    record_side_effect(
        patient=patient, kind="headache", severity="mild", started_on=date(2026, 11, 14),
        recorded_by=alice, note="in the afternoon",
    )  # fmt: skip
    rash = record_side_effect(
        patient=patient, kind="rash", started_on=date(2026, 10, 20), recorded_by=alice
    )
    rash.acknowledged_at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    rash.acknowledged_by = clinician
    rash.save()
    add_other_medicine(patient=patient, name="Methotrexate", dose="15 mg", how_often="weekly")
    record_lab_result(
        patient=patient, taken_on=date(2026, 11, 9), recorded_by=alice,
        neutrophils=Decimal("1.2"),
    )  # fmt: skip
    record_scores(patient=patient, day=date(2026, 11, 20), recorded_by=alice, pain=6, fatigue=3)
    record_pause(
        regimen=regimen, first_day=date(2026, 12, 1), last_day=date(2026, 12, 2),
        reason="dental surgery", created_by=clinician,
    )  # fmt: skip
    clock.shift(timedelta(minutes=1))  # the report is read a moment after it was all written
    return patient


def page_of(response):
    assert response.status_code == 200, response.content[:500]
    return response.context["page"]


# -- The period --


def test_without_a_visit_the_report_covers_the_last_90_days(alice, story):
    page = page_of(alice.get(REPORT))
    assert (page.report.first, page.report.last) == (date(2026, 8, 23), date(2026, 11, 20))
    assert "No visit recorded yet." in words(alice.get(REPORT))


def test_after_a_visit_the_report_starts_from_it(alice, story, clinic, clinician):
    clinics.record_visit(patient=story, clinic=clinic, day=date(2026, 11, 5), recorded_by=clinician)
    page = page_of(alice.get(REPORT))
    assert (page.report.first, page.report.last) == (date(2026, 11, 5), date(2026, 11, 20))
    assert "Last visit: 5 November 2026, Rheumatology." in words(alice.get(REPORT))


def test_a_withdrawn_visit_starts_no_report(alice, dee, story, clinic, clinician):
    visit = clinics.record_visit(
        patient=story, clinic=clinic, day=date(2026, 11, 5), recorded_by=clinician
    )
    response = dee.post(reverse("clinic-withdraw-visit", args=[visit.pk]))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.withdrawn_by == clinician  # kept, with who withdrew it
    assert page_of(alice.get(REPORT)).report.first == date(2026, 8, 23)


def test_a_chosen_period_is_reported_and_its_pdf_links_keep_it(alice, story):
    response = alice.get(REPORT, {"first": "2026-11-10", "last": "2026-11-12"})
    page = page_of(response)
    assert (page.report.first, page.report.last) == (date(2026, 11, 10), date(2026, 11, 12))
    links = [a.attrs["href"] for a in document(response).find_all("a", download=True)]
    assert links == [
        f"{PDF}?first=2026-11-10&last=2026-11-12&paper=a4",
        f"{PDF}?first=2026-11-10&last=2026-11-12&paper=letter",
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"first": "2026-11-12", "last": "2026-11-10"}, "first", "comes after the last"),
        ({"first": "2026-11-01", "last": "2026-11-21"}, "last", "days that have come"),
        ({"first": "2020-01-01", "last": "2026-11-20"}, "first", "at most 3 years"),
        ({"first": "next week", "last": "2026-11-20"}, "first", "Enter a valid date"),
        ({"first": "", "last": "2026-11-20"}, "first", "This field is required"),
        # A mistyped year is refused for itself (rules.days), before the period's rules.
        ({"first": "0001-01-01", "last": "9999-12-31"}, "last", "check the year"),
        ({"first": "0001-01-01", "last": "0001-01-02"}, "first", "check the year"),
    ],
)  # fmt: skip
def test_a_wrong_period_is_the_form_again_with_its_message_and_no_report(
    alice, story, query, field, message
):
    response = alice.get(REPORT, query)
    assert response.status_code == 400
    assert response.context["page"] is None
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = document(response)
    summary = page.find(id="error-summary")
    assert summary.attrs["role"] == "alert"
    assert message in words(response)
    # What was typed is still in the fields.
    assert page.find("input", id=f"id_report_{field}").attrs.get("value", "") == query[field]
    # The PDF of a wrong period is the same page, not a file.
    assert alice.get(PDF, query).status_code == 400


# -- What it tells --


def test_the_report_counts_the_period_on_time_late_skipped_and_missed(alice, story):
    page = page_of(alice.get(REPORT, {"first": "2026-11-01", "last": "2026-11-19"}))
    counts = page.report.counts
    assert (counts.scheduled, counts.taken, counts.on_time, counts.skipped, counts.missed) == (
        19, 17, 16, 1, 1,
    )  # fmt: skip
    assert page.report.counts.late == 1
    assert counts.adherence_pct == Decimal("89.5")
    marks = page.marks
    assert marks[date(2026, 11, 3)] == "on_time"
    assert marks[date(2026, 11, 4)] == "taken_late"
    assert marks[date(2026, 11, 11)] == "skipped"
    assert marks[date(2026, 11, 12)] == "missed"


def test_the_calendar_labels_each_day_in_words(alice, story):
    response = alice.get(REPORT, {"first": "2026-11-01", "last": "2026-11-20"})
    text = words(response)
    assert "November 2026" in text
    assert "Wednesday 4 November: Taken late" in text
    assert "Thursday 12 November: Missed" in text
    assert "Friday 20 November: Due" in text  # today's dose is still open at noon... late
    cells = document(response).find_all("td", class_="day-taken_late")
    assert len(cells) == 1


def test_the_report_lists_the_period_s_health_record(alice, story):
    response = alice.get(REPORT, {"first": "2026-11-05", "last": "2026-11-20"})
    page = page_of(response)
    text = words(response)
    # The site reaction with how long it lasted; the site use by place.
    assert (
        "Redness (mild) at thigh left at 2.5, 13 cm, noted 14 Nov 2026: healed after 3 days" in text
    )
    assert {use.label: use.count for use in page.site_use} == {"Thigh left": 7, "Thigh right": 6}
    # The headache begun in the period; not the rash, begun before and seen before.
    assert "Headache, mild, since 14 Nov 2026: in the afternoon" in text
    assert "Rash" not in text
    assert "Methotrexate, 15 mg, weekly" in text
    assert "Immunosuppressant" in text
    assert "9 Nov 2026" in text and "1.20 low" in text
    # The pause to come is not in the period; the prescription started before it either.
    assert "dental surgery" not in text
    assert "No scores" not in text and "week 3" in text


def test_the_report_of_a_period_before_treatment_says_nothing_happened(alice, story):
    response = alice.get(REPORT, {"first": "2026-10-01", "last": "2026-10-31"})
    page = page_of(response)
    assert page.report.counts.scheduled == 0
    assert page.report.counts.adherence_pct is None
    text = words(response)
    assert "No medicine scheduled in this period." in text
    assert "No injection in this period." in text
    assert "No scores were given in this period." in text
    # The rash began in October and was open then: it belongs to this period.
    assert "Rash, since 20 Oct 2026" in text


def test_the_report_shows_a_pause_and_a_prescription_change_in_its_period(
    alice, dee, story, regimen, clinician, clock
):
    clock.move_to(datetime(2026, 12, 3, 12, 0, tzinfo=UTC))
    text = words(alice.get(REPORT, {"first": "2026-11-25", "last": "2026-12-03"}))
    assert "Anakinra (Kineret) paused from 1 Dec 2026 to 2 Dec 2026: dental surgery" in text


def test_the_clinic_reads_the_report_of_its_patient_by_name(dee, story, patient):
    response = dee.get(reverse("clinic-report", args=[patient.pk]))
    page = page_of(response)
    assert page.own is False
    text = words(response)
    assert "Visit report: alice" in text
    assert "seen facing alice" in text
    assert f"{reverse('clinic-patient', args=[patient.pk])}" in response.content.decode()


def test_the_report_is_never_cached(alice, story):
    assert "no-store" in alice.get(REPORT)["Cache-Control"]
    assert "no-store" in alice.get(PDF)["Cache-Control"]


def test_the_queries_do_not_grow_with_the_period(alice, story):
    def count(query):
        with CaptureQueriesContext(connection) as queries:
            assert alice.get(REPORT, query).status_code == 200
        return len(queries)

    alice.get(REPORT)  # the session's once-a-minute refresh is not the report's to count
    assert count({"first": "2026-11-18", "last": "2026-11-20"}) == count(
        {"first": "2025-11-21", "last": "2026-11-20"}
    )


# -- The PDF --


def test_the_pdf_has_the_adherence_figure_and_every_side_effect_of_the_period(alice, story):
    response = alice.get(PDF, {"first": "2026-11-01", "last": "2026-11-19"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="medtrack-report-alice-2026-11-01-2026-11-19.pdf"'
    )
    text = pdf_text(response.content)
    assert "Adherence 89.5 %" in text or "89.5 %" in text
    assert "Headache, mild, since 14 Nov 2026" in text
    assert "Rash, since 20 Oct 2026" in text  # open on the 1st: seen by the clinic on the 2nd


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_pdf_is_made_on_the_paper_asked_for(alice, story, paper, size):
    response = alice.get(PDF, {"paper": paper})
    reader = PdfReader(__import__("io").BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == size


def test_a_year_of_history_is_reported_and_made_into_a_pdf(db, clock):
    """Yara has injected daily for a year, every dose at 08:05 and one a week late."""
    clock.move_to(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    yara = make_patient("yara", start_date=date(2025, 11, 20))
    regimen = yara.regimens.get()
    first = date(2025, 11, 20)
    doses = []
    for n in range(365):
        day = first + timedelta(days=n)
        hour = 12 if n % 7 == 3 else 8
        doses.append(
            Dose(
                patient=yara, regimen=regimen, slot_date=day, status="taken",
                taken_at=datetime(day.year, day.month, day.day, hour, 5, tzinfo=UTC),
                dose_mg=100, administered_by="self", region="abdomen", side="",
                x_mm=60 + n % 10 * 10, y_mm=40, entered_by=yara.user,
                entered_at=datetime(day.year, day.month, day.day, hour, 6, tzinfo=UTC),
            )
        )  # fmt: skip
    Dose.objects.bulk_create(doses)
    client = signed_in(yara.user)
    query = {"first": "2025-11-21", "last": "2026-11-19"}
    page = page_of(client.get(REPORT, query))
    assert page.report.counts.scheduled == 364
    assert page.report.counts.adherence_pct == Decimal("100.0")
    assert len(page.months) == 13
    assert page.report.counts.late == 52
    text = pdf_text(client.get(PDF, query).content)
    assert "100.0 %" in text
    assert "Abdomen 364" in text


# -- Visits --


def test_staff_record_a_visit_and_it_shows_on_the_review_page(dee, story, patient, clinician):
    response = dee.post(reverse("clinic-visit", args=[patient.pk]), {"day": "2026-11-19"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.day, visit.recorded_by, visit.clinic.name) == (
        date(2026, 11, 19), clinician, "Rheumatology",
    )  # fmt: skip
    text = words(dee.get(reverse("clinic-patient", args=[patient.pk])))
    assert "Visit on 19 Nov 2026 at Rheumatology, recorded by dr-dee" in text


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-11-21", "A visit is recorded once it has happened"),
        ("2020-01-01", "more than 3 years ago"),
        ("tomorrow", "Enter a valid date"),
    ],
)
def test_a_visit_on_a_wrong_day_is_refused_beside_its_field(dee, story, patient, day, message):
    response = dee.post(reverse("clinic-visit", args=[patient.pk]), {"day": day})
    assert response.status_code == 200
    assert message in " ".join(response.context["visit_form"].errors["day"])
    assert document(response).find(id="error-summary")
    assert document(response).find("input", id="id_visit_day").attrs["value"] == day
    assert not Visit.objects.exists()


def test_the_history_page_offers_the_report_to_the_patient_only(alice, carol, story, patient):
    assert reverse("report") in alice.get(reverse("history")).content.decode()
    history = carol.get(reverse("patient-history", args=[patient.pk]))
    assert history.status_code == 200
    assert reverse("report") not in history.content.decode()


def test_a_score_given_today_is_in_the_report_s_week_of_treatment(alice, story):
    """Alice scored pain 6 and fatigue 3 today, the 20th: week 3 of her treatment
    (15-21 November), still running."""
    response = alice.get(REPORT, {"first": "2026-11-15", "last": "2026-11-20"})
    (week,) = page_of(response).report.weeks
    assert week.week.number == 3 and week.current
    assert (week.scores.pain, week.scores.stiffness, week.scores.fatigue) == (
        Decimal("6.0"), None, Decimal("3.0"),
    )  # fmt: skip
    assert "week 3 15 Nov–21 Nov, so far 6.0 — 3.0 1" in words(response)


def test_the_pdf_is_in_the_readers_language(alice, story):
    """Issue 15: a Spanish reader's PDF is in Spanish, its figures written the Spanish way."""
    response = alice.get(
        PDF, {"first": "2026-11-01", "last": "2026-11-19"}, headers={"Accept-Language": "es"}
    )
    text = pdf_text(response.content)
    assert "89,5 %" in text
    assert "Adherence" not in text and "Adherencia" in text
