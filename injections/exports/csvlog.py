"""The dose log as CSV, for import and export (DESIGN §7).

One row per slot outcome, under the header `FIELDS`. The canonical form is the
one `write_log` produces: UTF-8 without a byte order mark, lines ending in "\\n",
fields quoted only when needed, `taken_at` to the second with the UTC offset of
the slot's time zone, `dose_mg` and coordinates without trailing zeros. A file in
that form imports and exports back byte for byte.

`read_rows` checks everything a row can say about itself (formats, regions,
coordinates, required columns); what needs the patient's record (the regimen,
the slot, duplicates, the site rules) is the import service's job.
"""

import csv
import io
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import TextIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..models import Dose, Patient, Regimen
from ..models.doses import REGION_CHOICES
from ..models.regimens import format_mg
from ..rules.geometry import REGIONS, Administrator, Site, format_cm, parse_cm
from ..rules.invalid import Invalid
from ..rules.schedule import ScheduleVersion
from ..text.invalid import explain
from ..text.skips import english_reason

FIELDS = [
    "taken_at",
    "slot_date",
    "medication",
    "dose_mg",
    "region",
    "side",
    "x_cm",
    "y_cm",
    "administered_by",
    "status",
    "reason",
    "notes",
]
TAKEN, SKIPPED, EXTRA = (Dose.Status.TAKEN.value, Dose.Status.SKIPPED.value,
                         Dose.Status.EXTRA.value)  # fmt: skip
SITE_FIELDS = ["region", "side", "x_cm", "y_cm", "administered_by"]
EXAMPLE_TAKEN_AT = "2026-11-01T08:05:00+00:00"
# date.fromisoformat also takes 20261101 and 2026-W44-7; the format says YYYY-MM-DD.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MAX_DOSE_MG = Decimal("99999.99")  # Dose.dose_mg holds 7 digits, 2 of them decimals
# A cell a spreadsheet would run as a formula (OWASP's "CSV injection"): a text cell
# starting with one of these is written behind a single quote, which the import
# takes off again. Only text columns: a number is never a formula to neutralise.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_FIELDS = ("reason", "notes")


