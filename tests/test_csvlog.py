"""The CSV format of DESIGN §7: reading rows (pure) and writing a patient's log."""

import csv
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from injections.exports.csvlog import (
    FIELDS,
    FORMULA_STARTS,
    InvalidRow,
    LogRow,
    log_rows,
    neutralised,
    parse_row,
    read_log,
    read_rows,
    restored,
    text_lines,
)
from injections.models import Dose, Medication
from injections.rules.geometry import Site
from injections.services.doses import record_dose, skip_slot, void_dose
from injections.services.errors import ServiceError
from injections.services.importing import import_doses
from injections.services.patients import change_schedule, create_regimen

HEADER = ",".join(FIELDS) + "\n"
TAKEN = {
    "taken_at": "2026-11-02T08:05:00+00:00",
    "slot_date": "2026-11-02",
    "medication": "anakinra",
    "dose_mg": "100",
    "region": "thigh",
    "side": "left",
    "x_cm": "3.5",
    "y_cm": "4",
    "administered_by": "self",
    "status": "taken",
    "reason": "",
    "notes": "",
}
SKIPPED = (
    TAKEN
    | dict.fromkeys(["taken_at", *FIELDS[3:9]], "")
    | {
        "status": "skipped",
        "reason": "fever",
    }
)


def problem(**changes) -> str:
    with pytest.raises(ValueError) as caught:
        parse_row(TAKEN | changes)
    return str(caught.value)


def read(text: str) -> list[LogRow]:
    return list(read_rows(StringIO(text, newline="")))


def test_it_reads_a_taken_dose():
    row = parse_row(TAKEN, line=2)
    assert row == LogRow(
        line=2,
        status="taken",
        medication="anakinra",
        slot_date=date(2026, 11, 2),
        taken_at=datetime(2026, 11, 2, 8, 5, tzinfo=UTC),
        dose_mg=Decimal("100.00"),
        site=Site("thigh", "left", 35, 40),
        administered_by="self",
    )


def test_it_reads_a_skipped_slot():
    row = parse_row(SKIPPED)
    assert (row.status, row.slot_date, row.reason, row.site, row.taken_at) == (
        "skipped",
        date(2026, 11, 2),
        "fever",
        None,
        None,
    )


def test_it_reads_a_taken_dose_without_slot_date_or_dose():
    row = parse_row(TAKEN | {"slot_date": "", "dose_mg": ""})
    assert (row.slot_date, row.dose_mg) == (None, None)


def test_it_keeps_a_point_near_the_navel_for_the_site_rules_to_flag():
    row = parse_row(TAKEN | {"region": "abdomen", "side": "", "x_cm": "12", "y_cm": "8"})
    assert row.site == Site("abdomen", "", 120, 80)


def test_it_refuses_a_bad_date():
    assert problem(slot_date="2026-13-01") == "slot_date “2026-13-01” is not a date: use YYYY-MM-DD"
    assert problem(slot_date="20261102") == "slot_date “20261102” is not a date: use YYYY-MM-DD"


def test_it_refuses_a_taken_at_that_is_not_a_time():
    assert problem(taken_at="yesterday").startswith(
        "taken_at “yesterday” is not a date and time: use ISO 8601, like 2026-11-01T08:05:00+00:00"
    )


def test_it_refuses_a_taken_at_without_a_utc_offset():
    assert problem(taken_at="2026-11-02T08:05:00") == (
        "taken_at “2026-11-02T08:05:00” has no UTC offset: add one, like 2026-11-01T08:05:00+00:00"
    )


def test_it_refuses_an_unknown_region():
    assert problem(region="knee") == (
        "region “knee” is unknown: use one of abdomen, thigh, upper_arm, buttock"
    )


def test_it_refuses_a_side_the_region_does_not_have():
    assert problem(side="up") == "side “up” is not a side of the thigh: use left or right"
    assert problem(side="") == "side “” is not a side of the thigh: use left or right"
    assert problem(region="abdomen", side="left") == (
        "side “left”: the abdomen has no side, leave side empty"
    )


def test_it_refuses_coordinates_with_more_than_one_decimal():
    assert problem(x_cm="3.55") == (
        "x_cm: “3.55” is not a distance in cm with at most one decimal, like 3.5"
    )


