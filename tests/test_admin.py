from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from injections.models import AuditEvent, CareLink, Clinic, Enrollment
from injections.reading.access import role_for
from injections.rules.geometry import Site
from injections.services import clinics, sharing
from injections.services.doses import record_dose
from tests.views.pages import find_all, words

REVOKE = "Revoke access: the caregiver no longer sees the patient"


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


def buttons(response) -> list[str]:
    """What the admin page's submit buttons say."""
    return [button.get("value") for button in find_all(response, "input", type="submit")]


def actions(response) -> list[str]:
    """The actions a list page offers, as it names them."""
    menus = find_all(response, "select", name="action")
    return [option.text for menu in menus for option in menu.find_all("option")]


def fields(response) -> set[str]:
    """The names of the page's form fields."""
    named = find_all(response, name=True)
    return {e.get("name") for e in named if e.tag in ("input", "select", "textarea")}


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
    assert "Save" not in buttons(response)
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
    assert admin_client.get(url, {"flagged": "no"}).context["cl"].result_count == 1
    assert admin_client.get(url, {"flagged": "yes"}).context["cl"].result_count == 0


def test_a_regimen_shows_its_schedule_history_read_only(admin_client, regimen):
    response = admin_client.get(reverse("admin:injections_regimen_change", args=[regimen.pk]))
    assert response.status_code == 200
    assert "FREQ=DAILY" in words(response)
    assert "Save" not in buttons(response)