class InvalidRow(ValueError):
    """A line of the file that cannot be read; `line` is 1-based, the header is 1."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class LogRow:
    """One validated row: a taken dose (with taken_at, site, administered_by) or a
    skipped slot (with slot_date and reason, and nothing else)."""

    line: int
    status: str
    medication: str
    slot_date: date | None
    taken_at: datetime | None = None
    dose_mg: Decimal | None = None
    site: Site | None = None
    administered_by: str = ""
    reason: str = ""
    notes: str = ""


def read_rows(lines: Iterable[str]) -> Iterator[LogRow]:
    """The rows of a CSV file, checked one by one; raises InvalidRow at the first bad one."""
    for item in read_log(lines):
        if isinstance(item, InvalidRow):
            raise item
        yield item


def read_log(lines: Iterable[str]) -> Iterator[LogRow | InvalidRow]:
    """The rows of a CSV file, checked one by one, each bad row yielded as an InvalidRow
    in its place, so that a file's every error can be listed at once. What leaves
    nothing to read after it (a wrong header, a line the csv module cannot split,
    text that is not UTF-8) is the last item."""
    reader = csv.reader(lines)
    try:
        yield from _parse(reader)
    except csv.Error as error:  # a field over the csv module's size limit, say
        yield InvalidRow(
            reader.line_num, _("this line cannot be read as CSV: %(error)s") % {"error": error}
        )
    except InvalidRow as error:
        yield error


def text_lines(data: Iterable[bytes]) -> Iterator[str]:
    """The lines of a file's bytes (an uploaded file, an open binary file: anything
    that yields lines with their endings) as UTF-8 text, without a byte order mark,
    one at a time, so that a large file is never read into memory whole. A line that
    is not UTF-8 raises InvalidRow with its number.

    A line ends at "\\n" (or "\\r\\n"): a lone "\\r", which Django's File (and the
    web upload) also split at, is part of the line, as in a note that holds one; the
    csv module reads it inside its quotes."""
    for number, line in enumerate(_lines_ending_in_lf(data), start=1):
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            raise InvalidRow(
                number,
                _("this line is not UTF-8 text (byte %(position)d): save the file as UTF-8 CSV")
                % {"position": error.start + 1},
            ) from None
        yield text


def _lines_ending_in_lf(data: Iterable[bytes]) -> Iterator[bytes]:
    pending = b""
    for chunk in data:
        if chunk.endswith(b"\r"):
            pending += chunk
            continue
        yield pending + chunk
        pending = b""
    if pending:
        yield pending


def _parse(reader) -> Iterator[LogRow | InvalidRow]:
    header = _read_header(reader)
    previous_end = reader.line_num
    for values in reader:
        # line_num counts physical lines, and a quoted note may span several: a row
        # starts on the line after the previous row ended.
        line, previous_end = previous_end + 1, reader.line_num
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(FIELDS):
            yield InvalidRow(
                line,
                _("this row has %(count)d fields, the header has %(expected)d: check the commas")
                % {"count": len(values), "expected": len(FIELDS)},
            )
            continue
        try:
            yield parse_row(dict(zip(header, values, strict=True)), line=line)
        except ValueError as error:
            yield InvalidRow(line, str(error))


def _read_header(reader) -> list[str]:
    expected = ",".join(FIELDS)
    header = next(reader, None)
    if not header:
        raise InvalidRow(1, _("the file is empty: its first line must be %(h)s") % {"h": expected})
    header = [name.strip() for name in header]
    header[0] = header[0].removeprefix("\ufeff")
    if sorted(header) != sorted(FIELDS):
        missing = [name for name in FIELDS if name not in header] or ["-"]
        unknown = [name for name in header if name not in FIELDS] or ["-"]
        raise InvalidRow(
            1,
            _("the header must be %(h)s (missing: %(missing)s; unknown: %(unknown)s)")
            % {"h": expected, "missing": ", ".join(missing), "unknown": ", ".join(unknown)},
        )
    return header


def neutralised(cell: str) -> str:
    """The text cell as written to a file: behind a single quote when it starts as a
    formula would, or when it starts with a quote that `restored` would take off (so
    that every text comes back as it was)."""
    if cell.startswith(FORMULA_STARTS) or _quoted(cell):
        return "'" + cell
    return cell


def restored(cell: str) -> str:
    """The text of a cell `neutralised` wrote: its guarding quote taken off."""
    return cell[1:] if _quoted(cell) else cell


def _quoted(cell: str) -> bool:
    return cell[:1] == "'" and cell[1:2] in (*FORMULA_STARTS, "'")


def parse_row(values: dict[str, str], *, line: int = 0) -> LogRow:
    """A LogRow from the row's text by column name; ValueError names the column, what
    is wrong and how to fix it. NUL characters are refused in every column: no
    database column stores them (PostgreSQL refuses them outright)."""
    for name, value in values.items():
        if "\x00" in value:
            raise ValueError(
                _("%(column)s holds a NUL character, which no record can keep: remove it")
                % {"column": name}
            )
    text = {name: value if name == "notes" else value.strip() for name, value in values.items()}
    text = text | {name: restored(text[name]) for name in TEXT_FIELDS if name in text}
    status = text["status"]
    if status not in (TAKEN, SKIPPED, EXTRA):
        raise ValueError(
            _("status “%(value)s” is unknown: use taken, skipped or extra") % {"value": status}
        )
    if not text["medication"]:
        raise ValueError(_("medication is empty: use its short name, like anakinra"))
    slot_date = _slot_date(text["slot_date"])
    common = dict(
        line=line,
        status=status,
        medication=text["medication"],
        slot_date=slot_date,
        reason=text["reason"],
        notes=text["notes"],
    )
    if status == SKIPPED:
        _check_skipped(text, slot_date)
        # The dose that was due, if given (DESIGN §7).
        return LogRow(**common, dose_mg=_dose_mg(text["dose_mg"]))
    if not text["taken_at"]:
        raise ValueError(
            _("a taken dose needs taken_at, the date and time it was given, like %(example)s")
            % {"example": EXAMPLE_TAKEN_AT}
        )
    if status == EXTRA and not text["reason"]:
        raise ValueError(_("an extra dose needs a reason: say what happened in the reason column"))
    return LogRow(
        **common,
        taken_at=_taken_at(text["taken_at"]),
        dose_mg=_dose_mg(text["dose_mg"]),
        site=_site(text),
        administered_by=_administered_by(text["administered_by"]),
    )


def _check_skipped(text: dict[str, str], slot_date: date | None) -> None:
    if slot_date is None:
        raise ValueError(_("a skipped slot needs slot_date, the day of the dose it skips"))
    if not text["reason"]:
        raise ValueError(_("a skipped slot needs a reason: say why in the reason column"))
    filled = [name for name in ["taken_at", *SITE_FIELDS] if text[name]]
    if filled:
        raise ValueError(
            _("a skipped slot has no %(fields)s: leave them empty, or set status to taken")
            % {"fields": ", ".join(filled)}
        )


def _slot_date(value: str) -> date | None:
    if not value:
        return None
    try:
        if not _DATE.match(value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("slot_date “%(value)s” is not a date: use YYYY-MM-DD") % {"value": value}
        ) from None


def _taken_at(value: str) -> datetime:
    try:
        taken_at = datetime.fromisoformat(value)
        taken_at.astimezone(UTC)  # years 1 and 9999 can overflow: not a dose date either
    except (ValueError, OverflowError):
        raise ValueError(
            _("taken_at “%(value)s” is not a date and time: use ISO 8601, like %(example)s")
            % {"value": value, "example": EXAMPLE_TAKEN_AT}
        ) from None
    if taken_at.utcoffset() is None:
        raise ValueError(
            _("taken_at “%(value)s” has no UTC offset: add one, like %(example)s")
            % {"value": value, "example": EXAMPLE_TAKEN_AT}
        )
    return taken_at


def _dose_mg(value: str) -> Decimal | None:
    """Empty means the regimen's dose, as in the app."""
    if not value:
        return None
    try:
        dose = Decimal(value)
    except InvalidOperation:
        dose = None
    if dose is None or not dose.is_finite() or not 0 < dose <= _MAX_DOSE_MG:
        raise ValueError(
            _("dose_mg “%(value)s” is not a dose: use a number of mg, like 100") % {"value": value}
        )
    if dose.as_tuple().exponent < -2:
        raise ValueError(
            _("dose_mg “%(value)s” has more than two decimals: round it, like 0.25")
            % {"value": value}
        )
    return dose.quantize(Decimal("0.01"))


