"""Creating and renaming clinics, adding and removing their staff (services.clinics)."""

from datetime import UTC, datetime

import pytest

from injections.models import ClinicStaff
from injections.reading.access import Role, role_for
from injections.services.clinics import add_staff, create_clinic, remove_staff, rename_clinic
from injections.services.errors import ServiceError
from injections.services.sharing import join_clinic

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def test_a_new_clinic_has_its_name_and_a_join_code(db):
    clinic = create_clinic(name="  Dermatology ", now=NOW)
    assert (clinic.name, clinic.created_at) == ("Dermatology", NOW)
    assert len(clinic.join_code) == 8


@pytest.mark.parametrize("name", ["", "   "])
def test_a_clinic_needs_a_name(db, name):
    with pytest.raises(ServiceError, match="name"):
        create_clinic(name=name)


def test_renaming_keeps_the_join_code(db):
    clinic = create_clinic(name="Rheumatology")
    code = clinic.join_code
    rename_clinic(clinic=clinic, name="Rheumatology North")
    clinic.refresh_from_db()
    assert (clinic.name, clinic.join_code) == ("Rheumatology North", code)
    with pytest.raises(ServiceError, match="name"):
        rename_clinic(clinic=clinic, name=" ")


def test_staff_see_the_patients_who_joined_until_they_are_removed(patient, outsider):
    clinic = create_clinic(name="Dermatology")
    join_clinic(patient=patient, code=clinic.join_code)
    staff = add_staff(clinic=clinic, user=outsider, now=NOW)
    assert staff.created_at == NOW
    assert role_for(outsider, patient) == Role.CLINICIAN
    remove_staff(staff=staff)
    assert role_for(outsider, patient) is None


def test_adding_someone_already_on_the_staff_keeps_their_role(outsider):
    clinic = create_clinic(name="Dermatology")
    first = add_staff(clinic=clinic, user=outsider, now=NOW)
    again = add_staff(clinic=clinic, user=outsider)
    assert again == first
    assert ClinicStaff.objects.filter(clinic=clinic).count() == 1
