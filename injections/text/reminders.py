"""What each reminder says (issue 11): a subject, a few sentences that say what to do,
and the page where it is done. The patient reads "you"; a caregiver reads about the
patient by name."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models.regimens import format_mg
from ..reading.reminders import Due
from ..reading.supplies import limit_of
from ..rules import reminders as rules


@dataclass(frozen=True)
class Message:
    subject: str
    lines: tuple[str, ...]
    url: str
    action: str  # the words of the link or the notification's button
    tag: str  # one notification per reminder: a retry replaces, never doubles

    @property
    def text(self) -> str:
        return "\n\n".join(self.lines)

    def payload(self) -> dict:
        """What a push notification shows (the service worker reads it)."""
        actions = [{"action": "log", "title": self.action}] if self.action else []
        return {
            "title": self.subject,
            "body": " ".join(self.lines),
            "url": self.url,
            "tag": self.tag,
            "actions": actions,
        }


def absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def settings_url() -> str:
    return absolute("settings")


def _when(instant, zone) -> str:
    return formats.date_format(instant.astimezone(zone), _("l j F, H:i"))


def _time(instant, zone) -> str:
    return formats.time_format(instant.astimezone(zone), "H:i")


def message(due: Due, *, patient, own: bool) -> Message:
    """The reminder `due` in words, for the patient (`own`) or a caregiver."""
    with timezone.override(due.zone):
        lines, subject, url, action = _words(due, name=str(patient), own=own, patient=patient)
    return Message(subject, tuple(lines), url, action, tag=f"{due.kind}-{patient.pk}-{due.slot}")


def _words(due: Due, *, name: str, own: bool, patient):
    kind, zone = due.kind, due.zone
    if kind in (rules.DOSE, rules.LATE, rules.MISSED):
        state = due.state
        # A missed dose is the slot before: its own dose, not the next one's.
        dose = state.regimen.dose_on(state.previous_slot.date) if kind == rules.MISSED else None
        medicine = _("%(dose)s mg of %(name)s") % {
            "dose": format_mg(dose or state.dose_mg),
            "name": state.regimen.medication.name,
        }
    if kind == rules.DOSE:
        slot = state.slot
        return (
            [
                _("Your dose is due now: %(medicine)s, at %(time)s.")
                % {"medicine": medicine, "time": _time(slot.scheduled_at, zone)},
                _("When it is done, log it in medtrack: it shows where to inject."),
            ],
            _("Time for your %(name)s") % {"name": state.regimen.medication.name},
            absolute("home"),
            _("Log dose"),
        )
    if kind == rules.LATE:
        slot = state.slot
        return (
            [
                _("Your dose of %(time)s is not logged yet: %(medicine)s.")
                % {"time": _time(slot.scheduled_at, zone), "medicine": medicine},
                _(
                    "You can still take it until %(close)s. If you took it, log it now; if "
                    "not, take it as soon as you can, then log it."
                )
                % {"close": _when(slot.closes_at, zone)},
            ],
            _("Your dose is late"),
            absolute("home"),
            _("Log dose"),
        )
    if kind == rules.MISSED:
        slot = state.previous_slot
        return (
            [
                _("%(name)s's dose of %(when)s was not logged: %(medicine)s.")
                % {"name": name, "when": _when(slot.scheduled_at, zone), "medicine": medicine},
                _(
                    "Check with %(name)s. If it was given, log it with the time it was given; "
                    "do not give a second dose to make up for it."
                )
                % {"name": name},
            ],
            _("%(name)s missed a dose") % {"name": name},
            absolute("patient", patient.pk),
            _("Open %(name)s's check-in") % {"name": name},
        )
    if kind == rules.REFILL:
        stock = due.supply
        days = {"days": stock.days, "name": stock.medication.name}
        return (
            [
                ngettext(
                    "You have %(name)s for about %(days)s day.",
                    "You have %(name)s for about %(days)s days.",
                    stock.days,
                )
                % days,
                _(
                    "Order more from your pharmacy now. When the new box comes, add it on "
                    "the Supplies page."
                ),
            ],
            _("Time to order more %(name)s") % days,
            absolute("supplies"),
            _("Open Supplies"),
        )
    if kind == rules.WARM_SYRINGE:
        syringe, stock = due.syringe, due.supply
        by = syringe.out_of_fridge_at + limit_of(stock.medication)
        return (
            [
                _("A syringe of %(name)s (lot %(lot)s) has been out of the fridge since %(since)s.")
                % {
                    "name": stock.medication.name,
                    "lot": syringe.box.lot,
                    "since": _when(syringe.out_of_fridge_at, zone),
                },
                _("Use it by %(by)s. After that it must not be used: discard it.")
                % {"by": _when(by, zone)},
            ],
            _("Use the syringe out of the fridge soon"),
            absolute("supplies"),
            _("Open Supplies"),
        )
    if kind == rules.SHARPS:
        return (
            [
                _("Your sharps container is nearly full."),
                _(
                    "Get a new one from your pharmacy or clinic, and when you start it, "
                    "mark it on the Supplies page. Do not overfill the old one."
                ),
            ],
            _("Your sharps container is nearly full"),
            absolute("supplies"),
            _("Open Supplies"),
        )
    if kind == rules.BLOOD_TEST:
        return (
            [
                _("Your next blood test (a neutrophil count) is due on %(day)s.")
                % {"day": formats.date_format(due.test_due, _("l j F"))},
                _(
                    "Book it with your clinic. When you have the result, record it on the "
                    "Health page."
                ),
            ],
            _("A blood test is due"),
            absolute("health"),
            _("Open Health"),
        )
    raise ValueError(kind)
