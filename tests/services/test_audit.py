"""The audit events the services write (issue 13, item 4), in the transaction of the
change: who, as whom, whose record, what record, and from where (outside a request,
the command line)."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from injections.exports.csvlog import FIELDS, read_log
from injections.models import AuditEvent, Clinic, Dose
from injections.rules.geometry import Site
from injections.services import audit, clinics, sharing
from injections.services.doses import correct_dose, record_dose, void_dose
from injections.services.errors import SlotAlreadyRecorded
from injections.services.health import record_side_effect
from injections.services.importing import import_doses

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW)
A = AuditEvent.Action


def last(**where) -> AuditEvent:
    return AuditEvent.objects.filter(**where).order_by("pk").last()


def dose_by(user, regimen, **options) -> Dose:
    return record_dose(regimen=regimen, taken_at=NOW, site=Site("thigh", "left", 60, 100),
                       administered_by="self" if user == regimen.patient.user else "caregiver",
                       entered_by=user, **options)  # fmt: skip


def test_a_dose_its_correction_and_its_void_each_write_an_event(regimen, patient):
    dose = dose_by(patient.user, regimen)
    correct_dose(dose=dose, changed_by=patient.user, reason="typo", notes="left thigh")
    void_dose(dose=dose, voided_by=patient.user, reason="wrong patient")
    rows = AuditEvent.objects.filter(object_kind="dose", object_id=dose.pk).order_by("pk")
    assert [(e.action, e.actor, e.role, e.patient, e.source, e.ip) for e in rows] == [
        (action, patient.user, "patient", patient, "command", None)
        for action in ("created", "corrected", "voided")
    ]


def test_no_health_data_is_written_in_the_log(regimen, patient):
    dose = dose_by(patient.user, regimen, notes="bruise from the fall")
    correct_dose(dose=dose, changed_by=patient.user, reason="my secret reason", notes="x")
    for event in AuditEvent.objects.filter(object_kind="dose"):
        assert "bruise" not in str(event.__dict__)
        assert "secret" not in str(event.__dict__)


def test_a_refused_dose_writes_no_event(regimen, patient):
    dose_by(patient.user, regimen)
    before = AuditEvent.objects.count()
    with pytest.raises(SlotAlreadyRecorded):
        dose_by(patient.user, regimen)
    assert AuditEvent.objects.count() == before


def test_an_event_that_cannot_be_written_undoes_its_change(regimen, patient, monkeypatch):
    """No change without its audit: the event is in the change's transaction."""

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unreachable")

    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        dose_by(patient.user, regimen)
    assert not Dose.objects.exists()


def test_a_caregivers_dose_names_them_as_caregiver(regimen, patient, caregiver):
    dose = dose_by(caregiver, regimen)
    event = last(object_kind="dose", object_id=dose.pk)
    assert (event.actor, event.username, event.role, event.patient) == (
        caregiver, "carol", "caregiver", patient,
    )  # fmt: skip


def test_an_import_is_one_event_for_the_whole_file(patient):
    text = "\n".join([",".join(FIELDS), ",2026-11-02,anakinra,,,,,,,skipped,fever,",
                      ",2026-11-03,anakinra,,,,,,,skipped,fever,"]) + "\n"  # fmt: skip
    import_doses(patient=patient, rows=read_log(StringIO(text, newline="")),
                 entered_by=patient.user)  # fmt: skip
    event = last(object_kind="importbatch")
    assert (event.action, event.actor, event.patient, event.detail) == (
        "created", patient.user, patient, "import of 2 rows",
    )  # fmt: skip


def test_invitation_acceptance_and_revocation_are_audited(patient, invitee):
    invitation, token = sharing.invite_caregiver(
        patient=patient, invitee="carol", invited_by=patient.user
    )
    link = sharing.accept_invitation(token=token, user=invitee)
    sharing.revoke_care(link=link)
    sharing_actions = [A.INVITED, A.ACCESS_GRANTED, A.ACCESS_ENDED]
    rows = AuditEvent.objects.filter(patient=patient, action__in=sharing_actions).order_by("pk")
    assert [(e.action, e.username, e.role, e.object_kind, e.detail) for e in rows] == [
        ("invited", "alice", "patient", "careinvitation", ""),
        ("access_granted", "carol", "caregiver", "carelink", "caregiver carol"),
        ("access_ended", "", "", "carelink", "caregiver carol"),
    ]


def test_joining_and_leaving_a_clinic_are_audited(patient):
    clinic = Clinic.objects.create(name="Rheumatology")
    enrollment = sharing.join_clinic(patient=patient, code=clinic.join_code)
    sharing.leave_clinic(enrollment=enrollment)
    rows = AuditEvent.objects.filter(patient=patient, object_kind="enrollment").order_by("pk")
    assert [(e.action, e.detail) for e in rows] == [
        ("enrolled", "Rheumatology"), ("unenrolled", "Rheumatology"),
    ]  # fmt: skip


def test_clinic_staff_changes_are_audited(outsider):
    clinic = clinics.create_clinic(name="Rheumatology")
    staff = clinics.add_staff(clinic=clinic, user=outsider)
    clinics.add_staff(clinic=clinic, user=outsider)  # already there: no change, no event
    clinics.remove_staff(staff=staff)
    rows = AuditEvent.objects.filter(object_kind="clinicstaff").order_by("pk")
    assert [(e.action, e.detail) for e in rows] == [
        ("staff_added", "eve @ Rheumatology"), ("staff_removed", "eve @ Rheumatology"),
    ]  # fmt: skip


def test_an_accounts_rights_changed_anywhere_are_audited(outsider):
    outsider.is_staff = True
    outsider.save()
    outsider.first_name = "Eve"
    outsider.save()  # no right changed: no event
    rows = AuditEvent.objects.filter(action=A.ACCOUNT_CHANGED)
    assert [(e.object_id, e.detail) for e in rows] == [(outsider.pk, "eve: is_staff=True")]
    get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    assert last(action=A.ACCOUNT_CHANGED).detail == "root: is_staff=True, is_superuser=True"


def test_a_side_effect_is_audited_with_who_recorded_it(patient, caregiver):
    effect = record_side_effect(patient=patient, kind="headache", severity="mild",
                                started_on=NOW.date(), recorded_by=caregiver)  # fmt: skip
    event = last(object_kind="sideeffect")
    assert (event.action, event.object_id, event.actor, event.role) == (
        "created", effect.pk, caregiver, "caregiver",
    )  # fmt: skip


def test_export_doses_is_an_export_from_the_command_line(patient):
    call_command("export_doses", "--patient", "alice", stdout=StringIO())
    event = last(action=A.EXPORTED)
    assert (event.patient, event.actor, event.source, event.detail) == (
        patient, None, "command", "export_doses csv",
    )  # fmt: skip
