"""Each person's reminders on the settings page (issue 11): which, by email or
notification, and quiet hours. A patient chooses from reminders about their own
doses and supplies; a caregiver from those about whom they care for."""

from dataclasses import replace

from django.contrib import messages
from django.utils.translation import gettext as _

from ...models import CareLink
from ...rules import reminders as rules
from ...services.reminders import choice_of, save_choice
from ..forms import ReminderForm
from ..lookup import own_patient
from .push import push_context


def kinds_for(user) -> list[str]:
    """The reminders that can concern this person."""
    kinds = list(rules.PATIENT_KINDS) if own_patient(user) else []
    if CareLink.objects.filter(caregiver=user, revoked_at__isnull=True).exists():
        kinds += rules.CAREGIVER_KINDS
    return kinds


def reminder_form(user, data=None) -> ReminderForm:
    return ReminderForm(
        data,
        kinds=kinds_for(user),
        initial=ReminderForm.initial_of(choice_of(user)),
        prefix="reminders",
    )


def reminder_context(user, form: ReminderForm | None = None) -> dict:
    """What the settings page's reminder section shows."""
    alerting = CareLink.objects.filter(
        caregiver=user, revoked_at__isnull=True, missed_dose_alerts=True
    ).select_related("patient__user")
    return {
        "reminder_form": form or reminder_form(user),
        "reminder_kinds": kinds_for(user),
        "alerted_by": [str(link.patient) for link in alerting.order_by("pk")],
        **push_context(user),
    }


def save_reminder_form(request, form: ReminderForm) -> bool:
    """Save a valid form; kinds it did not show (a patient's choice about the people
    they care for, say) keep their choice."""
    if not form.is_valid():
        return False
    chosen = form.choice()
    kept = choice_of(request.user).kinds - set(kinds_for(request.user))
    save_choice(request.user, replace(chosen, kinds=chosen.kinds | kept))
    messages.success(request, _("Saved. Your reminders follow these choices from now on."))
    return True