def spy(monkeypatch, module, name: str) -> list[dict]:
    """Record the keyword arguments of each call to a service, and still make it."""
    calls, real = [], getattr(module, name)

    def recording(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


@pytest.fixture
def records(patient, caregiver, clinician):
    return {
        "patient": patient,
        "carelink": CareLink.objects.get(caregiver=caregiver),
        "enrollment": Enrollment.objects.get(patient=patient),
    }


@pytest.mark.parametrize("model", ["patient", "carelink", "enrollment"])
def test_people_and_who_sees_them_are_read_only_in_the_admin(admin_client, records, model):
    record = records[model]
    change = reverse(f"admin:injections_{model}_change", args=[record.pk])
    response = admin_client.get(change)
    assert response.status_code == 200
    assert "Save" not in buttons(response)
    assert admin_client.post(change, {}).status_code == 403
    assert admin_client.get(reverse(f"admin:injections_{model}_add")).status_code == 403
    delete = reverse(f"admin:injections_{model}_delete", args=[record.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


def act(client, model: str, action: str, *records):
    return client.post(
        reverse(f"admin:injections_{model}_changelist"),
        {"action": action, "index": 0, "_selected_action": [r.pk for r in records]},
    )


def test_revoke_access_ends_a_caregivers_access_through_the_service(
    admin_client, records, monkeypatch
):
    calls = spy(monkeypatch, sharing, "revoke_care")
    link = records["carelink"]
    response = act(admin_client, "carelink", "revoke_access", link)
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert [call["link"] for call in calls] == [link]
    assert role_for(link.caregiver, link.patient) is None


def test_end_enrolment_ends_it_through_the_service(admin_client, records, monkeypatch):
    calls = spy(monkeypatch, sharing, "leave_clinic")
    enrollment = records["enrollment"]
    assert act(admin_client, "enrollment", "end_enrollment", enrollment).status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.left_at is not None
    assert [call["enrollment"] for call in calls] == [enrollment]


def test_only_an_admin_who_may_change_care_links_can_revoke_them(admin_client, records):
    viewer = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_carelink"))
    client = Client()
    client.force_login(viewer)
    link = records["carelink"]
    changelist = reverse("admin:injections_carelink_changelist")
    assert REVOKE in actions(admin_client.get(changelist))
    page = client.get(changelist)
    assert page.status_code == 200
    assert [row.pk for row in page.context["cl"].result_list] == [link.pk]
    assert REVOKE not in actions(page)
    act(client, "carelink", "revoke_access", link)
    link.refresh_from_db()
    assert link.revoked_at is None
    act(admin_client, "carelink", "revoke_access", link)
    link.refresh_from_db()
    assert link.revoked_at is not None


def staff_forms(*rows: dict, initial: int = 0) -> dict:
    data = {"staff-TOTAL_FORMS": len(rows), "staff-INITIAL_FORMS": initial}
    for index, row in enumerate(rows):
        data |= {f"staff-{index}-{key}": value for key, value in row.items()}
    return data


def test_the_clinic_add_page_creates_the_clinic_and_its_staff_through_the_services(
    admin_client, outsider, monkeypatch
):
    created = spy(monkeypatch, clinics, "create_clinic")
    added = spy(monkeypatch, clinics, "add_staff")
    add = reverse("admin:injections_clinic_add")
    assert admin_client.get(add).status_code == 200
    response = admin_client.post(
        add,
        {"name": "Dermatology"} | staff_forms({"user": outsider.pk}),
    )
    assert response.status_code == 302
    clinic = Clinic.objects.get(name="Dermatology")
    assert [call["name"] for call in created] == ["Dermatology"]
    assert [(call["clinic"], call["user"]) for call in added] == [(clinic, outsider)]
    assert [staff.user for staff in clinic.staff.all()] == [outsider]
    assert len(clinic.join_code) == 8


def test_the_clinic_page_renames_and_removes_staff_through_the_services(
    admin_client, clinic, clinician, monkeypatch
):
    renamed = spy(monkeypatch, clinics, "rename_clinic")
    removed = spy(monkeypatch, clinics, "remove_staff")
    staff = clinic.staff.get()
    response = admin_client.post(
        reverse("admin:injections_clinic_change", args=[clinic.pk]),
        {"name": "Rheumatology North"}
        | staff_forms({"id": staff.pk, "clinic": clinic.pk, "DELETE": "on"}, initial=1),
    )
    assert response.status_code == 302
    clinic.refresh_from_db()
    assert clinic.name == "Rheumatology North"
    assert [call["name"] for call in renamed] == ["Rheumatology North"]
    assert [call["staff"].user for call in removed] == [clinician]
    assert not clinic.staff.exists()


def test_a_clinic_staff_member_is_removed_or_added_never_swapped_in_place(
    admin_client, clinic, clinician, outsider
):
    staff = clinic.staff.get()
    response = admin_client.post(
        reverse("admin:injections_clinic_change", args=[clinic.pk]),
        {"name": clinic.name}
        | staff_forms({"id": staff.pk, "clinic": clinic.pk, "user": outsider.pk}, initial=1),
    )
    assert response.status_code == 302
    assert [s.user for s in clinic.staff.all()] == [clinician]


def test_a_clinic_cannot_be_deleted_in_the_admin(admin_client, clinic):
    delete = reverse("admin:injections_clinic_delete", args=[clinic.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Clinic.objects.filter(pk=clinic.pk).exists()


def test_the_clinic_page_shows_its_join_code_and_staff_without_editing_them(
    admin_client, clinic, clinician
):
    response = admin_client.get(reverse("admin:injections_clinic_change", args=[clinic.pk]))
    assert response.status_code == 200
    assert "Save" in buttons(response)
    assert clinic.join_code in words(response)
    assert clinic.name in words(response)
    assert "name" in fields(response)
    assert "join_code" not in fields(response)
    assert "staff-0-user" not in fields(response)  # read-only: remove or add
    assert "staff-0-DELETE" in fields(response)


def test_a_new_clinic_without_a_name_is_refused_and_keeps_the_staff_chosen(admin_client, outsider):
    response = admin_client.post(
        reverse("admin:injections_clinic_add"), {"name": ""} | staff_forms({"user": outsider.pk})
    )
    assert response.status_code == 200
    assert "This field is required." in words(response)
    assert "staff-0-user" in fields(response)  # a new row's person can still be chosen
    assert not Clinic.objects.exists()


# --- The audit log (issue 13, item 4) --------------------------------------------------


def test_access_revoked_in_the_admin_is_audited_with_the_admin_and_their_address(
    admin_client, records
):
    link = records["carelink"]
    act(admin_client, "carelink", "revoke_access", link)
    event = AuditEvent.objects.get(action="access_ended")
    assert (event.username, event.role, event.patient, event.object_id, event.ip) == (
        "root", "admin", link.patient, link.pk, "127.0.0.1",
    )  # fmt: skip


def test_staff_rights_given_in_the_admin_are_audited(admin_client, outsider):
    url = reverse("admin:auth_user_change", args=[outsider.pk])
    page = admin_client.get(url)
    data = {name: value for name, value in page.context["adminform"].form.initial.items()
            if value is not None and not isinstance(value, list | tuple)}  # fmt: skip
    data.update(username="eve", is_staff="on", is_active="on", date_joined_0="2026-11-01",
                date_joined_1="08:00:00")  # fmt: skip
    data.pop("password", None)
    assert admin_client.post(url, data).status_code == 302
    outsider.refresh_from_db()
    assert outsider.is_staff
    event = AuditEvent.objects.get(action="account_changed", object_id=outsider.pk)
    assert (event.username, event.detail, event.ip) == ("root", "eve: is_staff=True", "127.0.0.1")


def test_the_audit_log_is_read_only_in_the_admin_and_filters(admin_client, dose, patient):
    event = AuditEvent.objects.filter(patient=patient).first()
    changelist = reverse("admin:injections_auditevent_changelist")
    assert admin_client.get(changelist + "?action__exact=created").status_code == 200
    listed = admin_client.get(changelist + "?action__exact=created&q=alice").context["cl"]
    assert event in listed.result_list
    assert not admin_client.get(changelist + "?action__exact=refused").context["cl"].result_list
    page = admin_client.get(reverse("admin:injections_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    assert "Save" not in buttons(page)
    assert admin_client.get(reverse("admin:injections_auditevent_add")).status_code == 403
    delete = reverse("admin:injections_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_a_dose_opened_in_the_admin_is_a_view_of_the_patients_record(admin_client, dose):
    admin_client.get(reverse("admin:injections_dose_changelist"))
    assert not AuditEvent.objects.filter(action="viewed").exists()  # a list: no one record
    admin_client.get(reverse("admin:injections_dose_change", args=[dose.pk]))
    event = AuditEvent.objects.get(action="viewed")
    assert (event.username, event.role, event.patient, event.object_kind, event.object_id) == (
        "root", "admin", dose.patient, "dose", dose.pk,
    )  # fmt: skip
