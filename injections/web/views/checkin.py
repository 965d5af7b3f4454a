"""The daily check-in: one page, its parts swapped by htmx, every action also a
plain form that works without JavaScript."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from ...models import Dose, Patient
from ...reading.access import Role
from ...reading.regimens import active_regimens
from ...reading.status import regimen_statuses
from ...rules.geometry import Administrator, format_cm
from ...rules.schedule import SlotStatus
from ...rules.scores import day_of, may_score
from ...services import doses, health, scores, skin
from ...services.doses import may_change
from ...services.errors import DoseRefused, NotPermitted, ServiceError, SlotAlreadyRecorded
from ...text.flags import overdose_advice
from ...text.health import doctor_said_yes_words
from ...text.places import place
from ...text.status import HELD_LABEL, describe, held
from ..forms import (
    DailyScoreForm,
    ExplainMissedForm,
    LogDoseForm,
    SiteCheckForm,
    SiteForm,
    SkipForm,
    place_key,
)
from ..lookup import (
    checkin_url,
    dose_or_404,
    guide_url,
    history_url,
    own_patient,
    patient_or_404,
)
from ..pages.checkin import CheckIn, load
from ..pages.scores import score_section
from .people import patient_list

# Who gives the injection when a caregiver or a clinician logs it: themselves.
GIVER = {Role.CAREGIVER: Administrator.CAREGIVER, Role.CLINICIAN: Administrator.CLINICIAN}


def _who(value: str | None, role: Role = Role.PATIENT) -> Administrator:
    """Who injects: the caregiver or clinician logging it, or for the patient's own
    page, "me" or "someone else" as they chose."""
    if role in GIVER:
        return GIVER[role]
    if value == Administrator.CAREGIVER:
        return Administrator.CAREGIVER
    return Administrator.SELF


def _site_fields(site, by) -> dict:
    return {"by": by.value, "place": place_key(site), "x": format_cm(site.x_mm),
            "y": format_cm(site.y_mm)}  # fmt: skip


def render_checkin(
    request, checkin: CheckIn, role: Role, *, pick_form=None, log_form=None, part=None, **extra
):
    """The check-in page, or for htmx one of its partials: `verdict` for a spot checked
    (its verdict and log form only, under 8 KB), else `checkin`, the whole of it but
    the heading, since every action can change the status, the map and the forms."""
    by = checkin.administered_by
    if pick_form is None:
        start = checkin.chosen or (checkin.suggestions[0].site if checkin.suggestions else None)
        pick_form = SiteForm(initial=_site_fields(start, by) if start else {"by": by.value})
    if log_form is None and checkin.chosen is not None:
        pending = checkin.pending
        regimen = pending[0].regimen if pending else checkin.regimens[0]
        log_form = LogDoseForm(
            initial=_site_fields(checkin.chosen, by) | {"regimen": regimen.pk},
            regimens=checkin.regimens,
            now=checkin.at,
            doses=_doses_meant(checkin.states, regimen),
        )
    url = checkin_url(checkin.patient, role)
    name = None if role == Role.PATIENT else str(checkin.patient)
    doses = [
        {
            "state": state,
            "skip_form": _skip_form(state, extra.get("failed_skip"), name=name),
            "explain_form": _explain_form(state, extra.get("failed_explain"), name=name),
            # Withdrawing voids the skip: only whoever may change that record.
            "withdrawable": state.withdrawable
            if state.withdrawable and may_change(state.withdrawable, request.user)
            else None,
            # After a sign of allergy the next dose waits for a doctor: no "due now".
            "label": HELD_LABEL if checkin.held(state) else state.status_label,
            "words": held(state)
            if checkin.held(state)
            else describe(state, name=name, reader=request.user, reader_gives=GIVER.get(role)),
            "next_slot": None if checkin.hold else state.next_dose_slot,
            "syringes": checkin.syringes_for(state),
        }
        for state in checkin.states
    ]
    context = {
        "checkin": checkin,
        "role": role,
        "checkin_url": url,
        "guide_url": guide_url(checkin.patient, role),
        "pick_form": pick_form,
        "log_form": log_form,
        "doses": doses,
        "skips": [
            row for row in doses if row["skip_form"] or row["explain_form"] or row["withdrawable"]
        ],
        "own": role == Role.PATIENT,
        "site_check_form": SiteCheckForm(),
        "who_links": [
            (who, label, f"{url}?{urlencode({'by': who.value})}")
            for who, label in (
                (Administrator.SELF, _("Me")),
                (Administrator.CAREGIVER, _("Someone else")),
            )
        ]
        if role == Role.PATIENT
        else [],  # fmt: skip
        **extra,
    }
    template = "injections/checkin.html"
    if request.htmx and not request.htmx.boosted:
        part = part or ("verdict" if request.htmx.target == "verdict" else "checkin")
        template += f"#{part}"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _doses_meant(states, regimen) -> list:
    """The doses a dose logged after the fact could be, when more than one: the slot
    open now, with nothing recorded, and the one before it, which closed with nothing
    recorded either. "Taken earlier?" and "It already happened" then ask which it
    was (DESIGN §5)."""
    for state in states:
        if state.regimen.pk != regimen.pk:
            continue
        if (state.slot is not None and state.slot.is_open(state.at) and state.dose is None
                and state.previous_slot is not None
                and state.previous_status == SlotStatus.MISSED):  # fmt: skip
            return [state.previous_slot, state.slot]
    return []


def _skip_form(state, failed: SkipForm | None, *, name=None) -> SkipForm | None:
    """The skip form for a regimen's open slot (DESIGN §5: only the open one), or the
    one that just failed."""
    if failed is not None and str(failed.data.get("regimen")) == str(state.regimen.pk):
        return failed
    if state.skippable is None:
        return None
    return SkipForm(initial={"regimen": state.regimen.pk, "slot_date": state.skippable.date},
                    name=name)  # fmt: skip


def _explain_form(state, failed: ExplainMissedForm | None, *, name=None):
    """The form to say why the slot before was missed, or the one that just failed."""
    if failed is not None and str(failed.data.get("regimen")) == str(state.regimen.pk):
        return failed
    missed = state.explainable
    if missed is None:
        return None
    return ExplainMissedForm(initial={"regimen": state.regimen.pk, "slot_date": missed.date},
                             name=name)  # fmt: skip


@require_GET
def home(request):
    """The patient's own check-in; someone who is not a patient gets their list of
    patients, or is told their account is not linked yet."""
    if own_patient(request.user) is None:
        return patient_list(request)
    return _checkin_page(request, None)


@require_GET
def patient_checkin(request, pk: int):
    """A patient's check-in as their caregiver or clinician sees it."""
    return _checkin_page(request, pk)


