"""check_site, suggest_site, slot_status, adherence, create_patient and seed_demo
answer with DESIGN §8's field names."""

import json
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import override_settings

from injections.exports.csvlog import FIELDS, read_rows
from injections.models import Dose, DoseRevision, Patient, SiteCheck, SiteReaction
from injections.reading.facts import past_injections
from injections.rules.checkin import site_question
from injections.rules.geometry import Site
from injections.rules.sites import clearance_mm
from injections.services.doses import record_dose, skip_slot, void_dose
from injections.services.importing import import_doses
from tests.conftest import PASSWORD

# 2026-11-03 08:30 in London (GMT): the 08:00 dose is due.
DUE = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--json"))


def take(regimen, at, x_mm=60, y_mm=100, region="thigh", side="left"):
    return record_dose(
        regimen=regimen,
        taken_at=at,
        site=Site(region, side, x_mm, y_mm),
        administered_by="self",
        entered_by=regimen.patient.user,
        now=at,
    )


def test_check_site_lists_nothing_for_a_fine_site(patient):
    args = ("check_site", "--patient", "alice", "--region", "thigh", "--side", "left")
    assert run_json(*args, "--x", "6", "--y", "10", "--at", DUE.isoformat()) == []


def test_check_site_names_the_closest_injection_and_its_distance(regimen):
    take(regimen, datetime(2026, 11, 2, 8, 0, tzinfo=UTC))
    violations = run_json(
        "check_site", "--patient", "alice", "--region", "thigh", "--side", "left",
        "--x", "6", "--y", "11.4", "--at", DUE.isoformat(),
    )  # fmt: skip
    assert [v["code"] for v in violations] == ["too_close"]
    assert violations[0]["distance_cm"] == 1.4
    assert violations[0]["closest_at"] == "2026-11-02T08:00:00+00:00"
    assert (
        "1.4 cm from yesterday's injection at 08:00; keep at least 2.5 cm"
        in (violations[0]["message"])
    )


def test_check_site_refuses_arms_for_self_but_not_for_a_caregiver(patient):
    args = ("check_site", "--patient", "alice", "--region", "upper_arm", "--side", "left",
            "--x", "4", "--y", "6", "--at", DUE.isoformat())  # fmt: skip
    assert [v["code"] for v in run_json(*args)] == ["region_not_allowed"]
    assert run_json(*args, "--by", "caregiver") == []


def test_check_site_in_words(patient):
    out = run("check_site", "--patient", "alice", "--region", "abdomen",
              "--x", "12", "--y", "8", "--at", DUE.isoformat())  # fmt: skip
    assert out.startswith("outside_region: too near the navel")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--patient", "nobody"], "no patient with the username “nobody”"),
        (["--region", "knee"], "unknown region “knee”"),
        (["--x", "3.25"], "at most one decimal"),
        (["--side", "left", "--region", "abdomen"], "the abdomen has no side"),
        (["--at", "yesterday"], "not an ISO 8601 time"),
    ],
)
def test_check_site_explains_bad_input(patient, args, message):
    base = {"--patient": "alice", "--region": "thigh", "--side": "left", "--x": "3", "--y": "3"}
    pairs = dict(zip(args[::2], args[1::2], strict=True))
    argv = [item for key, value in (base | pairs).items() for item in (key, value)]
    with pytest.raises(CommandError, match=message):
        run("check_site", *argv)


def test_suggest_site_gives_region_side_coordinates_and_reason(patient):
    suggestions = run_json("suggest_site", "--patient", "alice", "--at", DUE.isoformat())
    # Where each region has the most room (DESIGN §4): clear of the navel's disc on
    # the abdomen, 6 cm from both sides of a thigh.
    assert suggestions == [
        {"region": "abdomen", "side": "", "x_cm": 4.0, "y_cm": 4.0,
         "reason": "abdomen: not used yet"},
        {"region": "thigh", "side": "left", "x_cm": 6.0, "y_cm": 6.0,
         "reason": "thigh left: not used yet"},
        {"region": "thigh", "side": "right", "x_cm": 6.0, "y_cm": 6.0,
         "reason": "thigh right: not used yet"},
    ]  # fmt: skip