def test_it_refuses_coordinates_outside_the_region():
    assert problem(x_cm="30") == ("x 30 cm is outside the thigh, which is 12 by 20 cm: use 0 to 12")
    assert problem(y_cm="-1") == ("y -1 cm is outside the thigh, which is 12 by 20 cm: use 0 to 20")


def test_it_refuses_an_unknown_administered_by():
    assert problem(administered_by="nurse") == (
        "administered_by “nurse” is unknown: use self, caregiver, clinician"
    )


def test_it_refuses_a_status_other_than_taken_skipped_or_extra():
    assert problem(status="done") == "status “done” is unknown: use taken, skipped or extra"


def test_it_reads_an_extra_dose_with_its_reason():
    row = parse_row(TAKEN | {"status": "extra", "reason": "a second syringe by mistake"})
    assert (row.status, row.reason, row.site) == (
        "extra", "a second syringe by mistake", Site("thigh", "left", 35, 40))  # fmt: skip


def test_it_refuses_an_extra_dose_without_a_reason():
    assert problem(status="extra").startswith("an extra dose needs a reason")


def test_it_refuses_a_taken_dose_without_taken_at():
    assert problem(taken_at="").startswith("a taken dose needs taken_at")


def test_it_refuses_a_taken_dose_without_a_site():
    assert problem(region="").startswith("a taken dose needs region")
    assert problem(y_cm="") == "a taken dose needs y_cm"


def test_it_refuses_a_dose_with_more_than_two_decimals():
    assert problem(dose_mg="0.125") == (
        "dose_mg “0.125” has more than two decimals: round it, like 0.25"
    )
    assert problem(dose_mg="-5").startswith("dose_mg “-5” is not a dose")


def test_it_refuses_a_skipped_slot_without_a_reason():
    with pytest.raises(ValueError, match="a skipped slot needs a reason"):
        parse_row(SKIPPED | {"reason": ""})


def test_it_refuses_a_skipped_slot_without_slot_date():
    with pytest.raises(ValueError, match="a skipped slot needs slot_date"):
        parse_row(SKIPPED | {"slot_date": ""})


def test_a_skipped_slot_may_name_the_dose_that_was_due():
    assert parse_row(SKIPPED | {"dose_mg": "100"}).dose_mg == Decimal("100")
    assert parse_row(SKIPPED).dose_mg is None


def test_it_refuses_a_skipped_slot_with_a_bad_dose():
    with pytest.raises(ValueError, match="dose_mg “lots” is not a dose"):
        parse_row(SKIPPED | {"dose_mg": "lots"})


def test_it_refuses_a_skipped_slot_with_a_site():
    with pytest.raises(ValueError, match="a skipped slot has no region, x_cm: leave them empty"):
        parse_row(SKIPPED | {"region": "thigh", "x_cm": "3"})


def test_it_numbers_lines_from_the_header():
    text = HEADER + ",".join(TAKEN.values()) + "\n" + "2026-11-03,,,,,,,,,taken,,\n"
    with pytest.raises(InvalidRow) as caught:
        read(text)
    assert caught.value.line == 3


def test_it_counts_the_lines_of_a_note_that_spans_several():
    taken = ",".join(TAKEN.values())
    text = HEADER + taken + '"two\nlines"\n' + taken.replace("thigh", "knee") + "\n"
    with pytest.raises(InvalidRow) as caught:
        read(text)
    assert caught.value.line == 4


def test_it_skips_blank_lines():
    assert len(read(HEADER + "\n" + ",".join(TAKEN.values()) + "\n\n")) == 1


def test_it_reads_a_header_with_a_byte_order_mark_and_columns_in_any_order():
    names = list(reversed(FIELDS))
    text = "\ufeff" + ",".join(names) + "\n" + ",".join(TAKEN[n] for n in names) + "\n"
    assert read(text)[0].site == Site("thigh", "left", 35, 40)


def test_it_refuses_an_empty_file():
    with pytest.raises(InvalidRow, match="the file is empty") as caught:
        read("")
    assert caught.value.line == 1


def test_it_refuses_a_wrong_header():
    with pytest.raises(InvalidRow, match=r"missing: notes; unknown: comments\)$"):
        read(HEADER.replace("notes", "comments"))


def test_it_refuses_a_line_the_csv_reader_cannot_read():
    with pytest.raises(InvalidRow, match="cannot be read as CSV: field larger") as caught:
        read(HEADER + ",".join(TAKEN.values()) + "x" * 200_000 + "\n")
    assert caught.value.line == 2