def _checkin_page(request, pk):
    patient, role = patient_or_404(request.user, pk)
    pick_form = SiteForm(request.GET) if "place" in request.GET else None
    chosen = pick_form.cleaned_data["site"] if pick_form and pick_form.is_valid() else None
    checkin = load(
        patient,
        at=timezone.now(),
        administered_by=_who(request.GET.get("by"), role),
        user=request.user,
        role=role,
        chosen=chosen,
    )
    if pick_form is not None and chosen is None and request.htmx.target == "verdict":
        # The spot typed is wrong: the message goes beside the field, in the form.
        response = render_checkin(request, checkin, role, pick_form=pick_form, part="checkin")
        return retarget(reswap(response, "outerHTML"), "#checkin")
    return render_checkin(request, checkin, role, pick_form=pick_form)


def _done(
    request, patient: Patient, role: Role, by: Administrator, message: str = "", *, warning=""
):
    """After a write: a fresh check-in for htmx, a redirect for a plain form."""
    if message:
        messages.success(request, message)
    if warning:
        messages.warning(request, warning)
    if not request.htmx:
        url = checkin_url(patient, role)
        return redirect(url if by in (Administrator.SELF, GIVER.get(role))
                        else f"{url}?{urlencode({'by': by})}")  # fmt: skip
    checkin = load(patient, at=timezone.now(), administered_by=by, user=request.user, role=role)
    return render_checkin(request, checkin, role)


def _again(request, patient: Patient, role: Role, by: Administrator, *, chosen=None, **forms):
    """Show the check-in again with a form's errors and what was typed."""
    checkin = load(patient, at=timezone.now(), administered_by=by, user=request.user,
                   role=role, chosen=chosen)  # fmt: skip
    return render_checkin(request, checkin, role, **forms)