def test_suggest_site_offers_arms_and_buttocks_when_someone_else_injects(regimen):
    take(
        regimen,
        datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        region="abdomen",
        side="",
        x_mm=120,
        y_mm=30,
    )
    suggestions = run_json("suggest_site", "--patient", "alice", "--by", "caregiver",
                           "--at", DUE.isoformat())  # fmt: skip
    assert [(s["region"], s["side"]) for s in suggestions] == [
        ("thigh", "left"),
        ("thigh", "right"),
        ("upper_arm", "left"),
    ]


def test_suggest_site_at_an_earlier_instant_ignores_later_doses(regimen):
    take(
        regimen,
        datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
        region="abdomen",
        side="",
        x_mm=120,
        y_mm=30,
    )
    before = run_json("suggest_site", "--patient", "alice", "--at", "2026-11-02T09:00:00+00:00")
    assert before[0]["reason"] == "abdomen: not used yet"


# --at asks about the log as it stands now; --as-recorded replays it as it stood then
# (DESIGN §8). The history here is imported on 1 December: entered after every
# instant asked about.

IMPORTED = [
    "2026-11-02T08:05:00+00:00,2026-11-02,anakinra,100,thigh,left,6,6,self,taken,,",
    ",2026-11-03,anakinra,100,,,,,,skipped,fever,",
    "2026-11-04T08:10:00+00:00,2026-11-04,anakinra,100,abdomen,,4,4,self,taken,,",
]


@pytest.fixture
def imported(regimen):
    text = "\n".join([",".join(FIELDS), *IMPORTED]) + "\n"
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=UTC), tick=False):
        import_doses(patient=regimen.patient, rows=read_rows(StringIO(text, newline="")),
                     entered_by=regimen.patient.user)  # fmt: skip
    return regimen


def test_suggest_site_at_a_past_instant_answers_from_an_imported_history(imported):
    at = "2026-11-04T09:00:00+00:00"
    suggestions = run_json("suggest_site", "--patient", "alice", "--at", at)
    assert [s["reason"] for s in suggestions] == [
        "thigh right: not used yet",
        "thigh left: last used 2 days ago",
        "abdomen: last used today",
    ]
    # As the log stood then, nothing had been entered yet.
    replayed = run_json("suggest_site", "--patient", "alice", "--at", at, "--as-recorded")
    assert [s["reason"] for s in replayed] == [
        "abdomen: not used yet",
        "thigh left: not used yet",
        "thigh right: not used yet",
    ]


def test_check_site_at_a_past_instant_sees_an_imported_injection(imported):
    args = ("check_site", "--patient", "alice", "--region", "abdomen", "--x", "5", "--y", "4",
            "--at", "2026-11-04T12:00:00+00:00")  # fmt: skip
    assert [v["code"] for v in run_json(*args)] == ["too_close"]
    assert run_json(*args, "--as-recorded") == []


def test_slot_status_at_a_past_instant_answers_from_an_imported_history(imported):
    def status(at, *more):
        [row] = run_json("slot_status", "--patient", "alice", "--at", at, *more)
        return row["slot_date"], row["status"], row["previous_status"]

    # A taken dose counts from its taken_at: due at 08:00, taken at 08:10.
    assert status("2026-11-04T08:00:00+00:00") == ("2026-11-04", "due", "skipped")
    assert status("2026-11-04T08:30:00+00:00") == ("2026-11-04", "taken", "skipped")
    # A skip counts from the moment its slot opens (05:00).
    assert status("2026-11-03T04:00:00+00:00") == ("2026-11-03", "upcoming", "taken")
    assert status("2026-11-03T06:00:00+00:00") == ("2026-11-03", "skipped", "taken")
    # As recorded then: nothing entered, so the slots stood open or missed.
    assert status("2026-11-04T08:30:00+00:00", "--as-recorded") == (
        "2026-11-04",
        "due",
        "missed",
    )


def test_as_recorded_a_void_made_later_is_not_yet_applied(regimen):
    dose = take(regimen, datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 11, 5, 12, 0, tzinfo=UTC), tick=False):
        void_dose(dose=dose, voided_by=regimen.patient.user, reason="entered for the wrong day")
    at = ("--at", "2026-11-03T09:00:00+00:00")
    [now] = run_json("slot_status", "--patient", "alice", *at)
    [then] = run_json("slot_status", "--patient", "alice", *at, "--as-recorded")
    assert (now["status"], then["status"]) == ("due", "taken")


