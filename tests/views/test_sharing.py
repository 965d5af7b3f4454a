"""Sharing through the pages: the patient invites a caregiver (`sharing`, `invite`,
`withdraw-invitation`, `revoke-care`), the caregiver accepts (`accept-invitation`),
and the patient joins and leaves a clinic (`join-clinic`, `leave-clinic`).

It is Tuesday 3 November 2026, 09:00 in London (GMT). Alice invites carol, whose
account has the address carol@example.com; dave is someone else.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from injections.models import CareInvitation, CareLink, Clinic, ClinicStaff, Enrollment
from injections.rules.throttle import COOL_OFF, FAILURES_PER_ACCOUNT
from tests.conftest import PASSWORD
from tests.views.pages import document, find_all, links, text, words

NOW = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
LATER = timedelta(seconds=5)
SHARING = reverse("sharing")
INVITE = reverse("invite")
ACCEPT = reverse("accept-invitation")
JOIN = reverse("join-clinic")
NOT_FOR_YOU = (
    "This code does not work for your account: check it, check that you signed in as the "
    "person invited, or ask for a new invitation"
)


pytestmark = pytest.mark.clock(NOW)


@pytest.fixture(autouse=True)
def mail(db, settings, mailoutbox):
    """Invitations go to the test outbox (asked for after the database, whose set-up
    starts a new outbox)."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    return mailoutbox


@pytest.fixture
def dave(db):
    return get_user_model().objects.create_user("dave", "dave@example.com", PASSWORD)


@pytest.fixture
def invited(alice, invitee, clock):
    """Alice has invited carol by email; the code as the page showed it."""
    response = alice.post(INVITE, {"invitee": "carol@example.com"}, follow=True)
    clock.shift(LATER)
    return response.context["new_link"]["code"]


@pytest.fixture
def dermatology(db):
    clinic = Clinic.objects.create(name="Dermatology", join_code="DERM2026")
    ClinicStaff.objects.create(
        clinic=clinic, user=get_user_model().objects.create_user("dr-derm", password=PASSWORD)
    )
    return clinic


def input_value(response, name: str) -> str | None:
    """What the text box named `name` holds."""
    return document(response).find("input", name=name).get("value")


def buttons(response) -> list[str]:
    """The words of the page's buttons."""
    return [button.text for button in find_all(response, "button")]


def accept_as(client, user, code: str):
    client.force_login(user)
    return client.post(ACCEPT, {"code": code})


def can_see(client, user, patient) -> bool:
    client.force_login(user)
    return client.get(reverse("patient", args=[patient.pk])).status_code == 200


# Inviting


def test_the_patient_invites_by_email_and_the_invitation_is_mailed(alice, invitee, mail):
    response = alice.post(INVITE, {"invitee": "carol@example.com"}, follow=True)
    # Redirected, so that reloading the page does not send a second invitation.
    assert response.redirect_chain == [(SHARING, 302)]
    code = response.context["new_link"]["code"]
    link = f"http://testserver{ACCEPT}?code={code}"
    [message] = mail
    assert message.to == ["carol@example.com"]
    assert message.subject == "alice invites you to medtrack"
    assert link in message.body
    page = words(response)
    assert "Invitation ready. It works once, for 7 days." in page
    assert "Send this to carol@example.com:" in page
    assert links(response)[link] == link
    assert f"Or the code: {code}" in page


def test_the_link_and_code_are_shown_once(alice, invited):
    response = alice.get(SHARING)
    assert invited not in text(response)  # nor in any link
    page = words(response)
    assert "Invitations waiting" in page
    assert "carol@example.com, until 10 November" in page


def test_only_a_hash_of_the_code_is_stored(invited):
    assert invited not in CareInvitation.objects.get().token_hash


def test_an_invitation_by_username_sends_no_mail_but_shows_the_link(alice, invitee, mail):
    response = alice.post(INVITE, {"invitee": "carol"}, follow=True)
    assert mail == []
    assert "Send this to carol:" in words(response)
    assert f"Or the code: {response.context['new_link']['code']}" in words(response)


def test_inviting_oneself_is_refused_and_keeps_what_was_typed(alice, mail):
    response = alice.post(INVITE, {"invitee": "alice"})
    assert response.status_code == 200
    assert "That is your own account: invite someone else" in words(response)
    assert input_value(response, "invitee") == "alice"
    assert not CareInvitation.objects.exists()
    assert mail == []


def test_an_empty_invitation_says_what_to_type(alice):
    response = alice.post(INVITE, {"invitee": "  "})
    assert "This field is required." in words(response)
    assert not CareInvitation.objects.exists()


# Accepting


def test_the_link_fills_in_the_code(client, invitee, invited):
    client.force_login(invitee)
    response = client.get(ACCEPT, {"code": invited})
    assert response.status_code == 200
    assert input_value(response, "code") == invited