@require_POST
def log_dose(request):
    patient, role = patient_or_404(request.user, request.POST.get("patient"))
    regimens = list(active_regimens(patient))
    now = timezone.now()
    posted = next((r for r in regimens if str(r.pk) == request.POST.get("regimen")), None)
    meant = _doses_meant(regimen_statuses(regimens, at=now), posted) if posted else []
    form = LogDoseForm(request.POST, regimens=regimens, now=now, doses=meant)
    by = _who(request.POST.get("by"), role)
    if "regimen" in form.errors:  # not one of this patient's medicines
        raise Http404("no such regimen")
    if form.is_valid():
        site = form.cleaned_data["site"]
        try:
            dose = doses.record_dose(
                regimen=form.cleaned_data["regimen"],
                taken_at=form.taken_at,
                site=site,
                administered_by=by,
                entered_by=request.user,
                override_reason=form.override_reason,
                extra=form.is_extra,
                now=now,
            )
        except DoseRefused as refused:
            return _again(request, patient, role, by, chosen=site, log_form=form,
                          refused=refused)  # fmt: skip
        except SlotAlreadyRecorded as error:
            form.add_error(None, str(error))
            # A second injection did happen: the log must be able to say so.
            return _again(request, patient, role, by, chosen=site, log_form=form,
                          offer_extra=error.taken)  # fmt: skip
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            advice = ""
            if dose.status == Dose.Status.EXTRA:
                advice = overdose_advice(None if role == Role.PATIENT else str(patient))
            return _done(request, patient, role, by, _recorded(dose, site, now=now),
                         warning=advice)  # fmt: skip
    site = form.cleaned_data.get("site")
    if site is None:  # the spot itself is wrong: say so where it is typed, keeping it
        return _again(request, patient, role, by, pick_form=SiteForm(request.POST))
    return _again(request, patient, role, by, chosen=site, log_form=form,
                  offer_extra=form.data.get("extra") == "on")  # fmt: skip


@require_POST
def doctor_said_yes(request):
    """After a sign of allergy: a doctor has been asked and said the next dose may be
    taken. The check-in offers it again; the clinic still sees the sign until read."""
    patient, role = patient_or_404(request.user, request.POST.get("patient"))
    by = _who(request.POST.get("by"), role)
    held_signs = health.record_doctor_said_yes(patient=patient, by=request.user)
    name = None if role == Role.PATIENT else str(patient)
    return _done(request, patient, role, by, doctor_said_yes_words(name=name) if held_signs else "")


def _recorded(dose, site, *, now) -> str:
    """What was recorded, naming the day when it is not today."""
    local = timezone.localtime(dose.taken_at)
    values = {"place": place(site), "time": formats.time_format(local, "H:i"),
              "day": formats.date_format(local, _("l j F"))}  # fmt: skip
    today = local.date() == timezone.localtime(now).date()
    if dose.status == Dose.Status.EXTRA:
        text = (_("Extra dose recorded: %(place)s at %(time)s. It is flagged for review.")
                if today else _("Extra dose recorded: %(place)s, %(day)s at %(time)s. "
                                "It is flagged for review."))  # fmt: skip
        return text % values
    if today:
        return _("Dose recorded: %(place)s at %(time)s.") % values
    return _("Dose recorded: %(place)s, %(day)s at %(time)s.") % values