def _site(text: dict[str, str]) -> Site:
    region_name, side = text["region"], text["side"]
    if region_name not in REGIONS:
        what = _("region “%(value)s” is unknown") % {"value": region_name}
        if not region_name:
            what = _("a taken dose needs region")
        raise ValueError(
            _("%(what)s: use one of %(choices)s") % {"what": what, "choices": ", ".join(REGIONS)}
        )
    region = REGIONS[region_name]
    if side not in region.sides:
        if region.sides == ("",):
            raise ValueError(
                _("side “%(value)s”: the %(region)s has no side, leave side empty")
                % {"value": side, "region": _region_label(region_name)}
            )
        raise ValueError(
            _("side “%(value)s” is not a side of the %(region)s: use left or right")
            % {"value": side, "region": _region_label(region_name)}
        )
    x_mm = _coordinate(text, "x_cm", region.width_mm, region_name)
    y_mm = _coordinate(text, "y_cm", region.height_mm, region_name)
    return Site(region_name, side, x_mm, y_mm)


def _coordinate(text: dict[str, str], column: str, limit_mm: int, region_name: str) -> int:
    value = text[column]
    if not value:
        raise ValueError(_("a taken dose needs %(column)s") % {"column": column})
    try:
        mm = parse_cm(value)
    except Invalid as error:
        raise ValueError(f"{column}: {explain(error)}") from None
    # Outside the region's frame the point is not on the body map at all; the
    # navel exclusion inside it is a site rule, flagged like the others on import.
    if not 0 <= mm <= limit_mm:
        region = REGIONS[region_name]
        raise ValueError(
            _(
                "%(axis)s %(value)s cm is outside the %(region)s, which is %(width)s by "
                "%(height)s cm: use 0 to %(limit)s"
            )
            % {
                "axis": column[0],
                "value": value,
                "region": _region_label(region_name),
                "width": format_cm(region.width_mm),
                "height": format_cm(region.height_mm),
                "limit": format_cm(limit_mm),
            }
        )
    return mm


