"""Data migrations, run against rows written in the schema they convert."""

import importlib
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


# 0022: a skip's reason chosen from the list becomes a code (issue 15)

skip_codes = importlib.import_module("injections.migrations.0022_skip_reason_codes")


@pytest.mark.parametrize(
    "text, code, details",
    [
        ("I have a fever or an infection", "fever", ""),
        ("I have a fever or an infection: since Tuesday", "fever", "since Tuesday"),
        ("alice has a fever or an infection", "fever", ""),
        ("alice had a fever or an infection: 39 °C", "fever", "39 °C"),
        ("Their doctor said to pause: until the blood test", "doctor", "until the blood test"),
        ("Surgery or dental work is planned: knee", "surgery", "knee"),
        ("There was no usable syringe", "no-syringe", ""),
        ("I forgot", "forgot", ""),
        ("alice forgot: she slept late", "forgot", "she slept late"),
        ("alice was away from the syringes", "away", ""),
        ("Tengo fiebre o una infección: desde el martes", "fever", "desde el martes"),
        ("alice tiene fiebre o una infección", "fever", ""),
        ("Mi médico me dijo que hiciera una pausa", "doctor", ""),
        ("Tengo prevista una operación o un tratamiento dental: rodilla", "surgery", "rodilla"),
        ("No había ninguna jeringa que se pudiera usar", "no-syringe", ""),
        ("Se me olvidó", "forgot", ""),
        ("A alice se le olvidó: otra vez", "forgot", "otra vez"),
        ("alice no tenía las jeringas a mano", "away", ""),
        ("No tenía mis jeringas a mano: de viaje: 3 días", "away", "de viaje: 3 días"),
        ("Fever or infection: since Tuesday", "fever", "since Tuesday"),  # gone back, and on
        ("Forgot", "forgot", ""),
    ],
)
def test_reasons_stored_in_the_choosers_words_are_recognised(text, code, details):
    """Alice's reasons: the by-name forms wrote her username."""
    assert skip_codes.recognise(text, "alice") == (code, details)


def test_a_name_in_a_reason_is_the_patients_own_username_or_the_words_are_kept(db):
    assert skip_codes.recognise("bob.smith+1 forgot: slept in", "bob.smith+1") == (
        "forgot", "slept in",
    )  # fmt: skip
    # Typed after "Another reason": a person who is not the patient.
    for typed in ("Mum forgot", "Dad forgot: pharmacy closed",
                  "nurse had a fever or an infection", "alice forgot"):  # fmt: skip
        assert skip_codes.recognise(typed, "bob.smith+1") == ("", typed)


@pytest.mark.parametrize(
    "text",
    [
        "fever",
        "Stomach bug",
        "My husband forgot",  # not a username: kept whole, nothing guessed
        "I forgot:",
        "I forgot:   ",
        "I forgot it",
        "i have a fever or an infection",
        "Fiebre o infección",  # the Spanish of a code is never stored
        "Otro motivo",
    ],
)
def test_any_other_reason_is_left_as_it_is(text):
    assert skip_codes.recognise(text, "alice") == ("", text)


def test_going_back_writes_each_code_out_in_english():
    assert skip_codes.written_out("fever", "since Tuesday") == "Fever or infection: since Tuesday"
    assert skip_codes.written_out("forgot", "") == "Forgot"
    assert skip_codes.written_out("", "Stomach bug") == "Stomach bug"


def test_old_skips_get_their_codes_and_keep_their_details(transactional_db):
    apps = migrate([("injections", "0021_language_choice")])
    try:
        User = apps.get_model("auth", "User")
        Patient = apps.get_model("injections", "Patient")
        Medication = apps.get_model("injections", "Medication")
        Regimen = apps.get_model("injections", "Regimen")
        Dose = apps.get_model("injections", "Dose")
        user = User.objects.create(username="ruth")
        patient = Patient.objects.create(user=user)
        regimen = Regimen.objects.create(
            patient=patient,
            medication=Medication.objects.create(
                short_name="codes-test", name="Codes test", strength_mg=100, volume_ml=0.67
            ),
            dose_mg=100,
            start_date=date(2026, 11, 1),
        )
        reasons = {
            2: "I have a fever or an infection: since Tuesday",
            3: "ruth tenía fiebre o una infección",
            4: "Stomach bug",
        }
        pks = {
            day: Dose.objects.create(
                patient=patient, regimen=regimen, slot_date=date(2026, 11, day),
                status="skipped", reason=reason, entered_by=user,
            ).pk
            for day, reason in reasons.items()
        }  # fmt: skip
        override = Dose.objects.create(
            patient=patient, regimen=regimen, slot_date=date(2026, 11, 5), status="taken",
            taken_at=datetime(2026, 11, 5, 8, tzinfo=UTC), dose_mg=100, region="thigh",
            side="left", x_mm=60, y_mm=100, administered_by="self", reason="I forgot",
            flags=["too_soon"], entered_by=user,
        ).pk  # fmt: skip

        Dose = migrate([("injections", "0022_skip_reason_codes")]).get_model("injections", "Dose")

        def stored(pk):
            return Dose.objects.values_list("skip_reason", "reason").get(pk=pk)

        assert stored(pks[2]) == ("fever", "since Tuesday")
        assert stored(pks[3]) == ("fever", "")
        assert stored(pks[4]) == ("", "Stomach bug")
        assert stored(override) == ("", "I forgot")  # a dose's override reason is not a skip's

        Dose = migrate([("injections", "0021_language_choice")]).get_model("injections", "Dose")
        assert Dose.objects.get(pk=pks[2]).reason == "Fever or infection: since Tuesday"
        assert Dose.objects.get(pk=pks[3]).reason == "Fever or infection"
        assert Dose.objects.get(pk=pks[4]).reason == "Stomach bug"

        # And forward again: the codes come back.
        Dose = migrate([("injections", "0022_skip_reason_codes")]).get_model("injections", "Dose")
        assert stored(pks[2]) == ("fever", "since Tuesday")
        assert stored(pks[3]) == ("fever", "")
        assert stored(pks[4]) == ("", "Stomach bug")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
