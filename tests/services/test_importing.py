"""services.importing.import_doses: all or nothing, history kept as it happened
(DESIGN §4, §5, §7)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from injections.exports.csvlog import FIELDS, read_log
from injections.models import AvoidZone, Dose, DoseRevision, ImportBatch, Medication, SiteReaction
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot, void_dose
from injections.services.importing import BATCH_SIZE, ImportRefused, import_doses
from injections.services.patients import create_regimen
from tests.conftest import make_patient

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.clock(NOW)


def row(day="2026-11-02", at="08:05", x="3", y="4", region="thigh", side="left", **values):
    """A taken dose at `at` London time (GMT in November), as a CSV line."""
    taken_at = f"{day}T{at}:00+00:00" if at else ""
    fields = dict(
        taken_at=taken_at, slot_date=day, medication="anakinra", dose_mg="100",
        region=region, side=side, x_cm=x, y_cm=y, administered_by="self",
        status="taken", reason="", notes="",
    ) | values  # fmt: skip
    return ",".join(fields[name] for name in FIELDS)


def skipped(day, reason="fever"):
    return f",{day},anakinra,,,,,,,skipped,{reason},"


def load(patient, *lines, **options):
    text = "\n".join([",".join(FIELDS), *lines]) + "\n"
    rows = read_log(StringIO(text, newline=""))
    return import_doses(patient=patient, rows=rows, entered_by=patient.user, **options)


def refusal(patient, *lines) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        load(patient, *lines)
    assert not Dose.objects.exists()
    assert not DoseRevision.objects.exists()
    return caught.value


def flags(patient) -> dict[str, list[str]]:
    return {str(d.slot_date): d.flags for d in Dose.objects.filter(patient=patient)}


def test_a_skip_keeps_the_dose_that_was_due_as_the_file_gives_it(patient):
    load(patient, ",2026-11-02,anakinra,100,,,,,,skipped,fever,", skipped("2026-11-03"))
    stored = dict(Dose.objects.values_list("slot_date", "dose_mg"))
    assert stored == {date(2026, 11, 2): Decimal("100"), date(2026, 11, 3): None}


def test_it_records_each_row_with_one_revision(patient):
    assert load(patient, row(), skipped("2026-11-03")) == 2
    taken, skip = Dose.objects.order_by("slot_date")
    assert (taken.status, taken.taken_at, taken.site) == (
        "taken",
        datetime(2026, 11, 2, 8, 5, tzinfo=UTC),
        Site("thigh", "left", 30, 40),
    )
    assert (skip.status, skip.reason, skip.region, skip.taken_at) == ("skipped", "fever", "", None)
    for dose in (taken, skip):
        assert (dose.source, dose.entered_by, dose.entered_at) == ("import", patient.user, NOW)
        revision = dose.revisions.get()
        assert (revision.version, revision.action, revision.changed_by) == (
            1,
            "created",
            patient.user,
        )
        assert revision.data == dose.snapshot()


def test_it_gives_a_dose_without_dose_mg_the_regimens_dose(patient):
    load(patient, row(dose_mg=""))
    assert Dose.objects.get().dose_mg == Decimal("100")


def test_it_writes_nothing_when_a_later_row_is_invalid(patient):
    error = refusal(patient, row(), row(day="2026-11-03", region="knee"))
    assert error.line == 3
    assert str(error) == (
        "line 3: region “knee” is unknown: use one of abdomen, thigh, upper_arm, buttock; "
        "nothing was imported"
    )


def test_it_places_a_dose_without_slot_date_in_the_slot_open_at_taken_at(patient):
    load(patient, row(day="2026-11-03", at="19:30", slot_date=""))
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.flags) == (date(2026, 11, 3), [])


def test_it_files_a_dose_outside_every_window_in_the_slot_it_was_late_for_flagged(patient):
    load(patient, row(day="2026-11-03", at="21:00", slot_date=""))
    dose = Dose.objects.get()
    assert (dose.slot_date, dose.flags) == (date(2026, 11, 3), ["outside_window"])


def test_it_files_a_dose_just_before_a_window_opens_in_the_slot_before(patient):
    load(patient, row(day="2026-11-04", at="04:59", slot_date=""))
    assert Dose.objects.get().slot_date == date(2026, 11, 3)


def test_it_records_an_extra_dose_beside_its_slot_s_taken_dose_flagged(patient):
    load(
        patient,
        row(day="2026-11-03", at="09:00", status="extra", x="8", reason="a second by mistake"),
        row(day="2026-11-03"),
    )
    taken, extra = Dose.objects.order_by("pk")
    assert (taken.status, taken.flags) == ("taken", [])
    assert (extra.status, extra.slot_date, extra.flags) == ("extra", date(2026, 11, 3),
                                                            ["extra_dose"])  # fmt: skip
    assert extra.reason == "a second by mistake"


def test_an_imported_extra_dose_counts_for_rotation(patient):
    load(
        patient,
        row(day="2026-11-03", at="09:00", status="extra", x="4", reason="by mistake"),
        row(day="2026-11-03"),
    )
    extra = Dose.objects.get(status="extra")
    assert extra.flags == ["too_close", "extra_dose"]


def test_it_refuses_an_extra_dose_in_a_slot_with_no_taken_dose(patient):
    refused = refusal(
        patient,
        skipped("2026-11-03"),
        row(day="2026-11-03", at="09:00", status="extra", reason="by mistake"),
    )
    assert refused.line == 3
    assert "needs that slot's taken dose" in str(refused)


def test_it_records_an_extra_dose_beside_a_taken_dose_already_stored(regimen, patient):
    record_dose(regimen=regimen, taken_at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
                site=Site("thigh", "right", 60, 100), administered_by="self",
                entered_by=patient.user, now=datetime(2026, 11, 3, 8, 1, tzinfo=UTC))  # fmt: skip
    load(patient, row(day="2026-11-03", at="09:00", status="extra", reason="by mistake"))
    assert Dose.objects.filter(status="extra").get().flags == ["extra_dose"]


def test_it_keeps_a_dose_too_soon_after_the_one_before_as_flagged(patient):
    load(patient, row(day="2026-11-02", at="19:55"), row(day="2026-11-03", at="05:00", x="8"))
    assert flags(patient) == {"2026-11-02": [], "2026-11-03": ["too_soon"]}


def test_it_flags_a_dose_too_soon_before_one_already_stored(regimen, patient):
    record_dose(regimen=regimen, taken_at=datetime(2026, 11, 3, 5, 0, tzinfo=UTC),
                site=Site("thigh", "right", 60, 100), administered_by="self",
                entered_by=patient.user, now=datetime(2026, 11, 3, 5, 1, tzinfo=UTC))  # fmt: skip
    load(patient, row(day="2026-11-02", at="19:55"))
    assert Dose.objects.get(slot_date=date(2026, 11, 2)).flags == ["too_soon"]


def test_a_dose_at_exactly_the_gap_is_not_flagged_on_import(patient):
    load(patient, row(day="2026-11-02", at="19:00"), row(day="2026-11-03", at="07:00", x="8"))
    assert flags(patient) == {"2026-11-02": [], "2026-11-03": []}


def test_it_flags_a_dose_taken_outside_its_named_slots_window(patient):
    load(patient, row(day="2026-11-03", at="22:00", slot_date="2026-11-03"))
    assert flags(patient) == {"2026-11-03": ["outside_window"]}


def test_it_keeps_a_dose_too_close_to_the_one_before_as_flagged(patient):
    load(patient, row(day="2026-11-02"), row(day="2026-11-03", x="4", reason="bruise elsewhere"))
    assert flags(patient) == {"2026-11-02": [], "2026-11-03": ["too_close"]}
    assert Dose.objects.get(slot_date=date(2026, 11, 3)).reason == "bruise elsewhere"


def test_it_checks_rows_in_time_order_whatever_their_order_in_the_file(patient):
    load(patient, row(day="2026-11-03", x="4"), row(day="2026-11-02"))
    assert flags(patient) == {"2026-11-02": [], "2026-11-03": ["too_close"]}


def test_it_checks_against_the_injections_already_stored(regimen):
    record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        site=Site("thigh", "left", 30, 40),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    load(regimen.patient, row(day="2026-11-03", x="3.5"))
    assert flags(regimen.patient)["2026-11-03"] == ["too_close"]


def test_it_still_sees_the_previous_injection_after_the_rest_period(patient):
    load(patient, row(day="2026-11-02"), row(day="2026-11-25"))
    assert flags(patient)["2026-11-25"] == ["too_close"]


def test_it_forgets_an_injection_older_than_the_rest_period_and_not_the_previous(patient):
    load(patient, row(day="2026-11-02"), row(day="2026-11-10", side="right"), row(day="2026-11-25"))
    assert flags(patient)["2026-11-25"] == []


def test_it_spaces_sites_by_the_strictest_regimen_running_that_day(patient):
    Medication.objects.create(
        short_name="methotrexate", name="Methotrexate", strength_mg=15, volume_ml=Decimal("0.3")
    )
    weekly = create_regimen(
        patient=patient, medication="methotrexate", dose_mg=None, rrule="FREQ=WEEKLY",
        time_of_day=time(20, 0), time_zone="Europe/London", start_date=date(2026, 11, 10),
        created_by=patient.user,
    )  # fmt: skip
    weekly.min_spacing_mm = 40
    weekly.save()
    # 3 cm apart each time: enough for anakinra alone, not once methotrexate starts.
    load(
        patient,
        row(day="2026-11-02"),
        row(day="2026-11-03", x="6"),
        row(day="2026-11-10", side="right"),
        row(day="2026-11-11", side="right", x="6"),
    )
    assert [flags(patient)[day] for day in ("2026-11-03", "2026-11-10", "2026-11-11")] == [
        [],
        [],
        ["too_close"],
    ]


def test_it_flags_a_region_the_patient_may_not_inject_alone(patient):
    load(patient, row(region="buttock", administered_by="self"))
    assert flags(patient)["2026-11-02"] == ["region_not_allowed"]


def test_it_flags_a_point_too_near_the_navel(patient):
    load(patient, row(region="abdomen", side="", x="12", y="10"))
    assert flags(patient)["2026-11-02"] == ["outside_region"]


def test_it_flags_the_avoid_zones_marked_on_the_days_they_cover(patient):
    def zone(side, **options):
        AvoidZone.objects.create(
            patient=patient, kind="scar", region="thigh", side=side, x_mm=30, y_mm=40,
            radius_mm=10, created_by=patient.user, **options,
        )  # fmt: skip

    zone("left")
    zone("right", ends_on=date(2026, 11, 2))
    zone("right", removed_at=datetime(2026, 11, 20, tzinfo=UTC))
    load(patient, row(day="2026-11-02"), row(day="2026-11-03", side="right"))
    assert flags(patient) == {"2026-11-02": ["avoid_zone"], "2026-11-03": []}


def test_it_flags_a_site_near_an_old_unhealed_reaction(regimen):
    dose = record_dose(
        regimen=regimen,
        taken_at=datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        site=Site("thigh", "left", 30, 40),
        administered_by="self",
        entered_by=regimen.patient.user,
    )
    SiteReaction.objects.create(dose=dose, kind="redness", recorded_by=regimen.patient.user)
    load(regimen.patient, row(day="2026-11-03", side="right"), row(day="2026-11-28", y="5"))
    assert flags(regimen.patient)["2026-11-28"] == ["unresolved_reaction"]


def test_it_refuses_a_slot_already_recorded(regimen):
    skip_slot(
        regimen=regimen, slot_date=date(2026, 11, 3), reason="ill", entered_by=regimen.patient.user
    )
    with pytest.raises(ImportRefused) as caught:
        load(regimen.patient, row(), row(day="2026-11-03"))
    assert str(caught.value).startswith(
        "line 3: a dose or a skip is already recorded for the slot of Tuesday 3 November 2026"
    )
    assert Dose.objects.count() == 1


def test_it_imports_over_a_voided_record(regimen):
    user = regimen.patient.user
    dose = skip_slot(regimen=regimen, slot_date=date(2026, 11, 2), reason="ill", entered_by=user)
    void_dose(dose=dose, voided_by=user, reason="wrong day")
    assert load(regimen.patient, row()) == 1


def test_it_refuses_a_slot_twice_in_the_file_even_without_slot_date(patient):
    error = refusal(patient, row(), row(at="09:00", slot_date=""))
    assert (error.line, error.message) == (
        3,
        "the slot of anakinra on 2026-11-02 is also on line 2: keep one",
    )


def test_it_refuses_a_medication_the_patient_has_no_regimen_of(patient):
    error = refusal(patient, row(medication="etanercept"))
    assert error.message == "medication “etanercept”: alice has no regimen of it (theirs: anakinra)"


def test_it_refuses_a_slot_before_the_regimen_starts(patient):
    error = refusal(patient, skipped("2026-10-01"))
    assert error.message == (
        "no anakinra dose is scheduled on 2026-10-01: the regimen starts on 2026-11-01"
    )


def test_it_refuses_a_date_with_no_slot(db):
    make_patient("zed", rrule="FREQ=DAILY;INTERVAL=2")
    patient = get_user_model().objects.get(username="zed").patient
    assert refusal(patient, skipped("2026-11-02")).message == "no dose is scheduled on 2026-11-02"


def test_it_refuses_a_dose_in_the_future(patient):
    error = refusal(patient, row(day="2026-12-02"))
    assert error.message.startswith("taken_at 2026-12-02T08:05:00+00:00 is in the future")


def test_it_refuses_a_skip_in_the_future(patient):
    error = refusal(patient, skipped("2026-12-05"))
    assert error.message.startswith("slot_date 2026-12-05 is in the future")


def test_it_picks_the_regimen_whose_dates_contain_the_slot(patient):
    first = patient.regimens.get()
    first.end_date = date(2026, 11, 10)
    first.save()
    second = create_regimen(
        patient=patient, medication="anakinra", dose_mg=Decimal("50"), rrule="FREQ=DAILY",
        time_of_day=time(20, 0), time_zone="Europe/London", start_date=date(2026, 11, 11),
        created_by=patient.user,
    )  # fmt: skip
    load(
        patient,
        row(day="2026-11-10", dose_mg=""),
        row(day="2026-11-11", at="20:05", dose_mg="", side="right"),
    )
    assert [(d.regimen, d.dose_mg, d.flags) for d in Dose.objects.order_by("slot_date")] == [
        (first, Decimal("100"), []),
        (second, Decimal("50"), []),
    ]


def test_it_reports_progress_as_it_writes(patient):
    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
    seen = []
    load(patient, *(skipped(day) for day in days), progress=lambda *step: seen.append(step))
    assert seen == [(30, 30)]


def queries_to_import(username: str, days: int) -> int:
    first = date(2020, 1, 1)
    patient = make_patient(username, start_date=first)
    lines = [
        row(day=str(first + timedelta(days=i)), side=("left", "right")[i % 2], x=str(i % 4 * 3))
        if i % 3
        else skipped(first + timedelta(days=i))
        for i in range(days)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert load(patient, *lines) == days
    return len(queries)


def test_its_queries_do_not_grow_with_the_number_of_rows(db):
    # One batch more: a savepoint, two inserts, the ids of the first, the count, the release.
    more = BATCH_SIZE + 30
    assert queries_to_import("short", 30) + 6 == queries_to_import("long", more)


# Every error at once; the writing, hidden until the import is complete (issue 12).


def test_it_lists_every_row_that_cannot_be_recorded_not_only_the_first(patient):
    error = refusal(
        patient,
        row(region="knee"),
        row(day="2026-11-03"),
        row(day="2026-11-04", medication="etanercept"),
        row(day="2026-11-03", at="09:00"),
        "2026-11-06,anakinra",
    )
    assert [(e.line, e.message.split(":")[0]) for e in error.errors] == [
        (2, "region “knee” is unknown"),
        (4, "medication “etanercept”"),
        (5, "the slot of anakinra on 2026-11-03 is also on line 3"),
        (6, "this row has 2 fields, the header has 12"),
    ]
    assert str(error).splitlines()[0] == (
        "line 2: region “knee” is unknown: use one of abdomen, thigh, upper_arm, buttock"
    )
    assert str(error).splitlines()[-1] == "Nothing was imported."


def test_it_keeps_the_first_hundred_errors_and_counts_the_others(patient):
    error = refusal(patient, *[row(region="knee")] * 105)
    assert (len(error.errors), error.more) == (100, 5)
    assert error.errors[-1].line == 101
    assert str(error).splitlines()[-2] == "and 5 more problems"


def test_its_rows_are_seen_by_no_read_until_every_one_is_written(patient):
    seen = []

    def peek(done, total):
        seen.append((done, Dose.with_pending.count(), Dose.objects.count()))

    days = [date(2026, 11, 1) + timedelta(days=i) for i in range(30)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("injections.services.importing.BATCH_SIZE", 10)
        load(patient, *(skipped(day) for day in days), progress=peek)
    assert seen == [(10, 10, 0), (20, 20, 0), (30, 30, 0)]
    assert Dose.objects.count() == 30
    assert ImportBatch.objects.get().state == "imported"


def test_a_dose_logged_meanwhile_for_a_slot_of_the_file_fails_the_import_cleanly(regimen):
    alice = regimen.patient.user

    def log_in_the_app(done, total):
        record_dose(regimen=regimen, taken_at=datetime(2026, 11, 3, 8, 30, tzinfo=UTC),
                    site=Site("abdomen", "", 30, 30), administered_by="self",
                    entered_by=alice)  # fmt: skip

    with pytest.raises(ImportRefused) as caught:
        load(regimen.patient, row(), row(day="2026-11-03"), progress=log_in_the_app)
    assert [(error.line, error.message) for error in caught.value.errors] == [
        (
            3,
            "a dose or a skip was recorded in the app for the slot of Tuesday 3 November 2026 "
            "while this file was being imported: remove this row and import the file again",
        )
    ]
    # Only the dose logged in the app is in the log; the import's rows stay hidden, on
    # its failed batch, with their revisions (which nothing deletes).
    assert [dose.source for dose in Dose.objects.all()] == ["app"]
    batch = ImportBatch.objects.get()
    assert batch.state == "failed"
    assert Dose.with_pending.filter(pending_import=batch).count() == 2
    assert DoseRevision.objects.filter(dose__pending_import=batch).count() == 2


def test_an_extra_dose_whose_stored_dose_is_voided_meanwhile_fails_the_import(regimen, patient):
    taken = record_dose(regimen=regimen, taken_at=datetime(2026, 11, 3, 8, 0, tzinfo=UTC),
                        site=Site("thigh", "right", 60, 100), administered_by="self",
                        entered_by=patient.user)  # fmt: skip
    void = lambda done, total: void_dose(dose=taken, voided_by=patient.user, reason="wrong")  # noqa: E731
    with pytest.raises(ImportRefused) as caught:
        load(patient, row(day="2026-11-03", at="09:00", status="extra", reason="twice"),
             progress=void)  # fmt: skip
    assert caught.value.line == 2
    assert list(Dose.objects.all()) == [taken]


def test_a_failure_while_writing_leaves_what_was_written_hidden_for_good(patient, monkeypatch):
    def crash(batch, planned):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("injections.services.importing._complete", crash)
    with pytest.raises(RuntimeError):
        load(patient, row(), skipped("2026-11-03"))
    assert ImportBatch.objects.get().state == "failed"
    assert (Dose.objects.count(), Dose.with_pending.count(), DoseRevision.objects.count()) == (
        0, 2, 2,
    )  # fmt: skip
    # The same file imports afterwards: the failed batch's rows hold no slot.
    monkeypatch.undo()
    load(patient, row(), skipped("2026-11-03"))
    assert Dose.objects.count() == 2


def test_the_next_import_fails_an_import_left_half_written_and_keeps_it_hidden(patient):
    left = ImportBatch.objects.create(patient=patient, entered_by=patient.user,
                                      started_at=NOW - timedelta(hours=2), rows=1)  # fmt: skip
    Dose.objects.create(patient=patient, regimen=patient.regimens.get(), status="skipped",
                        slot_date=date(2026, 11, 5), reason="ill", entered_by=patient.user,
                        pending_import=left)  # fmt: skip
    assert Dose.objects.count() == 0
    load(patient, row())
    assert [dose.slot_date for dose in Dose.objects.all()] == [date(2026, 11, 2)]
    assert [dose.slot_date for dose in Dose.with_pending.filter(pending_import=left)] == [
        date(2026, 11, 5)
    ]
    left.refresh_from_db()
    assert left.state == "failed"


def test_it_refuses_a_file_with_no_rows(patient):
    assert refusal(patient).message == "the file has no rows after its header: nothing to import"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_skip_dated_at_the_calendars_end_is_refused_with_its_line(patient, day):
    """Found by the property test: 9999-12-31 plus the two days' margin overflowed."""
    refused = refusal(patient, skipped("2026-11-02"), skipped(day))
    assert [error.line for error in refused.errors] == [3]