def test_slot_status_reports_the_open_slot_with_design_field_names(patient):
    rows = run_json("slot_status", "--patient", "alice", "--at", DUE.isoformat())
    assert rows == [
        {
            "medication": "anakinra",
            "slot_date": "2026-11-03",
            "scheduled_at": "2026-11-03T08:00:00+00:00",
            "status": "due",
            "opens_at": "2026-11-03T05:00:00+00:00",
            "closes_at": "2026-11-03T20:00:00+00:00",
            "previous_status": "missed",
            "message": "anakinra 100 mg is due now: take it by 10:00 to be on time.",
        }
    ]


def test_slot_status_after_the_window_reports_the_next_slot_as_upcoming(regimen):
    take(regimen, datetime(2026, 11, 3, 8, 0, tzinfo=UTC))
    rows = run_json("slot_status", "--patient", "alice", "--at", "2026-11-03T21:00:00+00:00")
    assert rows[0]["slot_date"] == "2026-11-04"
    assert rows[0]["status"] == "upcoming"
    assert rows[0]["previous_status"] == "taken"


def test_slot_status_in_words_after_a_taken_dose(regimen):
    take(regimen, datetime(2026, 11, 3, 8, 10, tzinfo=UTC))
    out = run("slot_status", "--patient", "alice", "--at", "2026-11-03T09:00:00+00:00")
    assert out.strip() == (
        "anakinra 100 mg taken at 08:10 in the thigh left, given by alice."
    )


def test_slot_status_shows_times_in_the_regimen_time_zone(db):
    from tests.conftest import make_patient

    make_patient("tokyo", time_zone="Asia/Tokyo")
    rows = run_json("slot_status", "--patient", "tokyo", "--at", "2026-11-03T00:00:00+00:00")
    assert rows[0]["scheduled_at"] == "2026-11-03T08:00:00+09:00"
    assert rows[0]["status"] == "due"


def test_adherence_counts_match_the_dose_log(regimen):
    # Four slots by Nov 4 21:00: Nov 1 on time, Nov 2 late, Nov 3 skipped, Nov 4 missed.
    take(regimen, datetime(2026, 11, 1, 8, 0, tzinfo=UTC), x_mm=10, y_mm=10)
    take(regimen, datetime(2026, 11, 2, 11, 0, tzinfo=UTC), x_mm=50, y_mm=50)
    user = regimen.patient.user
    skip_slot(regimen=regimen, slot_date=date(2026, 11, 3), reason="fever", entered_by=user,
              now=datetime(2026, 11, 3, 7, tzinfo=UTC))  # fmt: skip
    rows = run_json("adherence", "--from", "2026-11-01", "--to", "2026-11-04",
                    "--at", "2026-11-04T21:00:00+00:00")  # fmt: skip
    assert rows == [
        {
            "patient": "alice",
            "medication": "anakinra",
            "scheduled": 4,
            "taken": 2,
            "on_time": 1,
            "skipped": 1,
            "missed": 1,
            "adherence_pct": 50.0,
            "on_time_pct": 25.0,
        }
    ]


def test_adherence_writes_csv_with_one_row_per_patient_and_regimen(patient, other_patient):
    out = run("adherence", "--from", "2026-11-01", "--to", "2026-11-02",
              "--at", "2026-11-02T21:00:00+00:00")  # fmt: skip
    assert out.splitlines() == [
        "patient,medication,scheduled,taken,on_time,skipped,missed,adherence_pct,on_time_pct",
        "alice,anakinra,2,0,0,0,2,0.0,0.0",
        "bob,anakinra,2,0,0,0,2,0.0,0.0",
    ]


def test_adherence_of_one_patient_before_anything_is_scheduled(patient):
    rows = run_json("adherence", "--from", "2026-12-01", "--to", "2026-12-31",
                    "--patient", "alice", "--at", DUE.isoformat())  # fmt: skip
    assert rows[0]["scheduled"] == 0
    assert rows[0]["adherence_pct"] is None


def test_adherence_refuses_a_period_that_ends_before_it_starts(db):
    with pytest.raises(CommandError, match="before"):
        run("adherence", "--from", "2026-12-01", "--to", "2026-11-01")


