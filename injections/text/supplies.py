"""Syringes on hand, in words (rules.supplies counts them)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def on_hand(usable: int, *, days: int, medication: str) -> str:
    """"7 usable syringes of anakinra: 7 days of doses.", each number with its own
    plural ("1 day of doses")."""
    syringes = ngettext(
        "%(count)d usable syringe of %(name)s",
        "%(count)d usable syringes of %(name)s",
        usable,
    ) % {"count": usable, "name": medication}
    supply = ngettext("%(days)d day of doses", "%(days)d days of doses", days) % {"days": days}
    return _("%(syringes)s: %(supply)s.") % {"syringes": syringes, "supply": supply}
