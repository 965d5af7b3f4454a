"""Importing a dose log from CSV, all or nothing (DESIGN §7).

Imported history is recorded as it happened: a dose that broke a site rule or
fell outside its slot's window is kept with the rules' codes as flags, never
refused. What makes a file invalid is what the log cannot hold: a row that cannot
be read, a slot that does not exist, a slot with two outcomes, or an extra dose in
a slot with no taken dose (DESIGN §5). Every such row is reported, with its line.

A ten-year file has thousands of rows, so the work is done in memory against
data read once: each regimen's slots for the file's dates, the patient's existing
injections, and, while walking the doses in time order, only the injections the
site rules can still see (the last rest period and the one before it).

Nothing of that takes a write lock: the file is read, planned and checked first.
Then its records are written in short transactions, BATCH_SIZE rows each, as rows
of an ImportBatch that no read of the log sees (`Dose.pending_import`), with a
pause between them on SQLite so that other patients' writes, queued on the
database's one write lock, go in between. A last short transaction makes every
row a record at once; the one-outcome-per-slot constraint, which pending rows step
aside from, is checked there, so a dose recorded meanwhile for a slot of the file
makes the import fail cleanly. A failed import's rows stay hidden for good: they
were never records, and revisions cannot be deleted (docs/decisions.md).
"""

import time
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..exports.csvlog import InvalidRow, LogRow
from ..models import AvoidZone, Dose, DoseRevision, ImportBatch, Patient, Regimen
from ..reading.facts import past_injections
from ..reading.regimens import active_regimens, zone_of
from ..reading.sites import spacing_on
from ..rules.flags import Flag
from ..rules.invalid import Invalid
from ..rules.schedule import (
    CLOCK_TOLERANCE,
    INJECTIONS,
    Schedule,
    Slot,
    attribute_dose,
    in_future,
    too_soon,
)
from ..rules.sites import AvoidZone as Zone
from ..rules.sites import PastInjection, RestWindow, check_site
from ..text.skips import recognised_reason
from . import audit
from .errors import ServiceError, SlotAlreadyRecorded

BATCH_SIZE = 2000
# Between two batches on SQLite: longer than the busy handler's longest sleep between
# two tries (100 ms), so that a writer queued behind a batch gets the lock next.
PAUSE_SECONDS = 0.1
# The errors a refusal lists; the others are counted ("and 12 more").
MAX_ERRORS = 100
# An import still being written this long after it started was stopped half-way (its
# process ended): it is marked failed when the patient next imports.
ABANDONED_AFTER = timedelta(hours=1)
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong with a line of the file (1-based, the header is 1), or with the
    file as a whole when `line` is None."""

    line: int | None
    message: str

    def __str__(self):
        if self.line is None:
            return self.message
        return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class ImportRefused(ServiceError):
    """The file cannot be imported. `errors` lists what is wrong, by line (the first
    MAX_ERRORS of them); `more` counts the others; `line` and `message` are the
    first error's."""

    def __init__(self, errors: list[RowError], *, more: int = 0):
        self.errors = errors
        self.more = more
        self.line, self.message = errors[0].line, errors[0].message
        lines = [str(error) for error in errors]
        if more:
            lines.append(
                ngettext("and %(count)d more problem", "and %(count)d more problems", more)
                % {"count": more}
            )
        if len(lines) == 1:
            text = _("%(problem)s; nothing was imported") % {"problem": lines[0]}
        else:
            text = "\n".join([*lines, _("Nothing was imported.")])
        super().__init__(text)


