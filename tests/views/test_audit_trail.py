"""What the audit log records of requests (issue 13, item 4): sign-ins, failed ones
and sign-outs; pages and files of a patient's record seen by someone else; refused
access; changes made from a page, with who, as whom, when and from where."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from injections.models import AuditEvent, Dose, Enrollment
from injections.web.trail import client_ip
from tests.conftest import PASSWORD

NOW = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
pytestmark = pytest.mark.clock(NOW)

A = AuditEvent.Action
UPPER_ARM = {"place": "upper_arm:left", "x": "4", "y": "6"}


def last_pk() -> int:
    """The newest event's id (ids only grow; on PostgreSQL they do not start at 1)."""
    return AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0


def events(**where) -> list[tuple]:
    return list(
        AuditEvent.objects.filter(**where)
        .order_by("pk")
        .values_list("action", "username", "role", "patient__user__username", "ip")
    )


def test_a_sign_in_is_recorded_with_who_and_from_where(patient):
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Firefox/140")
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    event = AuditEvent.objects.get(action=A.SIGNED_IN)
    assert (event.actor, event.username, event.ip, event.source) == (
        patient.user, "alice", "203.0.113.7", "web",
    )  # fmt: skip
    assert event.user_agent == "Firefox/140"
    assert event.at == NOW


def test_a_failed_sign_in_keeps_the_name_typed_and_the_account_if_there_is_one(patient):
    client = Client(REMOTE_ADDR="198.51.100.2")
    client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    client.post(reverse("login"), {"username": "nobody-" + "x" * 300, "password": "wrong"})
    known, unknown = AuditEvent.objects.filter(action=A.SIGN_IN_FAILED).order_by("pk")
    assert (known.actor, known.username, known.ip) == (patient.user, "alice", "198.51.100.2")
    assert unknown.actor is None
    assert unknown.username == ("nobody-" + "x" * 300)[:150]
    assert not AuditEvent.objects.filter(action=A.SIGNED_IN).exists()


def test_a_sign_out_is_recorded(alice, patient):
    alice.post(reverse("logout"))
    assert events(action=A.SIGNED_OUT) == [("signed_out", "alice", "", None, "127.0.0.1")]


def test_a_caregiver_opening_the_patients_pages_is_one_view_each(carol, patient):
    before = last_pk()
    carol.get(reverse("patient", args=[patient.pk]))
    carol.get(reverse("patient-history", args=[patient.pk]))
    assert events(pk__gt=before) == [
        ("viewed", "carol", "caregiver", "alice", "127.0.0.1"),
        ("viewed", "carol", "caregiver", "alice", "127.0.0.1"),
    ]
    details = (
        AuditEvent.objects.filter(pk__gt=before).order_by("pk").values_list("detail", flat=True)
    )
    assert list(details) == [
        "patient", "patient-history",
    ]  # fmt: skip


def test_the_patients_own_pages_write_nothing(alice, patient):
    before = AuditEvent.objects.count()
    for name in ("home", "history", "health", "supplies", "settings", "sharing"):
        assert alice.get(reverse(name)).status_code == 200
    assert alice.get(reverse("download-csv")).status_code == 200
    assert AuditEvent.objects.count() == before


def test_an_htmx_fragment_of_a_page_already_seen_writes_nothing(carol, patient):
    before = AuditEvent.objects.count()
    carol.get(reverse("patient", args=[patient.pk]), headers={"HX-Request": "true"})
    assert AuditEvent.objects.count() == before
    carol.get(reverse("patient", args=[patient.pk]), headers={"HX-Request": "true",
                                                               "HX-Boosted": "true"})  # fmt: skip
    assert AuditEvent.objects.count() == before + 1


def test_a_clinicians_download_and_export_are_exports(dee, patient, clinic):
    before = last_pk()
    dee.get(reverse("clinic-patient", args=[patient.pk]))
    dee.get(reverse("clinic-download-csv", args=[patient.pk]))
    dee.get(reverse("clinic-export"))
    assert events(pk__gt=before) == [
        ("viewed", "dr-dee", "clinician", "alice", "127.0.0.1"),
        ("exported", "dr-dee", "clinician", "alice", "127.0.0.1"),
        ("exported", "dr-dee", "clinician", "alice", "127.0.0.1"),
    ]


