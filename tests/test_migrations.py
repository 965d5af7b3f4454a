"""Data migrations, run against rows written in the schema they convert."""

import math
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("injections", "0005_supplies_and_health")]
AFTER = [("injections", "0006_mirrored_frames")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db):
    """The historical models of BEFORE; the database goes back to the latest schema after."""
    yield migrate(BEFORE)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_left_side_coordinates_are_mirrored_to_run_from_the_inner_edge(old_schema):
    apps = old_schema
    User = apps.get_model("auth", "User")
    Patient = apps.get_model("injections", "Patient")
    Medication = apps.get_model("injections", "Medication")
    Regimen = apps.get_model("injections", "Regimen")
    Dose = apps.get_model("injections", "Dose")
    DoseRevision = apps.get_model("injections", "DoseRevision")
    AvoidZone = apps.get_model("injections", "AvoidZone")

    user = User.objects.create(username="ruth")
    patient = Patient.objects.create(user=user)
    regimen = Regimen.objects.create(
        patient=patient,
        # Its own medication: a transactional test run earlier may have emptied the
        # table of the row migration 0002 adds.
        medication=Medication.objects.create(
            short_name="mirror-test", name="Mirror test", strength_mg=100, volume_ml=0.67
        ),
        dose_mg=100,
        start_date=date(2026, 11, 1),
    )

    def dose(day, region, side, x_mm, y_mm):
        record = Dose.objects.create(
            patient=patient, regimen=regimen, slot_date=date(2026, 11, day), status="taken",
            taken_at=datetime(2026, 11, day, 8, tzinfo=UTC), dose_mg=100, region=region,
            side=side, x_mm=x_mm, y_mm=y_mm, administered_by="caregiver", entered_by=user,
        )  # fmt: skip
        DoseRevision.objects.create(
            dose=record, version=1, action="created", changed_by=user,
            data={"region": region, "side": side, "x_mm": x_mm, "y_mm": y_mm},
        )  # fmt: skip
        return record.pk

    left_thigh = dose(2, "thigh", "left", 20, 50)
    left_thigh_far = dose(3, "thigh", "left", 50, 90)
    right_thigh = dose(4, "thigh", "right", 20, 50)
    left_arm = dose(5, "upper_arm", "left", 10, 60)
    abdomen = dose(6, "abdomen", "", 30, 40)
    zone = AvoidZone.objects.create(
        patient=patient, region="buttock", side="left", x_mm=30, y_mm=40, radius_mm=10,
        kind="scar", created_by=user,
    ).pk  # fmt: skip

    apps = migrate(AFTER)
    Dose = apps.get_model("injections", "Dose")
    DoseRevision = apps.get_model("injections", "DoseRevision")
    AvoidZone = apps.get_model("injections", "AvoidZone")

    def point(pk):
        record = Dose.objects.get(pk=pk)
        return record.x_mm, record.y_mm

    # A left-thigh record at x = 2 cm reads x = 10 cm: the thigh is 12 cm wide.
    assert point(left_thigh) == (100, 50)
    assert DoseRevision.objects.get(dose_id=left_thigh).data["x_mm"] == 100
    assert point(left_arm) == (70, 60)  # the arm is 8 cm wide
    assert (AvoidZone.objects.get(pk=zone).x_mm, AvoidZone.objects.get(pk=zone).y_mm) == (90, 40)
    # The right side and the abdomen were already in the new frame.
    assert point(right_thigh) == (20, 50)
    assert point(abdomen) == (30, 40)
    # Distances between points of one region-side are unchanged: 3 and 4 cm apart.
    (ax, ay), (bx, by) = point(left_thigh), point(left_thigh_far)
    assert math.hypot(ax - bx, ay - by) == 50

    # And back again.
    apps = migrate(BEFORE)
    assert apps.get_model("injections", "Dose").objects.get(pk=left_thigh).x_mm == 20
