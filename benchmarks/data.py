"""The benchmark's database and the people in it, built fast.

A database of its own: a SQLite file in a temporary folder, or a new PostgreSQL
database beside the one DATABASE_URL names, dropped at the end. Patients and
regimens are made by the services, as a clinic would make them; their years of
daily doses are written with bulk_create, as the clinic-scale test does.
"""

import os
import secrets
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url

# A patient's daily history at each size, in days.
SIZES = {"1 week": 7, "1 year": 365, "10 years": 3650}
CLINIC_PATIENTS = 1000
CLINIC_DAYS = 365
PASSWORD = "benchmark patient " + secrets.token_hex(4)
# Where a patient who injects themselves rotates: DESIGN §4's self-injectable sides.
ROTATION = (("abdomen", ""), ("thigh", "left"), ("thigh", "right"))


@contextmanager
def database(folder: Path):
    """The URL of an empty database of the benchmark's own, removed afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'bench.sqlite3'}"
        return
    import psycopg

    base = dj_database_url.parse(given)
    name = f"medtrack_bench_{secrets.token_hex(4)}"
    admin = dict(
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        password=base["PASSWORD"],
        dbname=base["NAME"],
        autocommit=True,
    )
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    user = f"{base['USER']}:{base['PASSWORD']}" if base["PASSWORD"] else base["USER"]
    try:
        yield f"postgres://{user}@{base['HOST']}:{base['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(**admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Cast:
    """Who signs in to the served app, by size: a patient whose pages are read, a
    patient who logs doses (so that the first one's page stays as it was), and the
    clinician of the 1,000 patients."""

    password: str
    readers: dict[str, str] = field(default_factory=dict)
    loggers: dict[str, str] = field(default_factory=dict)
    clinician: str = "bench-clinician"
    clinic_patients: int = 0
    doses: int = 0


def build(*, now: datetime, clinic_patients: int = CLINIC_PATIENTS) -> Cast:
    """Every size's patients, each due now (their daily time is now's, in UTC), and the
    clinic. Needs Django set up on the benchmark's database, migrated."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from injections.models import Clinic, ClinicStaff, Enrollment
    from injections.services.patients import create_patient

    User = get_user_model()
    cast = Cast(password=PASSWORD)
    daily = time(now.hour, now.minute)
    today = now.date()
    with transaction.atomic():
        for size, days in SIZES.items():
            for role, names in (("reader", cast.readers), ("logger", cast.loggers)):
                names[size] = f"bench-{role}-{days}d"
                patient = create_patient(
                    username=names[size],
                    time_of_day=daily,
                    time_zone="UTC",
                    start_date=today - timedelta(days=days),
                )
                cast.doses += _insert_doses(_history(patient, days=days, today=today, at=daily))
        clinic = Clinic.objects.create(name="Benchmark Rheumatology", created_at=now)
        staff = User.objects.create_user(cast.clinician)
        ClinicStaff.objects.create(clinic=clinic, user=staff)
        # One hash for everyone who signs in: hashing is slow by design.
        User.objects.filter(
            username__in=[*cast.readers.values(), *cast.loggers.values(), cast.clinician]
        ).update(password=make_password(PASSWORD))
        patients = _clinic_patients(
            clinic_patients, start=today - timedelta(days=CLINIC_DAYS), at=daily, now=now
        )
        Enrollment.objects.bulk_create(
            Enrollment(patient=p, clinic=clinic, joined_at=now) for p in patients
        )
        for n, patient in enumerate(patients):
            history = _history(patient, days=CLINIC_DAYS, today=today, at=daily, offset=n)
            cast.doses += _insert_doses(history)
    cast.clinic_patients = clinic_patients
    return cast


def _clinic_patients(count: int, *, start: date, at: time, now: datetime) -> list:
    """What `create_patient` writes for a patient who does not sign in, for `count`
    patients at once: the user, the patient, an anakinra regimen and its schedule."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from injections.models import Medication, Patient, Regimen, ScheduleVersion

    anakinra = Medication.objects.get(short_name="anakinra")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-clinic-{n:04}", password=make_password(None))
        for n in range(count)
    )
    patients = Patient.objects.bulk_create(Patient(user=user, created_at=now) for user in users)
    regimens = Regimen.objects.bulk_create(
        Regimen(
            patient=patient, medication=anakinra, dose_mg=anakinra.strength_mg, start_date=start
        )
        for patient in patients
    )
    ScheduleVersion.objects.bulk_create(
        ScheduleVersion(
            regimen=regimen,
            valid_from=start,
            rrule="FREQ=DAILY",
            time_of_day=at,
            time_zone="UTC",
            dose_mg=anakinra.strength_mg,
            created_by=patient.user,
            reason="regimen started",
        )
        for regimen, patient in zip(regimens, patients, strict=True)
    )
    for patient, regimen in zip(patients, regimens, strict=True):
        patient.regimen = regimen
    return patients


# The columns each dose of a history has of its own; the others are as a new Dose has them.
OWN = (
    "patient_id",
    "regimen_id",
    "entered_by_id",
    "slot_date",
    "taken_at",
    "entered_at",
    "region",
    "side",
    "x_mm",
    "y_mm",
)


def _insert_doses(rows) -> int:
    """Doses by `executemany`, Django's own conversion applied once to the columns
    every row shares: bulk_create spends most of its time converting each value."""
    from django.db import connection

    from injections.models import Dose

    fields = [field for field in Dose._meta.concrete_fields if not field.primary_key]
    template = Dose(status="taken", dose_mg=Decimal(100), administered_by="self")
    shared = {
        field.attname: field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in fields
        if field.attname not in OWN
    }
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Dose._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    count = 0
    with connection.cursor() as cursor:
        batch = []
        for row in rows:
            values = shared | dict(zip(OWN, row, strict=True))
            batch.append([values[field.attname] for field in fields])
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
    return count + len(batch)


def _history(patient, *, days: int, today: date, at: time, offset: int = 0):
    """A dose a day up to yesterday, rotating over the patient's own sides and
    spreading over each; one missed in thirty and one taken three hours late in
    eleven. Each as the values of OWN, ready for the database."""
    from django.db import connection

    from injections.rules.geometry import REGIONS

    regimen = getattr(patient, "regimen", None) or patient.regimens.get()
    day_value = connection.ops.adapt_datefield_value
    instant = connection.ops.adapt_datetimefield_value
    for back in range(days, 0, -1):
        if (back + offset) % 30 == 0:
            continue
        region, side = ROTATION[back % 3]
        frame = REGIONS[region]
        turn = back // 3
        x = 10 + (turn * 37) % (frame.width_mm - 20)
        y = 10 + (turn * 53) % (frame.height_mm - 20)
        if region == "abdomen":
            y = 10 + (turn * 7) % 20  # above the navel's exclusion
        day = today - timedelta(days=back)
        late = timedelta(hours=3) if (back + offset) % 11 == 0 else timedelta()
        taken_at = datetime.combine(day, at, tzinfo=UTC) + late
        yield (
            patient.pk,
            regimen.pk,
            patient.user_id,
            day_value(day),
            instant(taken_at),
            instant(taken_at + timedelta(minutes=1)),
            region,
            side,
            x,
            y,
        )
