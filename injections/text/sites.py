"""The site rules' answers in words (DESIGN §4): how an earlier injection is named,
and why a spot is suggested."""

from datetime import datetime, tzinfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..rules.sites import Suggestion
from .places import place


def injection_phrase(instant: datetime, at: datetime, tz: tzinfo) -> str:
    """Names an injection the way a person would: "yesterday's injection at 08:05",
    "Tuesday's injection at 08:05", or with its date when older than a week."""
    local = instant.astimezone(tz)
    days = (at.astimezone(tz).date() - local.date()).days
    values = {"time": formats.time_format(local, "H:i"), "day": formats.date_format(local, "l")}
    if days == 0:
        return _("today's injection at %(time)s") % values
    if days == 1:
        return _("yesterday's injection at %(time)s") % values
    if days < 7:
        return _("%(day)s's injection at %(time)s") % values
    return _("the injection of %(date)s") % {"date": formats.date_format(local, "D j M H:i")}


def last_used(suggestion: Suggestion, *, at: datetime, tz: tzinfo) -> str:
    """"last used 9 days ago", "not used yet": when its region-side was last used."""
    if suggestion.last_used is None:
        return _("not used yet")
    days = (at.astimezone(tz).date() - suggestion.last_used.astimezone(tz).date()).days
    if days == 0:
        return _("last used today")
    return ngettext("last used %(days)d day ago", "last used %(days)d days ago", days) % {
        "days": days
    }


def suggestion_reason(suggestion: Suggestion, *, at: datetime, tz: tzinfo) -> str:
    """"thigh left: last used 9 days ago" (DESIGN §4)."""
    return _("%(place)s: %(last_used)s") % {
        "place": place(suggestion.site),
        "last_used": last_used(suggestion, at=at, tz=tz),
    }