def test_someone_elses_patient_is_a_refusal_on_that_patients_record(eve, patient, other_patient):
    before = last_pk()
    assert eve.get(reverse("patient", args=[patient.pk])).status_code == 404
    assert eve.get(reverse("clinic-patient", args=[other_patient.pk])).status_code == 404
    assert events(pk__gt=before) == [
        ("refused", "eve", "", "alice", "127.0.0.1"),
        ("refused", "eve", "", "bob", "127.0.0.1"),
    ]


def test_a_clinicians_page_of_a_patient_elsewhere_is_refused(dee, other_patient):
    assert dee.get(reverse("clinic-patient", args=[other_patient.pk])).status_code == 404
    assert events(action=A.REFUSED) == [("refused", "dr-dee", "", "bob", "127.0.0.1")]


def test_a_page_that_is_not_there_is_no_refusal(eve):
    assert eve.get("/no-such-page/").status_code == 404
    assert not AuditEvent.objects.filter(action=A.REFUSED).exists()


def test_a_dose_a_caregiver_logs_is_audited_once_in_its_request(carol, caregiver, patient, regimen):
    before = last_pk()
    response = carol.post(reverse("log-dose"), {"patient": patient.pk, "regimen": regimen.pk,
                                                **UPPER_ARM})  # fmt: skip
    assert response.status_code == 302
    dose = Dose.objects.get()
    created = AuditEvent.objects.get(pk__gt=before)
    assert (created.action, created.actor, created.role, created.patient) == (
        "created", caregiver, "caregiver", patient,
    )  # fmt: skip
    assert (created.object_kind, created.object_id, created.ip) == ("dose", dose.pk, "127.0.0.1")


def audit_inserts(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('INSERT INTO "injections_auditevent"' in query["sql"] for query in queries)


def test_the_patients_own_check_in_inserts_no_audit_row(alice):
    assert audit_inserts(alice, reverse("home")) == 0


def test_a_caregivers_page_inserts_one_audit_row(carol, patient):
    assert audit_inserts(carol, reverse("patient", args=[patient.pk])) == 1


def test_a_clinic_export_of_many_patients_is_one_insert(dee, clinic, other_patient):
    Enrollment.objects.create(patient=other_patient, clinic=clinic)
    assert audit_inserts(dee, reverse("clinic-export")) == 1
    exported = AuditEvent.objects.filter(action=A.EXPORTED).values_list("patient__user__username")
    assert sorted(name for (name,) in exported) == ["alice", "bob"]


def test_the_patients_dose_is_audited_as_theirs(alice, patient, regimen):
    before = last_pk()
    alice.post(reverse("log-dose"), {"regimen": regimen.pk, "place": "thigh:left", "x": "6",
                                     "y": "10"})  # fmt: skip
    assert Dose.objects.count() == 1
    assert events(pk__gt=before) == [("created", "alice", "patient", "alice", "127.0.0.1")]


def test_the_address_is_remote_addr_unless_proxies_are_trusted(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.MEDTRACK_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.5"
    settings.MEDTRACK_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.9"
    settings.MEDTRACK_TRUSTED_PROXIES = 2
    assert client_ip(request) == "6.6.6.6"
    settings.MEDTRACK_TRUSTED_PROXIES = 5  # more than the header holds: its first entry
    assert client_ip(request) == "6.6.6.6"


def test_an_address_that_does_not_parse_is_not_kept(rf, settings):
    settings.MEDTRACK_TRUSTED_PROXIES = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="<script>")) is None
    assert client_ip(rf.get("/", REMOTE_ADDR="")) is None


def test_a_dose_page_seen_by_a_caregiver_names_the_dose(carol, patient, regimen):
    carol.post(reverse("log-dose"), {"patient": patient.pk, "regimen": regimen.pk, **UPPER_ARM})
    dose = Dose.objects.get()
    carol.get(reverse("dose", args=[dose.pk]))
    viewed = AuditEvent.objects.get(action=A.VIEWED)
    assert (viewed.object_kind, viewed.object_id, viewed.detail) == ("dose", dose.pk, "dose")