def test_following_the_link_signed_out_comes_back_to_it_after_signing_in(client, invited):
    client.logout()
    response = client.get(ACCEPT, {"code": invited})
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={ACCEPT}%3Fcode%3D{invited}"


def test_accepting_opens_the_patients_check_in(client, patient, invitee, invited, clock):
    response = accept_as(client, invitee, invited)
    assert response.status_code == 302
    assert response.url == reverse("patient", args=[patient.pk])
    clock.shift(LATER)
    page = words(client.get(response.url))
    assert "You can now see alice's check-in and log the doses you give." in page
    assert "Today for alice" in page
    link = CareLink.objects.get()
    assert (link.patient, link.caregiver, link.revoked_at) == (patient, invitee, None)
    assert CareInvitation.objects.get().accepted_by == invitee


def test_the_typed_code_may_have_spaces_around_it(client, patient, invitee, invited):
    accept_as(client, invitee, f"  {invited} ")
    assert can_see(client, invitee, patient)


def test_an_expired_invitation_is_refused(client, patient, invitee, invited, clock):
    clock.shift(timedelta(days=7))
    response = accept_as(client, invitee, invited)
    assert response.status_code == 200
    assert "This invitation has expired: ask for a new one" in words(response)
    assert input_value(response, "code") == invited
    assert not CareLink.objects.exists()
    assert not can_see(client, invitee, patient)


def test_an_invitation_works_once(client, patient, invitee, dave, invited, clock):
    accept_as(client, invitee, invited)
    clock.shift(LATER)
    response = accept_as(client, dave, invited)
    assert response.status_code == 200
    assert NOT_FOR_YOU in words(response)
    assert not can_see(client, dave, patient)
    assert CareLink.objects.get().caregiver == invitee
    clock.shift(LATER)
    assert "This invitation has already been used" in words(accept_as(client, invitee, invited))