def test_it_refuses_a_row_with_too_few_fields():
    with pytest.raises(InvalidRow, match="this row has 3 fields, the header has 12"):
        read(HEADER + "a,b,c\n")


# The tests that write doses ask for the clock after the regimen: it is created on real
# time, then the clock stands at 1 August 2027.
pytestmark = pytest.mark.clock(datetime(2027, 8, 1, tzinfo=UTC), autouse=False)


def take(regimen, at, **options):
    return record_dose(
        regimen=regimen,
        taken_at=at,
        site=options.pop("site", Site("thigh", "left", 35, 40)),
        administered_by="self",
        entered_by=regimen.patient.user,
        now=at,  # entered as it happened, so the site rules see the doses before it
        **options,
    )


def test_it_writes_taken_at_in_the_slots_zone_to_the_second(regimen, clock):
    take(regimen, datetime(2027, 7, 1, 7, 5, 30, 250, tzinfo=UTC))  # 08:05:30 in London (BST)
    assert next(log_rows(regimen.patient))[:2] == ["2027-07-01T08:05:30+01:00", "2027-07-01"]


def test_it_writes_taken_at_in_the_zone_in_force_on_the_slots_date(regimen, clock):
    with time_machine.travel(datetime(2027, 6, 30, 12, tzinfo=UTC), tick=False):
        change_schedule(regimen=regimen, changed_by=regimen.patient.user, time_zone="Asia/Tokyo")
    take(regimen, datetime(2027, 6, 30, 7, 5, tzinfo=UTC))  # London, before the change
    site = Site("thigh", "right", 35, 40)
    take(regimen, datetime(2027, 7, 2, 23, 5, tzinfo=UTC), site=site)  # 08:05 in Tokyo, 3 July
    assert [row[:2] for row in log_rows(regimen.patient)] == [
        ["2027-06-30T08:05:00+01:00", "2027-06-30"],
        ["2027-07-03T08:05:00+09:00", "2027-07-03"],
    ]


def test_it_writes_doses_and_coordinates_without_trailing_zeros(regimen, clock):
    site = Site("abdomen", "", 30, 15)
    take(regimen, datetime(2027, 7, 1, 7, 0, tzinfo=UTC), dose_mg=Decimal("0.50"), site=site)
    assert next(log_rows(regimen.patient))[3:8] == ["0.5", "abdomen", "", "3", "1.5"]


def test_it_writes_the_override_reason_of_a_flagged_dose(regimen, clock):
    take(regimen, datetime(2027, 7, 1, 7, 0, tzinfo=UTC))
    take(regimen, datetime(2027, 7, 2, 7, 0, tzinfo=UTC), override_reason="bruise elsewhere")
    assert [row[10] for row in log_rows(regimen.patient)] == ["", "bruise elsewhere"]


def test_it_writes_an_extra_dose_after_its_slot_s_taken_dose(regimen, clock):
    take(regimen, datetime(2027, 7, 1, 7, 0, tzinfo=UTC))
    take(regimen, datetime(2027, 7, 1, 8, 0, tzinfo=UTC), site=Site("abdomen", "", 30, 30),
         extra=True, override_reason="forgot I had taken it")  # fmt: skip
    assert [(row[1], row[9], row[10]) for row in log_rows(regimen.patient)] == [
        ("2027-07-01", "taken", ""),
        ("2027-07-01", "extra", "forgot I had taken it"),
    ]


def test_it_leaves_out_voided_records(regimen, clock):
    dose = skip_slot(
        regimen=regimen, slot_date=date(2027, 7, 1), reason="ill", entered_by=regimen.patient.user
    )
    void_dose(dose=dose, voided_by=regimen.patient.user, reason="wrong day")
    assert list(log_rows(regimen.patient)) == []