def test_create_patient_with_defaults(db, settings):
    settings.TIME_ZONE = "Europe/Madrid"
    with time_machine.travel(DUE, tick=False):
        out = run("create_patient", "frank", "--password", PASSWORD)
    assert out.strip() == (
        "Created frank: anakinra 100 mg, FREQ=DAILY at 08:00 Europe/Madrid, from 2026-11-03"
    )
    regimen = Patient.objects.get(user__username="frank").regimens.get()
    assert regimen.dose_mg == 100
    assert regimen.medication.short_name == "anakinra"


def test_create_patient_with_every_option(db):
    summary = run_json("create_patient", "gina", "--email", "g@example.com", "--dose-mg", "50",
                       "--rrule", "FREQ=DAILY;INTERVAL=2", "--time", "21:30",
                       "--tz", "Australia/Sydney", "--start", "2026-12-01")  # fmt: skip
    assert summary == {
        "patient": "gina",
        "medication": "anakinra",
        "dose_mg": "50",
        "rrule": "FREQ=DAILY;INTERVAL=2",
        "time": "21:30",
        "tz": "Australia/Sydney",
        "start": "2026-12-01",
    }


@pytest.mark.parametrize(
    "args, message",
    [
        (["alice"], "already exists"),
        (["hank", "--tz", "Mars/Olympus"], "not a known time zone"),
        (["hank", "--rrule", "FREQ=HOURLY"], "FREQ must be DAILY or WEEKLY"),
        (["hank", "--medication", "aspirin"], "unknown medication “aspirin”"),
        (["hank", "--time", "8am"], "not a time of day"),
        (["hank", "--dose-mg", "lots"], "not a dose in mg"),
        (["hank", "--start", "tomorrow"], "not a date"),
    ],
)
def test_create_patient_explains_bad_input(patient, args, message):
    with pytest.raises(CommandError, match=message):
        run("create_patient", *args)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """seed_demo writes its file "from another app" in the current folder: a new one."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_seed_demo_refuses_when_debug_is_off(db):
    with pytest.raises(CommandError, match="DEBUG is off"):
        run("seed_demo")
    assert not Patient.objects.exists()


@override_settings(DEBUG=True, SITE_URL="http://127.0.0.1:8765")
def test_seed_demo_says_to_sign_in_where_the_site_is_served(db, in_tmp):
    """`make run PORT=8765` serves there and tells seed_demo (MEDTRACK_URL)."""
    out = run("seed_demo")
    assert "Sign in at http://127.0.0.1:8765/ as demo-patient" in out


@override_settings(DEBUG=True)
def test_seed_demo_creates_the_cast_with_weeks_of_history(db, in_tmp):
    with time_machine.travel(DUE, tick=False):
        out = run("seed_demo", "--password", "demo-pass-1234")
    assert "demo-patient, demo-caregiver, demo-clinician" in out
    assert "upload demo-from-another-app.csv" in out
    assert (in_tmp / "demo-from-another-app.csv").read_text().startswith(",".join(FIELDS))
    patient = Patient.objects.get(user__username="demo-patient")
    assert patient.user.check_password("demo-pass-1234")
    doses = Dose.objects.filter(patient=patient)
    assert doses.filter(status="taken").count() >= 20
    # One skipped at the time, one missed dose explained, one planned for next week.
    assert doses.filter(status="skipped").count() == 3
    assert doses.filter(status="skipped", slot_date__gt=DUE.date()).count() == 1
    assert DoseRevision.objects.filter(dose__patient=patient, action="corrected").count() == 1
    assert doses.exclude(flags=[]).exists()  # the override is flagged for review
    assert doses.filter(administered_by="caregiver", region="upper_arm").exists()
    # Every demo injection followed a suggestion, well inside its region: at least
    # 2 cm from every edge and from the navel's disc (issue 9: "full of corners").
    sites = [dose.site for dose in doses.filter(status="taken")]
    assert min(clearance_mm(site) for site in sites) >= 20
    assert patient.care_links.get().caregiver.username == "demo-caregiver"
    assert patient.enrollments.get().clinic.staff.get().user.username == "demo-clinician"
    # The stock shows the safety checks: one expired, one too warm, one good (refill).
    from injections.reading.supplies import supply

    stock = supply(patient, patient.regimens.get(), at=DUE, today=DUE.date())
    assert (stock.usable, stock.refill) == (1, True)
    assert sorted(state for _s, state in stock.unusable) == ["expired", "too_warm"]
    assert patient.other_medicines.get().name == "Methotrexate"


@override_settings(DEBUG=True)
def test_seed_demo_scores_ease_after_two_weeks_and_leave_today_to_the_check_in(db, in_tmp):
    from injections.reading.regimens import active_regimens
    from injections.reading.scores import progress

    with time_machine.travel(DUE, tick=False):
        run("seed_demo")
    patient = Patient.objects.get(user__username="demo-patient")
    rows = progress(patient, at=DUE, today=DUE.date(), regimens=list(active_regimens(patient))).rows
    assert [row.week.number for row in rows] == [1, 2, 3, 4, 5]
    first, second, _third, fourth, _today = rows
    for scale in ("pain", "stiffness", "fatigue"):
        assert first.scores.of(scale) - fourth.scores.of(scale) >= 2, scale
        assert abs(first.scores.of(scale) - second.scores.of(scale)) < 1, scale
    assert not patient.daily_scores.filter(day=DUE.date()).exists()


@override_settings(DEBUG=True)
def test_seed_demo_records_the_look_of_the_healing_site_so_the_check_in_does_not_ask(db, in_tmp):
    with time_machine.travel(DUE, tick=False):
        run("seed_demo")
    patient = Patient.objects.get(user__username="demo-patient")
    reaction = SiteReaction.objects.get(dose__patient=patient, resolved_at__isnull=True)
    assert reaction.kind == "redness"
    assert SiteCheck.objects.get(dose=reaction.dose).fine is False
    assert site_question(past_injections(patient, at=DUE), at=DUE) is None


@override_settings(DEBUG=True)
def test_seed_demo_twice_changes_nothing(db, in_tmp):
    with time_machine.travel(DUE, tick=False):
        run("seed_demo")
        count = Dose.objects.count()
        out = run("seed_demo")
    assert "already there" in out
    assert Dose.objects.count() == count


def test_seed_demo_with_force_runs_without_debug(db, in_tmp):
    with time_machine.travel(DUE + timedelta(days=1), tick=False):
        run("seed_demo", "--force")
    assert Patient.objects.filter(user__username="demo-patient").exists()


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_visit_report_something_under_every_heading(db, in_tmp):
    """The demo's visit report runs from the visit at which the treatment started,
    and has a figure, a late dose, a reaction, a side effect, a medicine, a blood
    test, a flag, a prescription and scores to show."""
    from django.test import Client

    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        run("seed_demo")
        patient = Patient.objects.get(user__username="demo-patient")
        client = Client()
        client.force_login(patient.user)
        page = client.get("/history/report/").context["page"]
    report = page.report
    assert report.last_visit.day == report.first == patient.regimens.get().start_date
    assert report.counts.adherence_pct is not None and report.counts.late >= 1
    assert report.reactions and report.side_effects and report.medicines
    assert report.lab_results and report.flagged and report.schedule_changes
    assert report.scored


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_clinic_a_patient_who_is_slipping(db, in_tmp):
    from injections.models import Clinic
    from injections.reading.adherence import recent_weeks
    from injections.reading.review import clinic_patients, review

    with time_machine.travel(DUE, tick=False):
        run("seed_demo")
    clinic = Clinic.objects.get()
    rows = {row.patient.user.username: row for row in review(clinic_patients(clinic), at=DUE)}
    assert set(rows) == {"demo-patient", "demo-slipping"}
    slipping = rows["demo-slipping"]
    assert slipping.adherent is False and rows["demo-patient"].adherent is True
    assert not slipping.patient.user.has_usable_password()  # no sign-in: read about
    weeks = recent_weeks([slipping.patient], at=DUE)[slipping.patient.pk]
    # All taken for nine weeks, late ones from the seventh; then fewer and fewer.
    assert [week.counts.adherence_pct for week in weeks[:9]] == [100] * 9
    assert [week.counts.late > 0 for week in weeks[:9]] == [False] * 5 + [True] * 4
    assert weeks[9].counts.adherence_pct > weeks[10].counts.adherence_pct > 40
    assert weeks[11].counts.adherence_pct < 50