def _region_label(region_name: str) -> str:
    return str(dict(REGION_CHOICES)[region_name])


def _administered_by(value: str) -> str:
    choices = [str(choice) for choice in Administrator]
    if value not in choices:
        what = _("administered_by “%(value)s” is unknown") % {"value": value}
        if not value:
            what = _("a taken dose needs administered_by")
        raise ValueError(
            _("%(what)s: use %(choices)s") % {"what": what, "choices": ", ".join(choices)}
        )
    return value


# Export


class CsvWriter:
    """csv.writer with lines ending in "\\n" that also quotes a cell holding a lone
    "\\r" (the csv module quotes only the characters of its line terminator, and an
    unquoted "\\r" does not read back): rows are written ending in "\\r\\n", which
    quotes both, and the "\\r" of the ending is dropped."""

    def __init__(self, out: TextIO):
        self.out = out
        self.row = io.StringIO()
        self.writer = csv.writer(self.row, lineterminator="\r\n")

    def writerow(self, cells) -> None:
        self.row.seek(0)
        self.row.truncate()
        self.writer.writerow(cells)
        self.out.write(self.row.getvalue()[:-2] + "\n")


def write_log(patient: Patient, out: TextIO) -> int:
    """Write the patient's log (every record not voided) in canonical form; returns the
    number of rows."""
    writer = CsvWriter(out)
    writer.writerow(FIELDS)
    count = 0
    for row in log_rows(patient):
        writer.writerow(row)
        count += 1
    return count


def log_doses(patient: Patient, *, include_voided: bool = False) -> QuerySet[Dose]:
    """The patient's log as the exports read it: each record as it stands now
    (corrections applied, since a correction changes the record in place), by slot
    date, then medication, then entry order; voided records left out unless asked."""
    doses = Dose.objects.filter(patient=patient)
    if not include_voided:
        doses = doses.filter(voided_at__isnull=True)
    return doses.select_related("regimen__medication").order_by(
        "slot_date", "regimen__medication__short_name", "pk"
    )


def log_rows(patient: Patient) -> Iterator[list[str]]:
    """The rows of `write_log`, by slot date, then medication, then entry order."""
    zones = SlotZones()
    for dose in log_doses(patient).iterator(chunk_size=2000):
        yield _row(dose, zones)


def _row(dose: Dose, zones: "SlotZones") -> list[str]:
    taken_at = ""
    if dose.taken_at is not None:
        local = dose.taken_at.astimezone(zones.zone(dose.regimen, dose.slot_date))
        taken_at = local.isoformat(timespec="seconds")
    site = dose.site
    return [
        taken_at,
        dose.slot_date.isoformat(),
        dose.regimen.medication.short_name,
        "" if dose.dose_mg is None else format_mg(dose.dose_mg),
        dose.region,
        dose.side,
        format_cm(site.x_mm) if site else "",
        format_cm(site.y_mm) if site else "",
        dose.administered_by,
        dose.status,
        neutralised(english_reason(dose.skip_reason, dose.reason)),
        neutralised(dose.notes),
    ]


class SlotZones:
    """The time zone of a regimen's slot on a date: that of the schedule version in
    force then, as Schedule.slot(date).time_zone says, without computing the slot
    (ten years of slots, one recurrence each, would be slow)."""

    def __init__(self):
        self._versions: dict[int, tuple[list[date], list[ScheduleVersion]]] = {}

    def version(self, regimen: Regimen, day: date) -> ScheduleVersion:
        """The schedule version in force on `day`: its `instant(day)` is the slot's
        scheduled instant, as Schedule.slot(day).scheduled_at says."""
        if regimen.pk not in self._versions:
            versions = regimen.schedule().versions
            self._versions[regimen.pk] = ([v.valid_from for v in versions], list(versions))
        starts, versions = self._versions[regimen.pk]
        return versions[max(0, bisect_right(starts, day) - 1)]

    def zone(self, regimen: Regimen, day: date):
        return self.version(regimen, day).tz