def test_it_orders_by_slot_date_then_medication(regimen, clock):
    patient, user = regimen.patient, regimen.patient.user
    Medication.objects.create(
        short_name="methotrexate", name="Methotrexate", strength_mg=15, volume_ml=Decimal("0.3")
    )
    weekly = create_regimen(
        patient=patient, medication="methotrexate", dose_mg=None, rrule="FREQ=WEEKLY",
        time_of_day=time(20, 0), time_zone="Europe/London", start_date=date(2027, 7, 1),
        created_by=user,
    )  # fmt: skip
    for day in (date(2027, 7, 2), date(2027, 7, 1)):
        skip_slot(regimen=regimen, slot_date=day, reason="ill", entered_by=user)
    skip_slot(regimen=weekly, slot_date=date(2027, 7, 1), reason="ill", entered_by=user)
    assert [row[1:3] for row in log_rows(patient)] == [
        ["2027-07-01", "anakinra"],
        ["2027-07-01", "methotrexate"],
        ["2027-07-02", "anakinra"],
    ]


def test_read_log_yields_each_bad_row_in_its_place_and_reads_on():
    text = "\n".join([",".join(FIELDS), "a,b", ",2026-11-02,anakinra,,,,,,,skipped,fever,", "c"])
    items = list(read_log(StringIO(text + "\n", newline="")))
    assert [(type(item).__name__, item.line) for item in items] == [
        ("InvalidRow", 2),
        ("LogRow", 3),
        ("InvalidRow", 4),
    ]


def test_text_lines_decode_utf8_without_the_byte_order_mark_and_name_a_line_that_is_not():
    lines = text_lines(["\ufeffone\r\n".encode(), "twö\n".encode()])
    assert list(lines) == ["one\r\n", "twö\n"]
    with pytest.raises(InvalidRow) as caught:
        list(text_lines([b"one\n", b"two\n", "thrée\n".encode("latin-1")]))
    assert caught.value.line == 3
    assert caught.value.message == (
        "this line is not UTF-8 text (byte 4): save the file as UTF-8 CSV"
    )


# -- Formulas neutralised, every note back as it was (issue 13, item 5) --

NOTES = [
    '=HYPERLINK("http://evil.example","click")', "+1 more", "-2 h late", "@SUM(A1)",
    "\tindented", "\rlone CR first", "lone\rCR", "CR\r\nLF", "two\nlines", 'a "quote", a comma',
    "'=already quoted", "''", "'", "'tis fine", "naïve — ✓ 日本", "", " spaced ",
]  # fmt: skip


@pytest.mark.parametrize("cell", NOTES)
def test_a_text_cell_is_written_so_no_spreadsheet_runs_it_and_read_back_as_it_was(cell):
    written = neutralised(cell)
    assert not written.startswith(FORMULA_STARTS)
    assert restored(written) == cell


def test_a_formula_is_written_behind_a_single_quote():
    assert neutralised("=1+1") == "'=1+1"
    assert neutralised("\r=1") == "'\r=1"
    assert neutralised("fine") == "fine"
    assert restored("'=1+1") == "=1+1"
    assert restored("'tis") == "'tis"


@settings(max_examples=200, deadline=None, database=None)
@given(cell=st.text())
def test_any_text_comes_back_as_it_was_and_never_starts_as_a_formula(cell):
    written = neutralised(cell)
    assert not written.startswith(FORMULA_STARTS)
    assert restored(written) == cell


def test_a_nul_character_is_refused_with_its_column():
    assert problem(notes="a\x00b") == (
        "notes holds a NUL character, which no record can keep: remove it"
    )
    with pytest.raises(InvalidRow) as caught:
        read(HEADER + ",2026-11-02,anakinra,,,,,,,skipped,fe\x00ver,\n")
    assert caught.value.line == 2


def test_every_note_and_reason_comes_back_through_export_doses_and_import_doses(
    regimen, other_patient, clock, tmp_path
):
    """Each note (and each skip's reason) exported by the command, then imported for
    another patient, is the same text: a lone CR, CRLF, quotes, a formula."""
    day = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    for i, note in enumerate(NOTES):
        at = day + timedelta(days=i)
        if i % 2:
            # One spot every time: the override's reason is a text cell too.
            take(regimen, at, notes=note, override_reason=NOTES[i - 1].strip() or "same spot")
        else:
            skip_slot(
                regimen=regimen, slot_date=at.date(), reason=note.strip() or "fever",
                notes=note, entered_by=regimen.patient.user, now=at - timedelta(hours=1),
            )  # fmt: skip
    out = StringIO()
    call_command("export_doses", "--patient", "alice", stdout=out)
    path = tmp_path / "log.csv"
    path.write_bytes(out.getvalue().encode())
    assert "\n=" not in out.getvalue() and ",=" not in out.getvalue()
    call_command("import_doses", "--patient", "bob", str(path), stdout=StringIO())

    def texts(patient):
        return list(
            Dose.objects.filter(patient=patient)
            .order_by("slot_date")
            .values_list("slot_date", "reason", "notes")
        )

    assert texts(other_patient) == texts(regimen.patient)
    assert [notes for _day, _reason, notes in texts(other_patient)] == NOTES


