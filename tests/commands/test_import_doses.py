"""manage.py import_doses: the command over services.importing (DESIGN §7, §8)."""

import csv
import io
import json
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command, execute_from_command_line

from injections.exports.csvlog import FIELDS
from injections.models import Dose, DoseRevision
from injections.rules.geometry import format_cm
from injections.services.doses import skip_slot
from tests.conftest import make_patient

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
HEADER = ",".join(FIELDS) + "\n"

# Points of each region-side, in cm, all at least 2.5 cm apart (and 5 cm from the
# navel), so a rotation through them passes the site rules.
POINTS = {
    "abdomen": [(3, 3), (21, 3), (3, 13), (21, 13), (7, 2), (17, 14), (12, 1.5), (12, 14.5)],
    "thigh": [(3, 3), (9, 3), (3, 9), (9, 9), (3, 15), (9, 15), (6, 6), (6, 12.5)],
    "upper_arm": [(2, 2), (6, 2), (2, 6), (6, 6), (2, 10), (6, 10), (4, 4)],
    "buttock": [(3, 3), (9, 3), (3, 7), (9, 7), (6, 5)],
}
ROTATION = [
    ("abdomen", "", "self"),
    ("thigh", "left", "self"),
    ("thigh", "right", "caregiver"),
    ("upper_arm", "left", "caregiver"),
    ("upper_arm", "right", "clinician"),
    ("buttock", "left", "caregiver"),
    ("buttock", "right", "caregiver"),
]


