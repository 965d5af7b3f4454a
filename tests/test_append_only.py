"""The audit log and the dose revisions are append-only in the database itself
(issue 13, item 4): whatever sends an UPDATE or a DELETE, the ORM or plain SQL, the
database refuses it, on SQLite and on PostgreSQL (the suite runs on both)."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from injections.models import AuditEvent, DoseRevision, append_only
from injections.rules.geometry import Site
from injections.services import audit
from injections.services.doses import record_dose


@pytest.fixture
def event(patient):
    return audit.record(AuditEvent.Action.VIEWED, actor=patient.user, patient=patient)


@pytest.fixture
def revision(regimen):
    at = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    dose = record_dose(regimen=regimen, taken_at=at, site=Site("thigh", "left", 60, 100),
                       administered_by="self", entered_by=regimen.patient.user, now=at)  # fmt: skip
    return dose.revisions.get()


def refused(sql: str, params=()) -> None:
    with pytest.raises(IntegrityError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_an_update_of_an_audit_row_fails_in_sql(event):
    refused("UPDATE injections_auditevent SET username = 'mallory' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.username == "alice"


def test_a_delete_of_an_audit_row_fails_in_sql(event):
    refused("DELETE FROM injections_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_update_of_an_audit_row_fails_through_the_orm(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditEvent.Action.CREATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        event.detail = "changed"
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_a_delete_of_an_audit_row_fails_through_the_orm(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        event.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_update_of_a_dose_revision_fails(revision):
    refused("UPDATE injections_doserevision SET reason = 'nothing happened' WHERE id = %s",
            [revision.pk])  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        DoseRevision.objects.filter(pk=revision.pk).update(reason="nothing happened")
    revision.refresh_from_db()
    assert revision.reason == ""


def test_a_delete_of_a_dose_revision_fails(revision):
    refused("DELETE FROM injections_doserevision WHERE id = %s", [revision.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        DoseRevision.objects.filter(pk=revision.pk).delete()
    assert DoseRevision.objects.filter(pk=revision.pk).exists()


def test_new_rows_are_still_added(event, revision):
    audit.record(AuditEvent.Action.EXPORTED, patient=event.patient)
    assert AuditEvent.objects.filter(patient=event.patient).count() >= 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
@pytest.mark.parametrize("table", append_only.TABLES)
def test_a_truncate_fails_on_postgresql(event, revision, table):
    with connection.cursor() as cursor:
        # The rows' foreign keys checked now, so that the trigger is what answers.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    refused(f"TRUNCATE {table} CASCADE")


def test_every_append_only_table_has_its_triggers(db):
    """A later migration that remakes one of these tables on SQLite drops its
    triggers with it; this fails until it makes them again."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        names = {row[0] for row in cursor.fetchall()}
    assert append_only.trigger_names(connection.vendor) <= names