class _Errors:
    """The errors found so far, the first MAX_ERRORS kept, the rest counted."""

    def __init__(self):
        self.kept: list[RowError] = []
        self.count = 0

    def add(self, line: int | None, message: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_ERRORS:
            self.kept.append(RowError(line, message))

    def refusal(self) -> ImportRefused:
        kept = sorted(self.kept, key=lambda error: error.line or 0)
        return ImportRefused(kept, more=self.count - len(kept))


@dataclass(slots=True)
class _Planned:
    """A row with its regimen and slot settled, and the flags the checks found."""

    row: LogRow
    regimen: Regimen
    slot: Slot
    flags: list[str] = field(default_factory=list)


def import_doses(
    *,
    patient: Patient,
    rows: Iterable[LogRow | InvalidRow],
    entered_by: AbstractBaseUser,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> int:
    """Record every row of a dose log (csvlog.read_log or read_rows) for `patient`, or
    none. Call it outside a transaction: it makes its own short ones.

    Raises ImportRefused listing every row that cannot be recorded, with its line.
    `progress(done, total)` is told how many rows are written. Returns the number of
    records created.
    """
    now = now or timezone.now()
    planned = check_import(patient=patient, rows=rows, now=now)
    _write(planned, patient=patient, entered_by=entered_by, now=now, progress=progress)
    return len(planned)


def check_import(
    *, patient: Patient, rows: Iterable[LogRow | InvalidRow], now: datetime
) -> list["_Planned"]:
    """Read and check the whole file, writing nothing: each row's regimen, slot and
    flags, or ImportRefused with every error found."""
    errors = _Errors()
    read = []
    try:
        for item in rows:
            if isinstance(item, InvalidRow):
                errors.add(item.line, item.message)
            else:
                read.append(item)
    except InvalidRow as error:  # read_rows stops at its first bad row
        errors.add(error.line, error.message)
    if not read and not errors.count:
        errors.add(None, _("the file has no rows after its header: nothing to import"))
    planner = _Planner(patient, read, now, errors)
    planned = planner.plan()
    if errors.count:
        raise errors.refusal()
    _flag_site_rules(patient, planned, planner.all_regimens, now)
    _flag_gaps(planned)
    return planned


class _SlotIndex:
    """A regimen's slots over the file's dates, computed once. It answers the three
    questions rules.schedule.attribute_dose asks of a Schedule, by look-up."""

    def __init__(self, schedule: Schedule, start: date, end: date):
        self.schedule = schedule
        self.slots = schedule.slots(start, end)
        self.by_date = {slot.date: slot for slot in self.slots}
        self.opens = [slot.opens_at for slot in self.slots]
        self.scheduled = [slot.scheduled_at for slot in self.slots]
        self.start, self.end = start, end

    def slot(self, day: date) -> Slot | None:
        if self.start <= day <= self.end:
            return self.by_date.get(day)
        return self.schedule.slot(day)

    def open_slot(self, at: datetime) -> Slot | None:
        index = bisect_right(self.opens, at) - 1
        if index >= 0 and self.slots[index].is_open(at):
            return self.slots[index]
        return None

    def last_opened(self, at: datetime) -> Slot | None:
        if not self.slots or not self.opens[0] <= at < self.opens[-1]:
            # Before or after every slot the schedule decides how far it looks.
            return self.schedule.last_opened(at)
        return self.slots[bisect_right(self.opens, at) - 1]

    def first_opens_at(self) -> datetime | None:
        return self.schedule.first_opens_at()


class _Planner:
    """Settles each row's regimen and slot, in file order, refusing what the log
    cannot hold."""

    def __init__(self, patient: Patient, rows: list[LogRow], now: datetime, errors: _Errors):
        self.patient = patient
        self.rows = rows
        self.now = now
        self.errors = errors
        self.all_regimens = list(active_regimens(patient))
        self.regimens: dict[str, list[Regimen]] = {}
        for regimen in self.all_regimens:
            self.regimens.setdefault(regimen.medication.short_name, []).append(regimen)
        self.indexes: dict[int, _SlotIndex] = {}
        self.start, self.end = _date_range(rows, now)
        outcomes = Dose.objects.filter(patient=patient, voided_at__isnull=True).exclude(
            status=Dose.Status.EXTRA
        )
        self.recorded = set(outcomes.values_list("regimen_id", "slot_date"))
        self.taken = set(
            outcomes.filter(status=Dose.Status.TAKEN).values_list("regimen_id", "slot_date")
        )

    def plan(self) -> list[_Planned]:
        """The rows that can be recorded, outcomes first; each one that cannot is added
        to the errors."""
        planned, seen, extras = [], {}, []
        for row in self.rows:
            try:
                item = self._settle(row)
            except ServiceError as error:
                self.errors.add(row.line, str(error))
                continue
            key = (item.regimen.pk, item.slot.date)
            if row.status == Dose.Status.EXTRA:
                # Beside the slot's taken dose, never its outcome: checked once every
                # row is placed, since the taken dose may come later in the file.
                item.flags = [str(Flag.EXTRA_DOSE)]
                extras.append(item)
                continue
            if key in seen:
                self.errors.add(
                    row.line,
                    _("the slot of %(medication)s on %(date)s is also on line %(other)d: keep one")
                    % {"medication": row.medication, "date": item.slot.date, "other": seen[key]},
                )
                continue
            seen[key] = row.line
            if key in self.recorded:
                self.errors.add(row.line, str(SlotAlreadyRecorded(item.slot.date)))
                continue
            planned.append(item)
        taken = self.taken | {
            (item.regimen.pk, item.slot.date) for item in planned
            if item.row.status == Dose.Status.TAKEN
        }  # fmt: skip
        for item in extras:
            if (item.regimen.pk, item.slot.date) not in taken:
                self.errors.add(
                    item.row.line,
                    _("an extra dose for %(medication)s on %(date)s needs that slot's taken "
                      "dose, in the file or already recorded")
                    % {"medication": item.row.medication, "date": item.slot.date},
                )  # fmt: skip
        # Outcomes first, so that each slot's record is written before its extra doses.
        return planned + extras

    def _settle(self, row: LogRow) -> _Planned:
        self._check_not_future(row)
        regimen = self._regimen(row)
        index = self._index(regimen)
        if row.status == Dose.Status.SKIPPED:
            slot = index.slot(row.slot_date)
            if slot is None:
                raise ServiceError(_("no dose is scheduled on %(date)s") % {"date": row.slot_date})
            return _Planned(row, regimen, slot)
        # attribute_dose takes a Schedule; the index answers the same questions by look-up.
        try:
            slot, late = attribute_dose(index, taken_at=row.taken_at, slot_date=row.slot_date)
        except Invalid as error:
            raise ServiceError.from_invalid(error) from None
        return _Planned(row, regimen, slot, [Flag.OUTSIDE_WINDOW] if late else [])

    def _check_not_future(self, row: LogRow) -> None:
        if row.taken_at and in_future(row.taken_at, now=self.now):
            raise ServiceError(
                _("taken_at %(value)s is in the future: an import records what has happened")
                % {"value": row.taken_at.isoformat()}
            )
        if row.slot_date and row.slot_date > self.now.astimezone(UTC).date() + timedelta(days=1):
            raise ServiceError(
                _("slot_date %(date)s is in the future: an import records what has happened")
                % {"date": row.slot_date}
            )

    def _regimen(self, row: LogRow) -> Regimen:
        regimens = self.regimens.get(row.medication)
        if not regimens:
            known = ", ".join(self.regimens) or "-"
            raise ServiceError(
                _("medication “%(name)s”: %(patient)s has no regimen of it (theirs: %(known)s)")
                % {"name": row.medication, "patient": self.patient, "known": known}
            )
        # Without slot_date the slot is found from taken_at, whose local date may be a
        # day off the UTC one: allow a day either side of the regimen's dates.
        day = row.slot_date or row.taken_at.astimezone(UTC).date()
        slack = timedelta(days=0 if row.slot_date else 1)
        for regimen in regimens:
            ended = regimen.end_date is not None and day > regimen.end_date + slack
            if regimen.start_date - slack <= day and not ended:
                return regimen
        raise ServiceError(
            _("no %(medication)s dose is scheduled on %(date)s: %(dates)s")
            % {
                "medication": row.medication,
                "date": day.isoformat(),
                "dates": "; ".join(_describe_dates(regimen) for regimen in regimens),
            }
        )

    def _index(self, regimen: Regimen) -> _SlotIndex:
        if regimen.pk not in self.indexes:
            self.indexes[regimen.pk] = _SlotIndex(regimen.schedule(), self.start, self.end)
        return self.indexes[regimen.pk]


def _describe_dates(regimen: Regimen) -> str:
    if regimen.end_date is None:
        return _("the regimen starts on %(start)s") % {"start": regimen.start_date}
    return _("the regimen runs from %(start)s to %(end)s") % {
        "start": regimen.start_date,
        "end": regimen.end_date,
    }


def _date_range(rows: list[LogRow], now: datetime) -> tuple[date, date]:
    """The dates the file's slots can fall on: its slot dates and the days around its
    doses (a slot's local date can differ from the UTC date of its dose), up to now."""
    days = [row.slot_date for row in rows if row.slot_date]
    days += [row.taken_at.astimezone(UTC).date() for row in rows if row.taken_at]
    last = now.astimezone(UTC).date() + timedelta(days=2)
    if not days:
        return last, last
    margin = timedelta(days=2)
    # The margins stop at the calendar's ends: a row dated 9999-12-31 is refused by
    # the rules later, with its line, not by an OverflowError here.
    return max(min(days), date.min + margin) - margin, min(max(days), last - margin) + margin


def _flag_site_rules(
    patient: Patient, planned: list[_Planned], regimens: list[Regimen], now: datetime
) -> None:
    """Check each taken dose's site against the injections before it, the file's and
    the stored ones, and keep what it broke as flags (DESIGN §4, §7).

    As record_dose does for a dose given earlier, the stored log is read as it stands
    now, up to the latest instant a row may have (see _check_not_future).
    """
    known_at = now + CLOCK_TOLERANCE
    existing = past_injections(patient, at=known_at)
    # Unhealed reactions count however old they are, so they stay in every check.
    unhealed = [injection for injection in existing if injection.reaction_unresolved]
    recent = RestWindow(existing, max((r.site_rest_days for r in regimens), default=0))
    marked = AvoidZone.objects.filter(patient=patient, created_at__lt=known_at).filter(
        Q(removed_at__isnull=True) | Q(removed_at__gte=known_at)
    )
    zones = [
        (Zone(zone.site, zone.radius_mm, zone.kind), zone.ends_on or date.max) for zone in marked
    ]
    tz = zone_of(regimens)
    # Extra doses too: rotation counts every injection (DESIGN §5).
    taken = sorted(
        (item for item in planned if item.row.status in INJECTIONS),
        key=lambda item: (item.row.taken_at, item.row.line),
    )
    for item in taken:
        row = item.row
        day = row.taken_at.astimezone(tz).date()
        violations = check_site(
            row.site,
            at=row.taken_at,
            administered_by=row.administered_by,
            history=recent.at(row.taken_at) + unhealed,
            avoid_zones=[zone for zone, ends_on in zones if ends_on >= day],
            rules=spacing_on(regimens, day),
        )
        item.flags[:0] = [str(violation.code) for violation in violations]
        recent.add(PastInjection(row.site, row.taken_at))


def _flag_gaps(planned: list[_Planned]) -> None:
    """Flag each taken dose that came too soon after another injection of its regimen,
    the file's or a stored one, or before a stored one (DESIGN §5 `too_soon`), as
    record_dose would have refused it. Only the nearest neighbours in time can be
    too near, so each dose looks at two at most."""
    by_regimen: dict[int, list[tuple[datetime, _Planned | None]]] = {}
    for item in planned:
        if item.row.status in INJECTIONS:
            by_regimen.setdefault(item.regimen.pk, []).append((item.row.taken_at, item))
    stored = Dose.objects.filter(
        regimen__in=list(by_regimen), status__in=INJECTIONS, voided_at__isnull=True
    ).values_list("regimen_id", "taken_at")
    for regimen_id, taken_at in stored:
        by_regimen[regimen_id].append((taken_at, None))
    regimens = {item.regimen.pk: item.regimen for item in planned}
    versions = {pk: regimen.schedule().versions for pk, regimen in regimens.items()}
    for regimen_id, doses in by_regimen.items():
        doses.sort(key=lambda dose: (dose[0], dose[1] is not None))
        for index, (taken_at, item) in enumerate(doses):
            if item is None or item.row.status != Dose.Status.TAKEN:
                continue
            # The dose before it; and the one after it when that one is stored, as
            # record_dose checks both sides of a dose logged after the fact. Of two
            # rows of the file, the later one is the one too soon.
            neighbours = doses[index - 1 : index] + [
                dose for dose in doses[index + 1 : index + 2] if dose[1] is None
            ]
            neighbours = [instant for instant, _item in neighbours]
            # The gap of the rule in force for the dose's slot, as record_dose uses.
            in_force = [v for v in versions[regimen_id] if v.valid_from <= item.slot.date]
            interval = (in_force or versions[regimen_id])[-1].interval
            if too_soon(taken_at, others=neighbours, interval=interval):
                item.flags.append(str(Flag.TOO_SOON))


def _write(planned, *, patient, entered_by, now, progress: Progress | None) -> None:
    """Write the planned rows as a hidden batch, in short transactions, then make them
    records at once; on any failure mark the batch failed, its rows hidden for good."""
    _discard_abandoned(patient, now=now)
    total = len(planned)
    batch = ImportBatch.objects.create(
        patient=patient, entered_by=entered_by, started_at=now, rows=total
    )
    try:
        for start in range(0, total, BATCH_SIZE):
            if start:
                _let_others_write()
            # Made before the transaction, so that it holds the lock only to insert.
            doses = [
                _dose(item, patient=patient, entered_by=entered_by, now=now, batch=batch)
                for item in planned[start : start + BATCH_SIZE]
            ]
            with transaction.atomic():
                _insert(doses)
                ids = _ids_of_last(batch, len(doses))
                for dose, pk in zip(doses, ids, strict=True):
                    dose.pk = pk
                _insert([_revision(dose, entered_by, now) for dose in doses])
                ImportBatch.objects.filter(pk=batch.pk).update(written=start + len(doses))
            if progress:
                progress(start + len(doses), total)
        _complete(batch, planned)
    except BaseException:
        _discard(batch, now=timezone.now())
        raise


def _insert(objects: list) -> None:
    """INSERT rows of one model, the statement made once for all of them: what
    bulk_create does, without compiling the statement again for every value, which
    made it most of a large import's time. Values go through each field's own
    conversion for the database, as a save would."""
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    # The connection itself, not django.db.connection: each attribute of that proxy is
    # looked up again per request context, a million times per large import.
    db = connections[DEFAULT_DB_ALIAS]
    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Text, numbers and ids go as they are; dates, times, decimals and JSON through
    # their field, which knows the database's form of them.
    converted = [isinstance(field, _CONVERTED) for field in fields]
    params = [
        [
            field.get_db_prep_save(value, db) if convert else value
            for field, convert in zip(fields, converted, strict=True)
            for value in (getattr(obj, field.attname),)
        ]
        for obj in objects
    ]
    with db.cursor() as cursor:
        cursor.executemany(sql, params)


_CONVERTED = (models.DateField, models.DecimalField, models.JSONField)  # DateTimeField too


def _ids_of_last(batch: ImportBatch, count: int) -> list[int]:
    """The ids of the batch's `count` rows inserted last, in the order they were
    inserted (ids only grow, and only this import writes the batch's rows)."""
    ids = Dose.with_pending.filter(pending_import=batch).order_by("-pk")
    return list(reversed(ids.values_list("pk", flat=True)[:count]))


def _let_others_write() -> None:
    """SQLite has one write lock for the whole database: a writer that found it taken
    sleeps and tries again, and would find the next batch holding it. A pause longer
    than its sleep lets it in. Other databases lock rows, not the database."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(PAUSE_SECONDS)


def _complete(batch: ImportBatch, planned: list[_Planned]) -> None:
    """The one transaction that makes the batch's rows records, all at once."""
    try:
        with transaction.atomic():
            _check_extras_still_beside_their_dose(batch, planned)
            Dose.with_pending.filter(pending_import=batch).update(pending_import=None)
            ImportBatch.objects.filter(pk=batch.pk).update(
                state=ImportBatch.State.IMPORTED, finished_at=timezone.now()
            )
            # One event for the whole file: its rows are records from this transaction.
            audit.record(audit.Action.CREATED, actor=batch.entered_by, patient=batch.patient,
                         obj=batch, detail=f"import of {len(planned)} rows")  # fmt: skip
    except IntegrityError:
        # The one-outcome-per-slot constraint: a record was saved meanwhile.
        raise _recorded_meanwhile(batch, planned) from None


def _check_extras_still_beside_their_dose(batch: ImportBatch, planned: list[_Planned]) -> None:
    """An extra dose planned beside a taken dose already stored needs that dose still
    there: it may have been voided while the batch was written."""
    outcomes = {
        (item.regimen.pk, item.slot.date)
        for item in planned
        if item.row.status == Dose.Status.TAKEN
    }
    leaning = [
        item
        for item in planned
        if item.row.status == Dose.Status.EXTRA
        and (item.regimen.pk, item.slot.date) not in outcomes
    ]
    if not leaning:
        return
    stored = set(
        Dose.objects.filter(
            patient=batch.patient_id,
            status=Dose.Status.TAKEN,
            voided_at__isnull=True,
            slot_date__in={item.slot.date for item in leaning},
        ).values_list("regimen_id", "slot_date")
    )
    errors = _Errors()
    for item in leaning:
        if (item.regimen.pk, item.slot.date) not in stored:
            errors.add(
                item.row.line,
                _("the taken dose of %(date)s that this extra dose was beside was voided "
                  "while the file was being imported")
                % {"date": item.slot.date},
            )  # fmt: skip
    if errors.count:
        raise errors.refusal()


def _recorded_meanwhile(batch: ImportBatch, planned: list[_Planned]) -> ImportRefused:
    """The refusal when the slots of some rows got their outcome while the batch was
    written (by someone logging a dose in the app): those rows, by line."""
    lines = {
        (item.regimen.pk, item.slot.date): item.row.line
        for item in planned
        if item.row.status != Dose.Status.EXTRA
    }
    recorded = (
        Dose.objects.filter(patient=batch.patient_id, voided_at__isnull=True)
        .exclude(status=Dose.Status.EXTRA)
        .filter(slot_date__in={day for _regimen, day in lines})
        .values_list("regimen_id", "slot_date")
    )
    errors = _Errors()
    for key in recorded:
        if key in lines:
            errors.add(
                lines[key],
                _("a dose or a skip was recorded in the app for the slot of %(date)s while "
                  "this file was being imported: remove this row and import the file again")
                % {"date": formats.date_format(key[1], _("l j F Y"))},
            )  # fmt: skip
    if not errors.count:
        errors.add(None, _("a dose was recorded for one of these slots while importing: try again"))
    return errors.refusal()


def _discard(batch: ImportBatch, *, now: datetime) -> None:
    """Mark a batch failed: its rows stay hidden for good (`pending_import` on a failed
    batch is seen by no read and steps aside from every constraint). They are kept,
    not deleted, because dose revisions are append-only in the database (migration
    0017): nobody ever saw them, and nothing of the log changes (docs/decisions.md)."""
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportBatch.State.FAILED, finished_at=now)


def _discard_abandoned(patient: Patient, *, now: datetime) -> None:
    """An import whose process ended before it completed: failed, its rows hidden."""
    for batch in ImportBatch.objects.filter(
        patient=patient, state=ImportBatch.State.WRITING, started_at__lt=now - ABANDONED_AFTER
    ):
        _discard(batch, now=now)


def _revision(dose: Dose, entered_by, now) -> DoseRevision:
    return DoseRevision(
        dose=dose,
        version=dose.version,
        action=DoseRevision.Action.CREATED,
        changed_by=entered_by,
        changed_at=now,
        reason=dose.reason,
        data=dose.snapshot(),
    )


def _dose(item: _Planned, *, patient, entered_by, now, batch: ImportBatch) -> Dose:
    row = item.row
    dose = Dose(
        pending_import=batch,
        patient=patient,
        regimen=item.regimen,
        slot_date=item.slot.date,
        status=row.status,
        reason=row.reason,
        notes=row.notes,
        flags=item.flags,
        source=Dose.Source.IMPORT,
        entered_by=entered_by,
        entered_at=now,
    )
    # A skip keeps the dose that was due as the file gives it, even none (DESIGN §7),
    # so that a file exported again reads as it was imported.
    dose.dose_mg = row.dose_mg
    if row.status == Dose.Status.SKIPPED:
        # A reason as the export writes a chosen one, a neutral English label with
        # its details, is that reason again; any other text is kept as a reason in
        # words (docs/decisions.md).
        dose.skip_reason, dose.reason = recognised_reason(row.reason)
    if row.status in INJECTIONS:
        site = row.site
        dose.taken_at = row.taken_at.astimezone(UTC)
        dose.dose_mg = item.regimen.dose_on(item.slot.date) if row.dose_mg is None else row.dose_mg
        dose.region, dose.side, dose.x_mm, dose.y_mm = site.region, site.side, site.x_mm, site.y_mm
        dose.administered_by = row.administered_by
    return dose
