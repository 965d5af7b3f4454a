"""The forms of a record's page: correcting a dose's facts, and voiding a record
(DESIGN §7). Times are read in the patient's zone, the one active for the request."""

from datetime import datetime
from decimal import Decimal

from django import forms
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Dose
from ..models.doses import AdministeredBy
from ..rules.days import HISTORY_YEARS
from ..rules.flags import Flag, Kind
from ..rules.geometry import format_cm
from ..rules.schedule import in_future
from ..services.errors import DoseRefused
from .forms import RadioChoices, SensibleDateField, SiteForm, place_key

# Where a refused rule is told: beside the field that decides it.
FIELD_OF_KIND = {Kind.SITE: "place", Kind.WINDOW: "taken_time", Kind.GAP: "taken_time"}


class CorrectDoseForm(SiteForm):
    """A taken or extra dose as it really was: when, where, how much and who gave it,
    and why the record is corrected. After a refusal, "It really happened like this"
    with what happened records it anyway, flagged (DESIGN §4)."""

    by = None  # who gave it is asked in words below, with all three choices
    taken_date = SensibleDateField(
        label=_("Day it was taken"), widget=forms.DateInput(attrs={"type": "date"}),
        years=HISTORY_YEARS,
    )  # fmt: skip
    taken_time = forms.TimeField(
        label=_("Time it was taken"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    dose_mg = forms.DecimalField(
        label=_("Dose in mg"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    administered_by = forms.ChoiceField(
        label=_("Who gave the injection?"), choices=AdministeredBy.choices, widget=RadioChoices
    )
    reason = forms.CharField(
        label=_("Why is it corrected? (kept with the record)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the record is corrected.")},
    )
    happened = forms.BooleanField(
        label=_("It really happened like this: record it anyway, flagged for review"),
        required=False,
    )
    what_happened = forms.CharField(
        label=_("What happened, and why then or there"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, dose: Dose, now: datetime, name: str | None = None, **kwargs):
        """`name`: the patient's, for a caregiver or a clinician, who read them by name
        among who gave the injection; the patient reads "Me"."""
        kwargs.setdefault("auto_id", "id_fix_%s")
        local = timezone.localtime(dose.taken_at)
        kwargs.setdefault(
            "initial",
            {
                "taken_date": local.date(),
                "taken_time": local.time().replace(second=0, microsecond=0),
                "place": place_key(dose.site),
                "x": format_cm(dose.x_mm),
                "y": format_cm(dose.y_mm),
                "dose_mg": _plain(dose.dose_mg),
                "administered_by": dose.administered_by,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["administered_by"].choices = [
            (value, (_("Me") if name is None else name) if value == AdministeredBy.SELF else label)
            for value, label in AdministeredBy.choices
        ]
        self.dose = dose
        self.now = now
        # The override is offered once a rule refused the correction, or when it was
        # already asked for.
        self.offers_override = self.is_bound and bool(self.data.get("happened"))

    def clean_dose_mg(self):
        value = self.cleaned_data["dose_mg"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Give the dose in mg: a number above 0."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("happened") and not data.get("what_happened", "").strip():
            self.add_error("what_happened", _("Say what happened, so that the record explains it."))
        day, moment = data.get("taken_date"), data.get("taken_time")
        if day is not None and moment is not None:
            # Read as the schedule reads a local time (DESIGN §5): fold 0.
            taken_at = datetime.combine(
                day, moment.replace(second=0, microsecond=0),
                tzinfo=timezone.get_current_timezone(),
            )  # fmt: skip
            if in_future(taken_at, now=self.now):
                self.add_error(
                    "taken_time",
                    _("That is later than now (%(now)s): give the day and time it was taken.")
                    % {"now": formats.date_format(timezone.localtime(self.now), "l j F, H:i")},
                )
            else:
                data["taken_at"] = taken_at
        return data

    @property
    def changes(self) -> dict:
        """The facts as corrected, as the service takes them. The time is sent only
        when it changed: the form shows it to the minute, the record keeps seconds."""
        data = self.cleaned_data
        site = data["site"]
        changes = {
            "dose_mg": data["dose_mg"],
            "region": site.region,
            "side": site.side,
            "x_mm": site.x_mm,
            "y_mm": site.y_mm,
            "administered_by": data["administered_by"],
        }
        shown = timezone.localtime(self.dose.taken_at).replace(second=0, microsecond=0)
        if data["taken_at"] != shown:
            changes["taken_at"] = data["taken_at"]
        return changes

    @property
    def override_reason(self) -> str:
        if not self.cleaned_data.get("happened"):
            return ""
        return self.cleaned_data.get("what_happened", "").strip()

    def refuse(self, refused: DoseRefused) -> None:
        """Each broken rule beside the field that decides it; the override is offered."""
        for problem in refused.problems:
            field = FIELD_OF_KIND.get(Flag(problem.code).kind)
            self.add_error(field, capfirst(problem.message))
        self.offers_override = True


class VoidDoseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it wrong? (kept with the record)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the record is voided.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_void_%s")
        super().__init__(*args, **kwargs)


def in_mg(value: Decimal | None) -> str:
    """A dose as a person reads it: "100 mg", "72.5 mg"."""
    if value is None:
        return ""
    return _("%(mg)s mg") % {"mg": _plain(value)}


def _plain(value) -> Decimal | None:
    """100.00 as 100 and 72.50 as 72.5, never 1E+2."""
    if value is None:
        return None
    return Decimal(format(Decimal(value).normalize(), "f"))
