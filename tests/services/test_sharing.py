"""Caregiver invitations, revoking access, joining and leaving a clinic
(services.sharing), and who may then see whom (injections.reading.access)."""

from datetime import UTC, datetime, timedelta

import pytest

from injections.models import CareInvitation, CareLink, Clinic, Enrollment, WrongCode
from injections.reading.access import Role, patients_for, role_for
from injections.rules.throttle import COOL_OFF, FAILURES_PER_ACCOUNT, FAILURES_PER_ADDRESS
from injections.services.errors import ServiceError
from injections.services.sharing import (
    TooManyWrongCodes,
    WrongCodeTyped,
    accept_invitation,
    invite_caregiver,
    join_clinic,
    leave_clinic,
    revoke_care,
    withdraw_invitation,
)
from tests.conftest import make_patient

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


pytestmark = pytest.mark.clock(NOW)


@pytest.fixture
def invitation(patient, invitee):
    return invite_caregiver(patient=patient, invitee="carol@example.com", invited_by=patient.user)


def test_an_invitation_stores_only_a_hash_of_its_token(invitation):
    record, token = invitation
    assert token not in record.token_hash
    assert len(record.token_hash) == 64
    assert record.expires_at == NOW + timedelta(days=7)


def test_the_invited_person_accepts_and_sees_the_patient(patient, invitee, invitation):
    _record, token = invitation
    link = accept_invitation(token=token, user=invitee)
    assert (link.patient, link.caregiver) == (patient, invitee)
    assert role_for(invitee, patient) == Role.CAREGIVER
    assert list(patients_for(invitee)) == [patient]


def test_an_invitation_by_username_is_accepted_by_that_account(patient, invitee):
    _record, token = invite_caregiver(patient=patient, invitee="Carol", invited_by=patient.user)
    accept_invitation(token=token, user=invitee)
    assert role_for(invitee, patient) == Role.CAREGIVER


def test_an_invitation_cannot_be_used_twice(invitee, invitation, outsider):
    _record, token = invitation
    accept_invitation(token=token, user=invitee)
    with pytest.raises(ServiceError, match="already been used"):
        accept_invitation(token=token, user=invitee)


def test_an_expired_invitation_is_refused(invitee, invitation, clock):
    _record, token = invitation
    clock.move_to(NOW + timedelta(days=7))
    with pytest.raises(ServiceError, match="expired"):
        accept_invitation(token=token, user=invitee)
    assert not CareLink.objects.exists()


def test_someone_else_cannot_use_an_invitation_meant_for_another(patient, invitation, outsider):
    _record, token = invitation
    with pytest.raises(ServiceError, match="does not work for your account"):
        accept_invitation(token=token, user=outsider)
    assert role_for(outsider, patient) is None
    assert CareInvitation.objects.get().accepted_at is None


def test_a_made_up_code_is_refused(invitee, invitation):
    with pytest.raises(ServiceError, match="does not work for your account"):
        accept_invitation(token="not-the-token", user=invitee)


def test_to_anyone_but_the_invitee_a_real_code_reads_as_a_made_up_one(invitation, outsider):
    """Measured on main: a valid code told a stranger the invitee's username."""
    record, token = invitation
    answers = {}
    for code in (token, "made-up"):
        with pytest.raises(ServiceError) as refused:
            accept_invitation(token=code, user=outsider)
        answers[code] = str(refused.value)
    assert answers[token] == answers["made-up"]
    assert "carol" not in answers[token]
    withdraw_invitation(invitation=record)
    with pytest.raises(ServiceError, match="does not work for your account"):
        accept_invitation(token=token, user=outsider)


def test_wrong_codes_are_cut_off_per_account_then_allowed_after_the_cool_off(
    patient, invitee, invitation, clock
):
    _record, token = invitation
    for _attempt in range(FAILURES_PER_ACCOUNT):
        with pytest.raises(ServiceError, match="does not work"):
            accept_invitation(token="guess", user=invitee, address="203.0.113.9")
    with pytest.raises(TooManyWrongCodes, match="wait 15 minutes"):
        accept_invitation(token=token, user=invitee, address="198.51.100.1")
    assert not CareLink.objects.exists()
    clock.shift(COOL_OFF)
    accept_invitation(token=token, user=invitee, address="203.0.113.9")
    assert role_for(invitee, patient) == Role.CAREGIVER


