from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from injections.rules.geometry import Site
from injections.services.doses import record_dose


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
    client.force_login(admin)
    return client


@pytest.fixture
def dose(regimen):
    at = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    return record_dose(
        regimen=regimen,
        taken_at=at,
        site=Site("thigh", "left", 60, 100),
        administered_by="self",
        entered_by=regimen.patient.user,
        now=at,
    )


@pytest.mark.parametrize(
    "model", ["medication", "clinic", "patient", "enrollment", "carelink", "regimen", "dose"]
)
def test_a_site_admin_can_list(admin_client, dose, model):
    response = admin_client.get(reverse(f"admin:injections_{model}_changelist"))
    assert response.status_code == 200


def test_the_dose_log_is_read_only_in_the_admin(admin_client, dose):
    url = reverse("admin:injections_dose_change", args=[dose.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    assert admin_client.get(reverse("admin:injections_dose_add")).status_code == 403
    delete = reverse("admin:injections_dose_delete", args=[dose.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    dose.refresh_from_db()


def test_a_patient_cannot_open_the_admin(client, patient):
    client.force_login(patient.user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_dose_list_filters_flagged_records(admin_client, dose, regimen):
    url = reverse("admin:injections_dose_changelist")
    assert "1 dose" in admin_client.get(url, {"flagged": "no"}).content.decode()
    assert "0 doses" in admin_client.get(url, {"flagged": "yes"}).content.decode()


def test_a_regimen_shows_its_schedule_history_read_only(admin_client, regimen):
    response = admin_client.get(reverse("admin:injections_regimen_change", args=[regimen.pk]))
    assert response.status_code == 200
    assert b"FREQ=DAILY" in response.content
    assert b'name="_save"' not in response.content