@require_POST
def skip_dose(request):
    """Skip the open dose, or say why the one before was missed (DESIGN §5): never a
    dose to come, which is skipped in advance from the history calendar."""
    patient, role = patient_or_404(request.user, request.POST.get("patient"))
    name = None if role == Role.PATIENT else str(patient)
    explaining = "explain" in request.POST
    form = (ExplainMissedForm if explaining else SkipForm)(request.POST, name=name)
    by = _who(request.POST.get("by"), role)
    if form.is_valid():
        regimen = get_object_or_404(patient.regimens, pk=form.cleaned_data["regimen"])
        try:
            doses.skip_slot(
                regimen=regimen,
                slot_date=form.cleaned_data["slot_date"],
                skip_reason=form.skip_reason,
                reason=form.reason,
                entered_by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            day = formats.date_format(form.cleaned_data["slot_date"], _("l j F"))
            text = (_("Noted why the dose of %(day)s was missed.") if explaining
                    else _("Skipped the dose of %(day)s."))  # fmt: skip
            return _done(request, patient, role, by, text % {"day": day})
    failed = {"failed_explain" if explaining else "failed_skip": form}
    return _again(request, patient, role, by, **failed)


@require_POST
def withdraw_skip(request, pk: int):
    """Withdraw a skip planned in advance: the dose is to be taken after all. From the
    check-in, or from the history calendar (`next=history`), where it goes back to."""
    dose, role = dose_or_404(request.user, pk)
    by = _who(request.POST.get("by"), role)
    try:
        doses.withdraw_skip(dose=dose, withdrawn_by=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        day = formats.date_format(dose.slot_date, _("l j F"))
        messages.success(
            request,
            _("The planned skip of %(day)s is withdrawn: the dose is due as usual. The record "
              "is kept in the history, marked void.") % {"day": day},
        )  # fmt: skip
    if request.POST.get("next") == "history":
        return redirect(history_url(dose.patient, role))
    return _done(request, dose.patient, role, by)


@require_POST
def undo_dose(request, pk: int):
    dose, role = dose_or_404(request.user, pk)
    by = _who(request.POST.get("by"), role)
    try:
        doses.undo_dose(dose=dose, user=request.user)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Undone. The record is kept in the history, marked void."))
    return _done(request, dose.patient, role, by)


@require_POST
def record_site_look(request, pk: int):
    dose, role = dose_or_404(request.user, pk)
    by = _who(request.POST.get("by"), role)
    form = SiteCheckForm(request.POST)
    if form.is_valid():
        try:
            skin.record_site_check(
                dose=dose,
                kinds=form.cleaned_data["kinds"],
                severity=form.cleaned_data["severity"] or "mild",
                recorded_by=request.user,
            )
        except ServiceError as error:
            # Already answered, or not a dose that was given: the question is gone
            # from the page, so the answer comes as a message.
            messages.error(request, str(error))
            return _done(request, dose.patient, role, by)
        else:
            if form.cleaned_data["kinds"]:
                text = _("Noted. That area stays out of the suggestions until it has healed.")
            else:
                text = _("Good. Noted that the site looks fine.")
            return _done(request, dose.patient, role, by, text)
    return _again(request, dose.patient, role, by, failed_site_check=form)


@require_POST
def mark_site_healed(request, pk: int):
    dose, role = dose_or_404(request.user, pk)
    skin.mark_healed(dose=dose, resolved_by=request.user)
    by = _who(request.POST.get("by"), role)
    return _done(request, dose.patient, role, by,
                 _("Marked healed. That area can be used again."))  # fmt: skip


@require_POST
def save_scores(request):
    """How the patient is today, given or changed that day (issue 12, item 4). For htmx
    the scores are a partial of their own: saving them changes nothing else on the
    check-in, and a fresh check-in would take the focus back to its top."""
    patient, role = patient_or_404(request.user, request.POST.get("patient"))
    if not may_score(role):
        raise PermissionDenied("the patient gives the scores; the clinic reads them")
    now = timezone.now()
    form = DailyScoreForm(request.POST)
    if form.is_valid():
        try:
            scores.record_scores(patient=patient, day=form.cleaned_data["day"],
                                 recorded_by=request.user, now=now, **form.scores)  # fmt: skip
        except NotPermitted:
            raise PermissionDenied("not theirs to give") from None
        except ServiceError as error:
            form = _as_todays(form, error, today=day_of(now, timezone.get_current_timezone()))
        else:
            if not request.htmx:
                return redirect(f"{checkin_url(patient, role)}#scores")
            form = None
    if not request.htmx:
        checkin = load(patient, at=now, administered_by=_who(None, role), user=request.user,
                       role=role)  # fmt: skip
        checkin.score_form = form
        return render_checkin(request, checkin, role)
    section = score_section(patient, role=role, user=request.user, at=now,
                            tz=timezone.get_current_timezone(), form=form)  # fmt: skip
    response = render(request, "injections/checkin.html#scores",
                      {"scores": section, "role": role, "scores_swapped": True})  # fmt: skip
    patch_vary_headers(response, ["HX-Request"])
    return response


def _as_todays(form: DailyScoreForm, error: ServiceError, *, today) -> DailyScoreForm:
    """The scores of a page left open past midnight, offered again as today's with
    the message why: what was tapped is kept, one more tap saves it."""
    data = form.data.copy()
    data["day"] = today.isoformat()
    again = DailyScoreForm(data)
    again.is_valid()
    again.add_error(None, capfirst(str(error)))
    return again