def history(first: date, days: int) -> str:
    """A canonical CSV of daily 08:00 London doses: rotating sites, one skip in 23."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for i in range(days):
        day = first + timedelta(days=i)
        if i % 23 == 22:
            writer.writerow(
                ["", day, "anakinra", "", "", "", "", "", "", "skipped", "fever, no dose", ""]
            )
            continue
        region, side, by = ROTATION[i % 7]
        points = POINTS[region]
        x, y = points[(i // 7) % len(points)]
        taken = datetime.combine(day, time(7, 30), tzinfo=LONDON) + timedelta(minutes=i * 7 % 90)
        notes = ['slight "sting", no redness', "", "first line\nsecond line", ""][i % 4]
        writer.writerow(
            [
                taken.isoformat(timespec="seconds"),
                day,
                "anakinra",
                "87.5" if i % 11 == 0 else "100",
                region,
                side,
                format_cm(x * 10),
                format_cm(y * 10),
                by,
                "taken",
                "",
                notes,
            ]
        )
    return out.getvalue()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_doses", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


pytestmark = pytest.mark.clock(NOW)


def refused(tmp_path, text: str) -> str:
    with pytest.raises(CommandError) as caught:
        run("--patient", "alice", write(tmp_path, text))
    assert not Dose.objects.exists()
    assert not DoseRevision.objects.exists()
    return str(caught.value)


TAKEN = "2026-11-02T08:05:00+00:00,2026-11-02,anakinra,100,thigh,left,3,4,self,taken,,\n"


def test_it_imports_ten_years_and_exports_them_back_byte_for_byte(db, tmp_path):
    make_patient("zoe", start_date=date(2026, 11, 1))
    text = history(date(2026, 11, 1), (date(2036, 11, 30) - date(2026, 11, 1)).days + 1)
    with time_machine.travel(datetime(2036, 12, 1, tzinfo=UTC), tick=False):
        started = clock.perf_counter()
        stdout, _ = run("--patient", "zoe", write(tmp_path, text))
        elapsed = clock.perf_counter() - started
        exported = io.StringIO()
        call_command("export_doses", "--patient", "zoe", stdout=exported)
    rows = text.count("anakinra")
    assert rows >= 3650
    assert stdout == f"Imported {rows} records for zoe\n"
    assert exported.getvalue() == text
    doses = list(Dose.objects.all())
    assert {dose.status for dose in doses} == {"taken", "skipped"}
    assert sum(1 for dose in doses if dose.flags) == 0
    assert DoseRevision.objects.count() == rows
    # Minutes would mean a scan of the whole history per row.
    assert elapsed < 30, f"the ten-year import took {elapsed:.1f} s"
    print(f"ten-year import: {rows} rows in {elapsed:.2f} s")


def test_it_says_how_many_records_it_imported(patient, tmp_path):
    stdout, stderr = run("--patient", "alice", write(tmp_path, HEADER + TAKEN))
    assert stdout == "Imported 1 record for alice\n"
    assert stderr == ""
    dose = Dose.objects.get()
    assert (dose.source, dose.entered_by, dose.entered_at) == ("import", patient.user, NOW)


def test_it_prints_json_when_asked(patient, tmp_path):
    stdout, _ = run("--patient", "alice", write(tmp_path, HEADER + TAKEN), "--json")
    assert json.loads(stdout) == {"imported": 1}


def test_it_reads_standard_input_with_a_byte_order_mark(patient, monkeypatch):
    data = (HEADER + TAKEN).encode("utf-8-sig")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    stdout, _ = run("--patient", "alice", "-")
    assert stdout == "Imported 1 record for alice\n"


def test_it_draws_a_progress_bar_only_on_a_terminal(patient, tmp_path):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    path = write(tmp_path, HEADER + TAKEN)
    call_command("import_doses", "--patient", "alice", path, stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == f"\r[{'#' * 30}] 1/1\n"


def test_it_refuses_a_bad_date_with_its_line_number(patient, tmp_path):
    bad = TAKEN.replace("2026-11-02,", "2026-13-01,")
    assert refused(tmp_path, HEADER + TAKEN.replace("11-02", "11-01") + bad) == (
        "line 3: slot_date “2026-13-01” is not a date: use YYYY-MM-DD; nothing was imported"
    )


def test_it_refuses_an_unknown_region_with_its_line_number(patient, tmp_path):
    assert refused(tmp_path, HEADER + TAKEN.replace("thigh,", "knee,")) == (
        "line 2: region “knee” is unknown: use one of abdomen, thigh, upper_arm, buttock; "
        "nothing was imported"
    )


def test_it_refuses_coordinates_outside_the_region_with_its_line_number(patient, tmp_path):
    assert refused(tmp_path, HEADER + TAKEN.replace(",3,4,", ",30,4,")) == (
        "line 2: x 30 cm is outside the thigh, which is 12 by 20 cm: use 0 to 12; "
        "nothing was imported"
    )


def test_it_refuses_a_wrong_header(patient, tmp_path):
    message = refused(tmp_path, HEADER.replace("x_cm", "x") + TAKEN)
    assert message.startswith("line 1: the header must be taken_at,slot_date,")
    assert "(missing: x_cm; unknown: x)" in message


def test_it_refuses_a_slot_twice_in_the_file(patient, tmp_path):
    message = refused(tmp_path, HEADER + TAKEN + TAKEN.replace("08:05", "09:00"))
    assert message == (
        "line 3: the slot of anakinra on 2026-11-02 is also on line 2: keep one; "
        "nothing was imported"
    )


def test_it_refuses_a_slot_already_recorded(regimen, tmp_path):
    skip_slot(
        regimen=regimen, slot_date=date(2026, 11, 2), reason="ill", entered_by=regimen.patient.user
    )
    with pytest.raises(CommandError, match="^line 2: a dose or a skip is already recorded"):
        run("--patient", "alice", write(tmp_path, HEADER + TAKEN))
    assert Dose.objects.count() == 1


def test_it_refuses_a_taken_dose_without_taken_at(patient, tmp_path):
    message = refused(tmp_path, HEADER + TAKEN.replace("2026-11-02T08:05:00+00:00", ""))
    assert message.startswith("line 2: a taken dose needs taken_at")


def test_it_refuses_a_skipped_slot_without_a_reason(patient, tmp_path):
    skipped = ",2026-11-02,anakinra,,,,,,,skipped,,\n"
    assert refused(tmp_path, HEADER + TAKEN.replace("11-02", "11-01") + skipped) == (
        "line 3: a skipped slot needs a reason: say why in the reason column; nothing was imported"
    )


def test_it_refuses_a_file_that_is_not_utf8(patient, tmp_path):
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run("--patient", "alice", write(tmp_path, HEADER + TAKEN + "é\n", encoding="latin-1"))


def test_it_refuses_a_missing_file(patient, tmp_path):
    with pytest.raises(CommandError, match="cannot read .*: No such file or directory"):
        run("--patient", "alice", str(tmp_path / "nowhere.csv"))


def test_it_refuses_an_unknown_user(db, tmp_path):
    with pytest.raises(CommandError, match="no patient with the username “nobody”"):
        run("--patient", "nobody", write(tmp_path, HEADER))


def test_it_refuses_a_user_without_a_patient_record(caregiver, tmp_path):
    with pytest.raises(CommandError, match="no patient with the username “carol”"):
        run("--patient", "carol", write(tmp_path, HEADER))


def test_it_fails_with_exit_status_1_from_the_command_line(patient, tmp_path, capsys):
    path = write(tmp_path, HEADER + TAKEN.replace("thigh,", "knee,"))
    with pytest.raises(SystemExit) as caught:
        execute_from_command_line(["manage.py", "import_doses", "--patient", "alice", path])
    assert caught.value.code == 1
    assert "line 2: region “knee” is unknown" in capsys.readouterr().err