def test_one_limit_counts_clinic_and_invitation_codes_together(patient, clinic):
    for attempt in range(FAILURES_PER_ACCOUNT):
        with pytest.raises(WrongCodeTyped):
            if attempt % 2:
                join_clinic(patient=patient, code="NOPE")
            else:
                accept_invitation(token="guess", user=patient.user)
    with pytest.raises(TooManyWrongCodes):
        join_clinic(patient=patient, code="ANYTHING")


def test_wrong_codes_from_one_address_are_cut_off_whichever_account_types_them(db):
    """Each account stays under its own limit; together they reach the address's."""
    clinic = Clinic.objects.create(name="Second clinic")
    people = [make_patient(f"patient-{n}") for n in range(5)]
    for attempt in range(FAILURES_PER_ADDRESS):
        with pytest.raises(WrongCodeTyped):
            join_clinic(patient=people[attempt % 5], code="NOPE", address="203.0.113.9")
    assert FAILURES_PER_ADDRESS // 5 < FAILURES_PER_ACCOUNT
    with pytest.raises(TooManyWrongCodes):
        join_clinic(patient=people[0], code=clinic.join_code, address="203.0.113.9")
    join_clinic(patient=people[0], code=clinic.join_code, address="198.51.100.1")
    assert people[0].enrollments.get().clinic == clinic


def test_an_accepted_code_and_a_refusal_of_another_kind_count_nothing(patient, clinic):
    with pytest.raises(ServiceError, match="already in Rheumatology"):
        join_clinic(patient=patient, code=clinic.join_code)
    assert not WrongCode.objects.exists()


def test_a_withdrawn_invitation_is_refused(invitee, invitation):
    record, token = invitation
    withdraw_invitation(invitation=record)
    with pytest.raises(ServiceError, match="withdrawn"):
        accept_invitation(token=token, user=invitee)


@pytest.mark.parametrize("invitee", ["alice", "ALICE", "  "])
def test_a_patient_cannot_invite_themselves_or_nobody(patient, invitee):
    with pytest.raises(ServiceError):
        invite_caregiver(patient=patient, invitee=invitee, invited_by=patient.user)


def test_revoking_access_takes_effect_at_once_and_keeps_the_link(patient, invitee, invitation):
    _record, token = invitation
    link = accept_invitation(token=token, user=invitee)
    revoke_care(link=link)
    assert role_for(invitee, patient) is None
    assert list(patients_for(invitee)) == []
    assert CareLink.objects.get().revoked_at == NOW


def test_a_caregiver_can_care_for_several_patients(patient, other_patient, invitee):
    for someone in (patient, other_patient):
        _record, token = invite_caregiver(patient=someone, invitee="carol", invited_by=someone.user)
        accept_invitation(token=token, user=invitee)
    assert set(patients_for(invitee)) == {patient, other_patient}


def test_a_patient_joins_a_clinic_with_its_code_and_its_staff_see_them(patient, clinician):
    clinic = Clinic.objects.create(name="Second clinic", join_code="ABC123")
    clinic.staff.create(user=clinician)
    Enrollment.objects.all().delete()  # start outside every clinic
    assert role_for(clinician, patient) is None
    join_clinic(patient=patient, code=" abc123 ")
    assert role_for(clinician, patient) == Role.CLINICIAN


def test_a_wrong_clinic_code_is_refused(patient):
    with pytest.raises(ServiceError, match="no clinic has the code"):
        join_clinic(patient=patient, code="NOPE")


def test_joining_the_same_clinic_twice_is_refused(patient, clinic):
    with pytest.raises(ServiceError, match="already in Rheumatology"):
        join_clinic(patient=patient, code=clinic.join_code)


def test_after_leaving_a_clinic_its_staff_no_longer_see_the_patient(patient, clinician):
    enrollment = patient.enrollments.get()
    leave_clinic(enrollment=enrollment)
    assert role_for(clinician, patient) is None
    assert list(patients_for(clinician)) == []
    assert Enrollment.objects.get().left_at == NOW


def test_nobody_sees_a_patient_they_have_no_link_to(patient, other_patient, clinician, outsider):
    assert list(patients_for(outsider)) == []
    assert role_for(clinician, other_patient) is None
    assert role_for(patient.user, other_patient) is None
    assert list(patients_for(patient.user)) == [patient]
