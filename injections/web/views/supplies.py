"""The patient's supplies: syringe boxes, the room-temperature clock, discards and
the sharps container (DESIGN §2)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from ...models import Syringe, SyringeBox
from ...reading import supplies as stock
from ...reading.regimens import active_regimens
from ...rules import supplies as rules
from ...services import supplies
from ...services.errors import ServiceError
from ..forms import BoxForm, DiscardForm, SharpsForm, ThresholdForm
from ..lookup import own_patient_or_404


def _render(
    request, patient, *, box_form=None, discard_forms=None, sharps_form=None, threshold_form=None
):
    now = timezone.now()
    regimens = list(active_regimens(patient))
    today = timezone.localdate(now)
    on_hand = []
    for syringe in stock.available_syringes(patient):
        limit = stock.limit_of(syringe.box.medication)
        plain = stock.plain(syringe)
        left = rules.room_temperature_left(plain, at=now, limit=limit)
        on_hand.append({
            "syringe": syringe,
            "state": rules.usability(plain, at=now, today=today, limit=limit),
            "hours_left": None if left is None else max(0, int(left.total_seconds() // 3600)),
            "discard_form": (discard_forms or {}).get(syringe.pk)
            or DiscardForm(auto_id=f"id_discard{syringe.pk}_%s"),
        })  # fmt: skip
    container = stock.current_sharps(patient)
    return render(
        request,
        "injections/supplies.html",
        {
            "supplies": [stock.supply(patient, r, at=now, today=today) for r in regimens],
            # Each medication's own room-temperature limit (24 h, 72 h on the EU label).
            "limits": list({r.medication.pk: r.medication for r in regimens}.values()),
            "stock": on_hand,
            "box_form": box_form or BoxForm(),
            "sharps": container,
            "sharps_state": stock.sharps_state(container) if container else None,
            "sharps_form": sharps_form or SharpsForm(),
            "threshold_form": threshold_form
            or ThresholdForm(initial={"days": patient.refill_threshold_days}),
            "boxes": SyringeBox.objects.filter(
                pk__in=stock.available_syringes(patient).values("box")
            ).order_by("expires_on", "pk"),
        },
    )


@require_GET
def supplies_page(request):
    return _render(request, own_patient_or_404(request.user))


@require_POST
def add_box(request):
    patient = own_patient_or_404(request.user)
    regimens = list(active_regimens(patient))
    form = BoxForm(request.POST)
    if form.is_valid() and regimens:
        try:
            box = supplies.add_box(
                patient=patient,
                medication=regimens[0].medication,
                lot=form.cleaned_data["lot"],
                expires_on=form.cleaned_data["expires_on"],
                count=form.cleaned_data["count"],
                added_by=request.user,
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Box added: %(count)d syringe.", "Box added: %(count)d syringes.", box.count
                )
                % {"count": box.count},
            )
            return redirect("supplies")
    return _render(request, patient, box_form=form)


def _own_syringe(patient, pk) -> Syringe:
    return get_object_or_404(Syringe, pk=pk, patient=patient)


@require_POST
def out_of_fridge(request, pk: int):
    patient = own_patient_or_404(request.user)
    syringe = _own_syringe(patient, pk)
    if supplies.take_out_of_fridge(syringes=[syringe]):
        hours = syringe.box.medication.room_temperature_limit_hours
        messages.success(
            request,
            ngettext("Noted: out of the fridge now. Use it within %(hours)d hour.",
                     "Noted: out of the fridge now. Use it within %(hours)d hours.", hours)
            % {"hours": hours},
        )  # fmt: skip
    return redirect("home" if request.POST.get("next") == "home" else "supplies")


@require_POST
def box_out_of_fridge(request, pk: int):
    """Start the clock of every syringe left in a box at once."""
    patient = own_patient_or_404(request.user)
    box = get_object_or_404(SyringeBox, pk=pk, patient=patient)
    started = supplies.take_out_of_fridge(
        syringes=stock.available_syringes(patient).filter(box=box)
    )
    messages.success(
        request,
        ngettext("Noted: %(count)d syringe out of the fridge now.",
                 "Noted: %(count)d syringes out of the fridge now.", started)
        % {"count": started},
    )  # fmt: skip
    return redirect("supplies")


@require_POST
def refill_threshold(request):
    patient = own_patient_or_404(request.user)
    form = ThresholdForm(request.POST)
    if form.is_valid():
        try:
            supplies.set_refill_threshold(patient=patient, days=form.cleaned_data["days"])
        except ServiceError as error:
            form.add_error("days", str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("supplies")
    return _render(request, patient, threshold_form=form)


@require_POST
def discard_syringe(request, pk: int):
    patient = own_patient_or_404(request.user)
    syringe = _own_syringe(patient, pk)
    if not syringe.available:
        # Used or discarded meanwhile (a second tab): its form is gone from the page,
        # so the answer comes as a message.
        messages.error(request, _("this syringe is already used or discarded"))
        return redirect("supplies")
    form = DiscardForm(request.POST, auto_id=f"id_discard{pk}_%s")
    if form.is_valid():
        try:
            supplies.discard(
                syringe=syringe, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
            )
        except ServiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Discarded: put it in the sharps container. The next one is ready.")
            )
            return redirect("supplies")
    return _render(request, patient, discard_forms={pk: form})


@require_POST
def replace_sharps(request):
    patient = own_patient_or_404(request.user)
    form = SharpsForm(request.POST)
    if form.is_valid():
        supplies.replace_sharps(patient=patient, capacity=form.cleaned_data["capacity"])
        messages.success(request, _("A new, empty sharps container is in use."))
        return redirect("supplies")
    return _render(request, patient, sharps_form=form)