def skip_at(regimen, day: int, **reason):
    """Skip the dose of `day` November 2026 while it is open, with `reason`."""
    at = datetime(2026, 11, day, 7, 0, tzinfo=UTC)
    return skip_slot(regimen=regimen, slot_date=at.date(), entered_by=regimen.patient.user,
                     now=at, **reason)  # fmt: skip


def test_a_chosen_reason_is_written_in_english_whoever_exports(regimen, clock):
    skip_at(regimen, 1, skip_reason="fever", reason="desde el martes")
    skip_at(regimen, 2, skip_reason="forgot")
    skip_at(regimen, 3, skip_reason="other", reason="Stomach bug")
    with translation.override("es"):
        reasons = [row[10] for row in log_rows(regimen.patient)]
    assert reasons == ["Fever or infection: desde el martes", "Forgot", "Stomach bug"]


def test_a_chosen_reason_comes_back_as_its_code_through_export_and_import(
    regimen, other_patient, clock, tmp_path
):
    skip_at(regimen, 1, skip_reason="fever", reason="desde el martes")
    skip_at(regimen, 2, skip_reason="away")
    skip_at(regimen, 3, skip_reason="other", reason="Stomach bug")
    skip_at(regimen, 4, reason="fever")  # a reason in words, as an older import has it
    out = StringIO()
    call_command("export_doses", "--patient", "alice", stdout=out)
    path = tmp_path / "log.csv"
    path.write_bytes(out.getvalue().encode())
    call_command("import_doses", "--patient", "bob", str(path), stdout=StringIO())
    imported = Dose.objects.filter(patient=other_patient).order_by("slot_date")
    assert [(dose.skip_reason, dose.reason) for dose in imported] == [
        ("fever", "desde el martes"),
        ("away", ""),
        ("", "Stomach bug"),
        ("", "fever"),
    ]
    with translation.override("es"):
        assert [dose.reason_words() for dose in imported] == [
            dose.reason_words() for dose in Dose.objects.filter(patient=regimen.patient)
            .order_by("slot_date")
        ]  # fmt: skip


ODD_CELLS = st.one_of(
    st.sampled_from(["", "\x00", "²", "9" * 30, "-1", "0001-01-01", "9999-12-31", "NaN",
                     "1e999", "'=1", "\r", '"', "thigh", "left", "taken", "extra", "x" * 500]),
    st.text(max_size=12),
)  # fmt: skip
TAKEN_ROW = ["2026-11-{day:02d}T08:05:00+00:00", "2026-11-{day:02d}", "anakinra", "100",
             "thigh", "{side}", "{x}", "4", "self", "taken", "", "note"]  # fmt: skip
SKIPPED_ROW = ["", "2026-11-{day:02d}", "anakinra", "", "", "", "", "", "", "skipped", "fever",
               ""]  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_an_import_of_random_rows_is_written_whole_or_not_at_all(regimen, clock, data):
    days = data.draw(st.lists(st.integers(1, 28), min_size=1, max_size=6, unique=True))
    rows = []
    for day in days:
        template = TAKEN_ROW if day % 2 else SKIPPED_ROW
        cells = [cell.format(day=day, side="left" if day % 4 == 1 else "right", x=day % 6 + 1)
                 for cell in template]  # fmt: skip
        for column in data.draw(st.sets(st.integers(0, len(FIELDS) - 1), max_size=3)):
            cells[column] = data.draw(ODD_CELLS)
        rows.append(cells)
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([FIELDS, *rows])
    before = Dose.objects.count()
    try:
        count = import_doses(
            patient=regimen.patient,
            rows=read_log(text_lines(out.getvalue().encode().splitlines(keepends=True))),
            entered_by=regimen.patient.user,
        )
    except ServiceError:
        event("refused")
        assert Dose.with_pending.count() == before
    else:
        event("imported")
        assert count == len(rows)
        assert Dose.objects.count() == before + count