def test_a_withdrawn_invitation_is_refused(alice, patient, invitee, invited, clock):
    invitation = CareInvitation.objects.get()
    response = alice.post(reverse("withdraw-invitation", args=[invitation.pk]), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    page = words(response)
    assert "Invitation withdrawn: it can no longer be used." in page
    assert "Invitations waiting" not in page
    clock.shift(LATER)
    response = accept_as(alice, invitee, invited)
    assert "This invitation was withdrawn" in words(response)
    assert not can_see(alice, invitee, patient)


def test_withdrawing_an_invitation_already_accepted_says_it_was_accepted(
    alice, client, patient, invitee, invited, clock
):
    """Carol accepted while alice's sharing page was still open: withdrawing it now
    must not make alice believe carol has no access."""
    invitation = CareInvitation.objects.get()
    accept_as(client, invitee, invited)
    clock.shift(LATER)
    client.force_login(patient.user)
    response = client.post(reverse("withdraw-invitation", args=[invitation.pk]), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    page = words(response)
    assert "Invitation withdrawn" not in page
    assert (
        "This invitation was already accepted by carol@example.com: remove them from your "
        "caregivers to end their access" in page
    )
    assert "Remove carol" in buttons(response)
    assert can_see(client, invitee, patient)


def test_an_invitation_for_another_account_is_refused_and_stays_usable(
    client, patient, invitee, dave, invited
):
    """Measured on main: the refusal named the invitee to whoever had the code."""
    response = accept_as(client, dave, invited)
    assert response.status_code == 200
    assert NOT_FOR_YOU in words(response)
    assert "carol" not in words(response)
    assert not can_see(client, dave, patient)
    assert CareInvitation.objects.get().accepted_at is None
    accept_as(client, invitee, invited)
    assert can_see(client, invitee, patient)


def test_a_wrong_code_is_refused_and_kept(client, invitee, invited):
    response = accept_as(client, invitee, "not-the-code")
    assert NOT_FOR_YOU in words(response)
    assert input_value(response, "code") == "not-the-code"
    assert not CareLink.objects.exists()


def test_the_patient_cannot_accept_her_own_invitation(alice, patient, invited):
    response = alice.post(ACCEPT, {"code": invited})
    assert NOT_FOR_YOU in words(response)
    assert not CareLink.objects.exists()


# Removing a caregiver


def test_removing_the_caregiver_ends_their_access_at_once(client, patient, invitee, invited, clock):
    accept_as(client, invitee, invited)
    clock.shift(LATER)
    assert can_see(client, invitee, patient)
    client.force_login(patient.user)
    response = client.get(SHARING)
    assert "carol, since 3 November 2026" in words(response)
    assert "Remove carol" in buttons(response)
    link = CareLink.objects.get()
    removed_at = datetime.now(UTC)
    response = client.post(reverse("revoke-care", args=[link.pk]), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    page = words(response)
    assert "Carol no longer has access, from now on." in page
    assert "Remove carol" not in page
    link.refresh_from_db()
    assert link.revoked_at == removed_at
    assert not can_see(client, invitee, patient)
    client.force_login(invitee)
    assert client.get(reverse("patient-history", args=[patient.pk])).status_code == 404


def test_a_patient_cannot_remove_another_patients_caregiver(alice, other_patient, invitee):
    link = CareLink.objects.create(patient=other_patient, caregiver=invitee)
    assert alice.post(reverse("revoke-care", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


# Clinics


def test_joining_a_clinic_takes_its_code_in_lower_case_with_spaces(alice, patient, dermatology):
    response = alice.post(JOIN, {"code": "  derm2026 "}, follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    assert "You joined Dermatology: its staff can now see your record." in words(response)
    assert "Leave Dermatology" in buttons(response)
    assert Enrollment.objects.get(clinic=dermatology, left_at__isnull=True).patient == patient


def test_joining_a_clinic_gives_its_staff_access(client, patient, dermatology, clock):
    client.force_login(patient.user)
    client.post(JOIN, {"code": "DERM2026"})
    clock.shift(LATER)
    client.force_login(dermatology.staff.get().user)
    assert client.get(reverse("clinic-patient", args=[patient.pk])).status_code == 200


def test_a_wrong_clinic_code_is_explained_and_kept(alice):
    response = alice.post(JOIN, {"code": "nope"})
    assert response.status_code == 200
    assert "No clinic has the code “nope”: check it with your clinic" in words(response)
    assert input_value(response, "code") == "nope"
    assert not Enrollment.objects.exists()


def test_guessing_clinic_codes_is_stopped_for_a_while_with_a_429(alice, dermatology, clock):
    for guess in range(FAILURES_PER_ACCOUNT):
        assert alice.post(JOIN, {"code": f"GUESS{guess}"}).status_code == 200
    response = alice.post(JOIN, {"code": "DERM2026"})
    assert response.status_code == 429
    assert "Too many codes that did not work: wait 15 minutes, then try again" in words(response)
    assert input_value(response, "code") == "DERM2026"
    assert not Enrollment.objects.exists()
    clock.shift(COOL_OFF)
    assert alice.post(JOIN, {"code": "DERM2026"}).status_code == 302
    assert Enrollment.objects.get().clinic == dermatology


def test_guessing_invitation_codes_is_stopped_for_a_while_with_a_429(
    client, patient, invitee, invited, clock
):
    for _guess in range(FAILURES_PER_ACCOUNT):
        accept_as(client, invitee, "guess")
    response = accept_as(client, invitee, invited)
    assert response.status_code == 429
    assert "Too many codes that did not work" in words(response)
    assert not can_see(client, invitee, patient)
    clock.shift(COOL_OFF)
    accept_as(client, invitee, invited)
    assert can_see(client, invitee, patient)


def test_joining_the_same_clinic_twice_says_so(alice, dermatology):
    alice.post(JOIN, {"code": "DERM2026"})
    response = alice.post(JOIN, {"code": "DERM2026"})
    assert "You are already in Dermatology" in words(response)
    assert input_value(response, "code") == "DERM2026"
    assert Enrollment.objects.count() == 1


def test_leaving_a_clinic_ends_its_access_at_once(client, patient, dermatology, clock):
    client.force_login(patient.user)
    client.post(JOIN, {"code": "DERM2026"})
    enrollment = Enrollment.objects.get()
    clock.shift(LATER)
    response = client.post(reverse("leave-clinic", args=[enrollment.pk]), follow=True)
    assert response.redirect_chain == [(SHARING, 302)]
    page = words(response)
    assert "You left Dermatology: its staff no longer see your record." in page
    assert "You are not in a clinic." in page
    enrollment.refresh_from_db()
    assert enrollment.left_at == NOW + LATER
    client.force_login(dermatology.staff.get().user)
    assert client.get(reverse("clinic-patient", args=[patient.pk])).status_code == 404
    assert client.get(reverse("patient", args=[patient.pk])).status_code == 404


def test_a_clinic_left_cannot_be_left_again(alice, dermatology):
    alice.post(JOIN, {"code": "DERM2026"})
    enrollment = Enrollment.objects.get()
    alice.post(reverse("leave-clinic", args=[enrollment.pk]))
    assert alice.post(reverse("leave-clinic", args=[enrollment.pk])).status_code == 404


def test_a_patient_can_join_again_after_leaving(alice, dermatology):
    alice.post(JOIN, {"code": "DERM2026"})
    alice.post(reverse("leave-clinic", args=[Enrollment.objects.get().pk]))
    alice.post(JOIN, {"code": "DERM2026"})
    assert Enrollment.objects.filter(left_at__isnull=True).count() == 1
    assert Enrollment.objects.count() == 2
