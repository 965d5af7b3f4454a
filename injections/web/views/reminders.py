"""Each person's reminders on the settings page (issue 11): which, by email or
notification, and quiet hours. A patient chooses from reminders about their own
doses and supplies; a caregiver from those about whom they care for."""

from django.contrib import messages
from django.utils.translation import gettext as _

from ...models import CareLink
from ...services.reminders import choice_of, offered_kinds, save_choice
from ..forms import ReminderForm
from .push import push_context


def reminder_form(user, data=None) -> ReminderForm:
    return ReminderForm(
        data,
        kinds=offered_kinds(user),
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
        "reminder_kinds": offered_kinds(user),
        "alerted_by": [str(link.patient) for link in alerting.order_by("pk")],
        **push_context(user),
    }


def save_reminder_form(request, form: ReminderForm) -> bool:
    """Save a valid form, as far as it offered (services.reminders.save_choice)."""
    if not form.is_valid():
        return False
    save_choice(request.user, form.choice(), offered=offered_kinds(request.user))
    messages.success(request, _("Saved. Your reminders follow these choices from now on."))
    return True
