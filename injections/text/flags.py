"""Flags and refusals in words: the label of each flag a record carries, and the
message that refuses a dose for each rule it breaks (DESIGN §2, §4, §5)."""

import math
from dataclasses import dataclass
from datetime import datetime, tzinfo

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..models.doses import AvoidZone
from ..rules.flags import Flag, Violation
from ..rules.geometry import REGIONS, Site
from ..rules.schedule import Slot
from ..rules.sites import SpacingRules
from .places import cm, place
from .sites import injection_phrase

# What each flag on a record means, in a few words, for lists of flagged records.
LABELS = {
    Flag.REGION_NOT_ALLOWED: gettext_lazy("a region for when someone else injects"),
    Flag.OUTSIDE_REGION: gettext_lazy("outside the region, or too near the navel"),
    Flag.TOO_CLOSE: gettext_lazy("too close to an earlier injection"),
    Flag.AVOID_ZONE: gettext_lazy("inside an area marked to avoid"),
    Flag.UNRESOLVED_REACTION: gettext_lazy("too close to a site that had not healed"),
    Flag.OUTSIDE_WINDOW: gettext_lazy("outside the dose's time window"),
    Flag.TOO_SOON: gettext_lazy("too soon after another dose"),
    Flag.EXTRA_DOSE: gettext_lazy("an extra dose, given by mistake"),
    Flag.SYRINGE_EXPIRED: gettext_lazy("from a syringe past its expiry date"),
    Flag.SYRINGE_TOO_WARM: gettext_lazy("from a syringe too long at room temperature"),
    Flag.NO_USABLE_SYRINGE: gettext_lazy("with no usable syringe in stock"),
    Flag.TOO_FEW_SYRINGES: gettext_lazy("with fewer usable syringes than the dose needs"),
}


def flag_labels(codes: list[str]) -> list[str]:
    """A record's flags in words; a code no rule knows is shown as it is."""
    return [str(LABELS.get(code, code)) for code in codes]


@dataclass(frozen=True)
class Problem:
    """A broken rule as the person reads it, with the code the record keeps."""

    violation: Violation
    message: str

    @property
    def code(self) -> Flag:
        return self.violation.code


def site_problems(
    violations: list[Violation], site: Site, *, at: datetime, rules: SpacingRules, tz: tzinfo
) -> list[Problem]:
    """The site rules `site` breaks (DESIGN §4), each with its message; times in `tz`."""
    return [Problem(v, _site_message(v, site, at=at, rules=rules, tz=tz)) for v in violations]


def _site_message(
    violation: Violation, site: Site, *, at: datetime, rules: SpacingRules, tz: tzinfo
) -> str:
    region = REGIONS[site.region]
    match violation.code:
        case Flag.REGION_NOT_ALLOWED:
            return _("%(place)s is only for when someone else gives the injection") % {
                "place": place(site)
            }
        case Flag.OUTSIDE_REGION if region.exclusions and region.within_frame(site.x_mm, site.y_mm):
            return _("too near the navel: keep at least 5 cm away from it")
        case Flag.OUTSIDE_REGION:
            return _("outside the %(place)s area, which is %(w)s by %(h)s cm") % {
                "place": place(site),
                "w": cm(region.width_mm),
                "h": cm(region.height_mm),
            }
        case Flag.AVOID_ZONE:
            # Made once for whoever reads it (the patient, a caregiver, `check_site`):
            # the area is the patient's, said without a person.
            return _("inside an area marked to avoid (%(label)s)") % {
                "label": zone_label(violation.zone.kind) or _("no label")
            }
        case Flag.TOO_CLOSE:
            text = _("%(distance)s cm from %(injection)s; keep at least %(limit)s cm")
        case Flag.UNRESOLVED_REACTION:
            text = _(
                "%(distance)s cm from %(injection)s, whose site reaction has not healed; "
                "keep at least %(limit)s cm"
            )
    return text % {
        # Rounded down to the millimetre, so that a refused distance never reads as the
        # limit itself ("2.5 cm ...; keep at least 2.5 cm" for 24.8 mm).
        "distance": cm(math.floor(violation.distance_mm)),
        "injection": injection_phrase(violation.closest.at, at, tz),
        "limit": cm(rules.min_spacing_mm),
    }


def zone_label(kind: str) -> str:
    """What an area to avoid is, as the patient chose it ("vein")."""
    return str(dict(AvoidZone.Kind.choices).get(kind, kind))


