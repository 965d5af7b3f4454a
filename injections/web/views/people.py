"""The people around a patient: the caregiver's list of patients, the patient's
sharing page (who has access, invitations, clinics) and accepting an invitation."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...models import CareInvitation, CareLink, ClinicStaff, Enrollment
from ...reading.access import patients_for, role_for
from ...reading.regimens import active_regimens
from ...reading.status import regimen_statuses
from ...services import sharing
from ...services.errors import ServiceError
from ..forms import AcceptInvitationForm, InviteForm, JoinClinicForm
from ..lookup import own_patient_or_404
from ..middleware import uncompressed
from ..trail import client_ip

NEW_INVITATION = "new_invitation"


@require_GET
def patient_list(request):
    """Everyone the user cares for or treats, with where each one's dose stands now."""
    now = timezone.now()
    rows = []
    for patient in patients_for(request.user).exclude(user=request.user).order_by("user__username"):
        role = role_for(request.user, patient)
        rows.append({
            "patient": patient,
            "role": role,
            "states": regimen_statuses(list(active_regimens(patient)), at=now),
            "url": reverse("patient", args=[patient.pk]),
        })  # fmt: skip
    clinics = list(ClinicStaff.objects.filter(user=request.user).select_related("clinic"))
    page = render(request, "injections/patients.html", {"rows": rows, "clinics": clinics})
    return uncompressed(page) if clinics else page  # the clinics' join codes


def _sharing_page(
    request, patient, *, invite_form=None, join_form=None, new_link=None, status=200
):
    now = timezone.now()
    page = render(
        request,
        "injections/sharing.html",
        {
            "care_links": CareLink.objects.filter(patient=patient, revoked_at__isnull=True)
            .select_related("caregiver")
            .order_by("granted_at"),
            "invitations": CareInvitation.objects.filter(
                patient=patient,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=now,
            ).order_by("created_at"),  # fmt: skip
            "enrollments": Enrollment.objects.filter(patient=patient, left_at__isnull=True)
            .select_related("clinic")
            .order_by("joined_at"),
            "invite_form": invite_form or InviteForm(),
            "join_form": join_form or JoinClinicForm(),
            "new_link": new_link,
        },
        status=status,
    )
    return uncompressed(page) if new_link else page  # an invitation's code, shown once


@require_GET
def sharing_page(request):
    """Who can see the patient's record; only the patient decides (DESIGN §1). A new
    invitation's link is shown once, right after it is made, then forgotten."""
    new_link = request.session.pop(NEW_INVITATION, None)
    return _sharing_page(request, own_patient_or_404(request.user), new_link=new_link)


@require_POST
def invite(request):
    patient = own_patient_or_404(request.user)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, token = sharing.invite_caregiver(
                patient=patient, invitee=form.cleaned_data["invitee"], invited_by=request.user
            )
        except ServiceError as error:
            form.add_error("invitee", str(error))
        else:
            link = request.build_absolute_uri(f"{reverse('accept-invitation')}?code={token}")
            sharing.send_invitation(invitation=invitation, link=link)
            messages.success(request, _("Invitation ready. It works once, for 7 days."))
            # Redirect, so that reloading the page does not invite them again.
            request.session[NEW_INVITATION] = {"url": link, "code": token,
                                               "invitee": invitation.invitee}  # fmt: skip
            return redirect("sharing")
    return _sharing_page(request, patient, invite_form=form)


@require_POST
def withdraw_invitation(request, pk: int):
    patient = own_patient_or_404(request.user)
    invitation = get_object_or_404(CareInvitation, pk=pk, patient=patient)
    try:
        sharing.withdraw_invitation(invitation=invitation)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Invitation withdrawn: it can no longer be used."))
    return redirect("sharing")


@require_POST
def revoke_care(request, pk: int):
    patient = own_patient_or_404(request.user)
    link = get_object_or_404(CareLink, pk=pk, patient=patient)
    sharing.revoke_care(link=link)
    messages.success(
        request,
        _("%(name)s no longer has access, from now on.") % {"name": link.caregiver.get_username()},
    )
    return redirect("sharing")


@require_POST
def care_alerts(request, pk: int):
    """Turn a caregiver's missed-dose alerts on or off (the button says which)."""
    patient = own_patient_or_404(request.user)
    link = get_object_or_404(CareLink, pk=pk, patient=patient, revoked_at__isnull=True)
    on = request.POST.get("alerts") == "on"
    sharing.set_missed_dose_alerts(link=link, on=on)
    name = link.caregiver.get_username()
    if on:
        text = _("Saved. %(name)s is told when a dose is missed.")
    else:
        text = _("Saved. %(name)s is no longer told when a dose is missed.")
    messages.success(request, text % {"name": name})
    return redirect("sharing")


@require_POST
def join_clinic(request):
    patient = own_patient_or_404(request.user)
    form = JoinClinicForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            enrollment = sharing.join_clinic(
                patient=patient, code=form.cleaned_data["code"], address=client_ip(request)
            )
        except ServiceError as error:
            form.add_error("code", str(error))
            if isinstance(error, sharing.TooManyWrongCodes):
                status = 429
        else:
            messages.success(
                request,
                _("You joined %(clinic)s: its staff can now see your record.")
                % {"clinic": enrollment.clinic.name},
            )
            return redirect("sharing")
    return _sharing_page(request, patient, join_form=form, status=status)


@require_POST
def leave_clinic(request, pk: int):
    patient = own_patient_or_404(request.user)
    enrollment = get_object_or_404(Enrollment, pk=pk, patient=patient, left_at__isnull=True)
    sharing.leave_clinic(enrollment=enrollment)
    messages.success(
        request,
        _("You left %(clinic)s: its staff no longer see your record.")
        % {"clinic": enrollment.clinic.name},
    )
    return redirect("sharing")


@require_http_methods(["GET", "POST"])
def accept_invitation(request):
    """The invited person, signed in, accepts with the link's code (or types it)."""
    form = AcceptInvitationForm(request.POST or None, initial={"code": request.GET.get("code")})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            link = sharing.accept_invitation(
                token=form.cleaned_data["code"], user=request.user, address=client_ip(request)
            )
        except ServiceError as error:
            form.add_error("code", str(error))
            if isinstance(error, sharing.TooManyWrongCodes):
                status = 429
        else:
            messages.success(
                request,
                _("You can now see %(name)s's check-in and log the doses you give.")
                % {"name": link.patient},
            )
            return redirect("patient", pk=link.patient.pk)
    return render(request, "injections/accept_invitation.html", {"form": form}, status=status)