def window_problem(violation: Violation, *, upcoming: Slot | None = None) -> Problem:
    """A dose outside its slot's window (DESIGN §5), with the window in the slot's zone.
    Between two windows (`upcoming`: the next slot) the dose counts for the one it was
    late for, and the next is named first: that is the dose the person may be early for."""
    slot = violation.slot
    if upcoming is not None:
        message = _(
            "outside the dose window of %(next)s, which opens at %(opens)s; taken at this "
            "time, it counts as a late dose for %(date)s"
        ) % {
            "next": formats.date_format(upcoming.date, "D j M"),
            "opens": formats.date_format(upcoming.local(upcoming.opens_at), "D H:i"),
            "date": formats.date_format(slot.date, "D j M"),
        }
        return Problem(violation, message)
    message = _("outside the dose window of %(date)s, which runs from %(opens)s to %(closes)s") % {
        "date": formats.date_format(slot.date, "D j M"),
        "opens": formats.date_format(slot.local(slot.opens_at), "D H:i"),
        "closes": formats.date_format(slot.local(slot.closes_at), "D H:i"),
    }
    return Problem(violation, message)


def _moment(instant: datetime, *, now: datetime, tz: tzinfo) -> str:
    """ "21:40 yesterday", "09:40 today", "09:40 tomorrow", else with its day."""
    local = instant.astimezone(tz)
    days = (local.date() - now.astimezone(tz).date()).days
    values = {"time": formats.time_format(local, "H:i"),
              "day": formats.date_format(local, _("l j F"))}  # fmt: skip
    if days == 0:
        return _("%(time)s today") % values
    if days == -1:
        return _("%(time)s yesterday") % values
    if days == 1:
        return _("%(time)s tomorrow") % values
    return _("%(time)s on %(day)s") % values


def gap_problem(violation: Violation, *, taken_at: datetime, now: datetime, tz: tzinfo) -> Problem:
    """A dose too soon after (or before) another of the same regimen (DESIGN §5
    `too_soon`), with the earliest instant it may be taken, in the regimen's zone."""
    other = violation.other_at
    hours = (violation.earliest - other).total_seconds() / 3600
    hours = formats.number_format(hours, 0 if hours.is_integer() else 1)
    if other <= taken_at:
        message = _("the last dose was at %(last)s; the next can be taken from %(earliest)s") % {
            "last": _moment(other, now=now, tz=tz),
            "earliest": _moment(violation.earliest, now=now, tz=tz),
        }
    else:
        message = _("a dose is recorded at %(other)s, less than %(hours)s hours after this one") % {
            "other": _moment(other, now=now, tz=tz),
            "hours": hours,
        }
    return Problem(violation, message)


def extra_problem(violation: Violation) -> Problem:
    """A second injection in a slot that already has its dose (DESIGN §5)."""
    return Problem(
        violation,
        _("the dose of %(date)s was already taken: this one is an extra dose")
        % {"date": formats.date_format(violation.slot.date, _("l j F"))},
    )


def overdose_advice(name: str | None = None) -> str:
    """What to do after an extra dose (DESIGN §5), to the patient ("you") or, given
    their name, to someone who looks after them."""
    if name is None:
        return _(
            "You had more than your dose. Call the poison control centre for advice now "
            "(1-800-222-1222 in the US). If you collapse or are not breathing, whoever is "
            "with you must call emergency services."
        )
    return _(
        "%(name)s had more than their dose. Call the poison control centre for advice now "
        "(1-800-222-1222 in the US), or emergency services if %(name)s has collapsed or is "
        "not breathing."
    ) % {"name": name}


def syringe_problem(
    violation: Violation, *, limit_hours: int, needed: int = 1, usable: int = 0
) -> Problem:
    """A syringe that must not be used (DESIGN §2); `limit_hours` is the medication's
    room-temperature limit. `needed` and `usable`: for a dose of several syringes
    with fewer usable ones on hand (`too_few_syringes`)."""
    match violation.code:
        case Flag.TOO_FEW_SYRINGES:
            message = ngettext(
                "this dose needs %(needed)d syringes and only %(usable)d usable one is left: "
                "start a new box for the rest",
                "this dose needs %(needed)d syringes and only %(usable)d usable ones are "
                "left: start a new box for the rest",
                usable,
            ) % {"needed": needed, "usable": usable}
        case Flag.SYRINGE_EXPIRED:
            message = _("this syringe is past its expiry date: discard it and use another")
        case Flag.SYRINGE_TOO_WARM:
            message = ngettext(
                "this syringe was more than %(hours)d hour at room temperature: discard it "
                "and use another",
                "this syringe was more than %(hours)d hours at room temperature: discard it "
                "and use another",
                limit_hours,
            ) % {"hours": limit_hours}
        case Flag.NO_USABLE_SYRINGE:
            message = _(
                "none of the syringes on hand can be used: past their expiry date or too "
                "long at room temperature. Discard them and start a new box."
            )
    return Problem(violation, message)
