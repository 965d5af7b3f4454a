"""The forms of the patient's pages. They turn what a person typed or tapped into
the plain values the services take, with messages that say how to fix a mistake."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import available_timezones

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..models import AvoidZone, DoctorTopic, Regimen, SiteReaction, Syringe
from ..rules.geometry import REGION_SIDES, REGIONS, Administrator, Site
from ..rules.invalid import Invalid
from ..rules.schedule import attribute_dose, in_future
from ..text.health import COMMON_CHOICES, URGENT_CHOICES
from ..text.places import REGION_SIDE_LABELS


class FormRenderer(TemplatesSetting):
    """Every field renders through one project template: label, widget, error."""

    field_template_name = "injections/field.html"


class _LargeChoices:
    """Options as rows of at least 44 px, each with its own label
    (templates/injections/widgets/choices.html); `grid` lays short ones out in
    columns."""

    template_name = "injections/widgets/choices.html"

    def __init__(self, *args, grid: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = grid

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["grid"] = self.grid
        return context


class RadioChoices(_LargeChoices, forms.RadioSelect):
    pass


class CheckboxChoices(_LargeChoices, forms.CheckboxSelectMultiple):
    pass


PLACE_CHOICES = [
    (f"{region}:{side}" if side else region, REGION_SIDE_LABELS[(region, side)])
    for region, side in REGION_SIDES
]
WHO_CHOICES = [
    (Administrator.SELF.value, _("Me")),
    (Administrator.CAREGIVER.value, _("Someone else")),
]


def place_key(site: Site) -> str:
    return f"{site.region}:{site.side}" if site.side else site.region


class SiteForm(forms.Form):
    """A point on the body map: area, then how far across and down, in cm."""

    by = forms.ChoiceField(
        label=_("Who is injecting?"),
        choices=WHO_CHOICES,
        initial=Administrator.SELF.value,
        required=False,
    )
    place = forms.ChoiceField(label=_("Body area"), choices=PLACE_CHOICES)
    x = forms.DecimalField(
        label=_("Across: cm from the inner edge (abdomen: from the left side)"),
        min_value=0,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    y = forms.DecimalField(
        label=_("Down: cm from the top edge"),
        min_value=0,
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )

    def clean(self):
        data = super().clean()
        place, x, y = data.get("place"), data.get("x"), data.get("y")
        if place is None or x is None or y is None:
            return data
        region, _sep, side = place.partition(":")
        shape = REGIONS[region]
        for field, value, limit, words in (
            ("x", x, shape.width_mm, _("wide")),
            ("y", y, shape.height_mm, _("high")),
        ):
            if value * 10 > limit:
                self.add_error(
                    field,
                    _("The %(place)s area is %(size)s cm %(words)s: choose 0 to %(size)s.")
                    % {
                        "place": REGION_SIDE_LABELS[(region, side)],
                        "size": limit // 10,
                        "words": words,
                    },
                )
        # Only the spot's own fields decide it: a mistake elsewhere (a reason too
        # long) must not lose the spot the form is shown again for.
        if "x" not in self.errors and "y" not in self.errors:
            data["site"] = Site(region, side, int(x * 10), int(y * 10))
        return data

    @property
    def administered_by(self) -> Administrator:
        value = self.data.get("by") if self.is_bound else None
        return (
            Administrator(value)
            if value in Administrator._value2member_map_
            else (Administrator.SELF)
        )


class LogDoseForm(SiteForm):
    """A dose given at a spot: now, or with "It already happened", when it was taken
    (in the patient's zone, the one active for the request) and, where two doses could
    be meant, which one it was (DESIGN §5)."""

    regimen = forms.ModelChoiceField(queryset=Regimen.objects.none(), label=_("Medicine"))
    happened = forms.BooleanField(
        label=_("It already happened: record it here anyway"), required=False
    )
    # The button "Record it at this time": the dose was taken earlier than now.
    earlier = forms.BooleanField(required=False, widget=forms.HiddenInput())
    taken_date = forms.DateField(
        label=_("Day it was taken"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    taken_time = forms.TimeField(
        label=_("Time it was taken"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    which = forms.ChoiceField(
        label=_("Which dose was it?"), required=False, choices=(), widget=RadioChoices
    )
    extra = forms.BooleanField(
        label=_("It was a second injection for a dose already taken, given by mistake"),
        required=False,
    )
    reason = forms.CharField(
        label=_("What happened, and why there"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, regimens, now: datetime, doses=(), **kwargs):
        """`doses`: the slots (`rules.schedule.Slot`) the person may mean, when more
        than one could be: the question "Which dose was it?" is asked only then."""
        # Its own ids: it shares the page with the pick form, whose labels would
        # otherwise point at this form's hidden copies of place, x and y.
        kwargs.setdefault("auto_id", "id_log_%s")
        local = timezone.localtime(now)
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"taken_date": local.date(), "taken_time": local.time()} | kwargs[
            "initial"
        ]
        super().__init__(*args, **kwargs)
        self.now = now
        self.fields["regimen"].queryset = Regimen.objects.filter(pk__in=[r.pk for r in regimens])
        if len(regimens) == 1:
            self.fields["regimen"].widget = forms.HiddenInput()
            self.fields["regimen"].initial = regimens[0].pk
        self.doses = {slot.date.isoformat(): slot for slot in doses}
        self.fields["which"].choices = [
            (key, _dose_name(slot.date, today=local.date())) for key, slot in self.doses.items()
        ]

    @property
    def asks_which(self) -> bool:
        return len(self.doses) > 1

    def clean(self):
        data = super().clean()
        if data.get("happened") and not data.get("reason", "").strip():
            self.add_error("reason", _("Say what happened, so that the record explains it."))
        data["taken_at"] = self._taken_at(data)
        return data

    def _taken_at(self, data) -> datetime | None:
        """When it was taken: now, unless "It already happened" or "Taken earlier?"
        gives a day and time."""
        if not (data.get("happened") or data.get("earlier")):
            return self.now
        day, moment = data.get("taken_date"), data.get("taken_time")
        if "taken_date" in self.errors or "taken_time" in self.errors:
            return None
        if day is None and moment is None:
            return self.now
        local = timezone.localtime(self.now)
        # A time in the spring-forward gap or the fall-back hour is read as the
        # schedule reads one (DESIGN §5): fold 0.
        taken_at = datetime.combine(
            day or local.date(), (moment or local.time()).replace(second=0, microsecond=0),
            tzinfo=timezone.get_current_timezone(),
        )  # fmt: skip
        if in_future(taken_at, now=self.now):
            self.add_error(
                "taken_time",
                _("That is later than now (%(now)s): give the day and time it was taken.")
                % {"now": formats.date_format(local, "l j F, H:i")},
            )
            return None
        chosen = self.doses.get(data.get("which") or "")
        if chosen is not None and self.asks_which and data.get("regimen") is not None:
            self._check_which(chosen, taken_at, data["regimen"])
        return taken_at

    def _check_which(self, chosen, taken_at: datetime, regimen: Regimen) -> None:
        """The dose named must be the one the time belongs to (DESIGN §5: the slot open
        then, else the one it was late for), or the time is wrong."""
        try:
            slot, _late = attribute_dose(regimen.schedule(), taken_at=taken_at)
        except Invalid:
            return  # the service says why it cannot be recorded
        if slot.date == chosen.date:
            return
        today = timezone.localdate(self.now)
        values = {
            "chosen": _dose_name(chosen.date, today=today),
            "belongs": _dose_name(slot.date, today=today, within=True),
            "opens": formats.date_format(timezone.localtime(chosen.opens_at), "l j F, H:i"),
            "closes": formats.date_format(timezone.localtime(chosen.closes_at), "l j F, H:i"),
        }
        if chosen.date > slot.date:
            message = _(
                "%(chosen)s could be taken from %(opens)s; a dose taken earlier counts as "
                "%(belongs)s. Give the time it was taken."
            )
        else:
            message = _(
                "%(chosen)s could be taken until %(closes)s; a dose taken later counts as "
                "%(belongs)s. Give the time it was taken."
            )
        self.add_error("taken_time", message % values)

    @property
    def taken_at(self) -> datetime:
        return self.cleaned_data["taken_at"]

    @property
    def is_extra(self) -> bool:
        return bool(self.cleaned_data.get("happened") and self.cleaned_data.get("extra"))

    @property
    def override_reason(self) -> str:
        return self.cleaned_data["reason"].strip() if self.cleaned_data.get("happened") else ""


def _dose_name(day: date, *, today: date, within: bool = False) -> str:
    """"Today's dose (Wednesday 2 December)", "Yesterday's dose (...)", "The dose of
    ..."; `within` a sentence, in lower case."""
    values = {"day": formats.date_format(day, "l j F")}
    if day == today:
        return (_("today's dose (%(day)s)") if within else _("Today's dose (%(day)s)")) % values
    if day == today - timedelta(days=1):
        return (
            _("yesterday's dose (%(day)s)") if within else _("Yesterday's dose (%(day)s)")
        ) % values
    return (_("the dose of %(day)s") if within else _("The dose of %(day)s")) % values


SKIP_REASONS = [
    ("fever", _("I have a fever or an infection")),
    ("doctor", _("My doctor told me to pause")),
    ("surgery", _("Surgery or dental work is planned")),
    ("no-syringe", _("I have no usable syringe")),
    ("other", _("Another reason")),
]


class SkipForm(forms.Form):
    regimen = forms.IntegerField(widget=forms.HiddenInput())
    slot_date = forms.DateField(widget=forms.HiddenInput())
    why = forms.ChoiceField(
        label=_("Why are you skipping it?"), choices=SKIP_REASONS, widget=RadioChoices
    )
    details = forms.CharField(
        label=_("Details"), required=False, max_length=500, widget=forms.TextInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One skip form per medicine on the page: ids of their own, so that each
        # reason's label points at its own button.
        regimen = self.data.get("regimen") if self.is_bound else self.initial.get("regimen")
        digits = "".join(c for c in str(regimen) if c.isdigit())
        self.auto_id = f"id_skip{digits}_%s"

    def clean(self):
        data = super().clean()
        if data.get("why") == "other" and not data.get("details", "").strip():
            self.add_error("details", _("Say why, in a few words."))
        return data

    @property
    def reason(self) -> str:
        label = str(dict(SKIP_REASONS)[self.cleaned_data["why"]])
        details = self.cleaned_data.get("details", "").strip()
        if self.cleaned_data["why"] == "other":
            return details
        return f"{label}: {details}" if details else label


class SiteCheckForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Or tick what you see"),
        choices=SiteReaction.Kind.choices,
        widget=CheckboxChoices(grid=True),
        required=False,
    )
    severity = forms.ChoiceField(
        label=_("How bad is it?"),
        choices=SiteReaction.Severity.choices,
        widget=RadioChoices(grid=True),
        required=False,
        initial=SiteReaction.Severity.MILD,
    )

    def clean(self):
        data = super().clean()
        if "fine" not in self.data and not data.get("kinds"):
            raise forms.ValidationError(_("Tick what you see, or choose “Looks fine”."))
        if "fine" in self.data:
            data["kinds"] = []
        return data


class AvoidZoneForm(SiteForm):
    by = None  # who injects does not matter for an area to avoid
    radius = forms.DecimalField(
        label=_("Radius in cm"),
        min_value=Decimal("0.5"),
        max_value=Decimal("10"),
        max_digits=3,
        decimal_places=1,
        initial=Decimal("1"),
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    kind = forms.ChoiceField(label=_("What is there?"), choices=AvoidZone.Kind.choices)
    ends_on = forms.DateField(
        label=_("Avoid until (leave empty for always)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ScheduleForm(forms.Form):
    RHYTHMS = [
        ("FREQ=DAILY", _("Every day")),
        ("FREQ=DAILY;INTERVAL=2", _("Every other day")),
    ]
    time_of_day = forms.TimeField(
        label=_("Time of day"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(name, name) for name in sorted(available_timezones())]
    )
    rrule = forms.ChoiceField(label=_("How often"), choices=RHYTHMS, widget=RadioChoices)
    reason = forms.CharField(label=_("Why (kept with the change)"), required=False, max_length=500)


class InviteForm(forms.Form):
    invitee = forms.CharField(
        label=_("Their email address or medtrack username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class AcceptInvitationForm(forms.Form):
    code = forms.CharField(
        label=_("Invitation code"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class JoinClinicForm(forms.Form):
    code = forms.CharField(label=_("Your clinic's code"), max_length=16)


class PauseForm(forms.Form):
    first_day = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = forms.DateField(
        label=_("Last day (leave empty until further notice)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, **kwargs):
        # Its own ids: it shares the clinic's patient page with the schedule form, whose
        # `reason` would otherwise take this form's "Why" label, leaving this one unnamed.
        kwargs.setdefault("auto_id", "id_pause_%s")
        super().__init__(*args, **kwargs)


class BoxForm(forms.Form):
    lot = forms.CharField(label=_("Lot number (on the box)"), max_length=40)
    expires_on = forms.DateField(
        label=_("Expiry date (on the box)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    count = forms.IntegerField(label=_("Syringes in the box"), min_value=1, max_value=100,
                               initial=7)  # fmt: skip


class DiscardForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why discard it?"), choices=Syringe.Discard.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class SharpsForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("How many syringes the new container holds"), min_value=1, max_value=500,
        initial=30,
    )  # fmt: skip


class SideEffectForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What did you notice?"),
        widget=RadioChoices,
        choices=[
            (_("Call your doctor at once if you have"), URGENT_CHOICES),
            (_("Common, usually mild"), COMMON_CHOICES),
        ],
    )
    started_on = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class OtherMedicineForm(forms.Form):
    name = forms.CharField(label=_("Medicine or supplement"), max_length=120)
    dose = forms.CharField(label=_("Dose"), required=False, max_length=60)
    how_often = forms.CharField(label=_("How often"), required=False, max_length=60)


class VaccinationForm(forms.Form):
    """A vaccination the patient plans, asked about on the health page (DESIGN §2)."""

    vaccine = forms.CharField(
        label=_("Which vaccine?"), max_length=120,
        help_text=_("For example: flu shot, Shingrix, MMR"),
    )  # fmt: skip


class LabResultForm(forms.Form):
    taken_on = forms.DateField(
        label=_("Blood taken on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    neutrophils = forms.DecimalField(
        label=_("Neutrophils (×10⁹/L), if you know it"), required=False, min_value=0,
        max_digits=5, decimal_places=2,
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class DoctorTopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("Tell your doctor if you have"),
        choices=DoctorTopic.Topic.choices,
        widget=CheckboxChoices,
        required=False,
    )


class ThresholdForm(forms.Form):
    days = forms.IntegerField(
        label=_("Warn me when the syringes last fewer than (days)"), min_value=0, max_value=60
    )


YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AllergyForm(forms.Form):
    """The leaflet's two allergy questions, asked once on the health page."""

    latex = forms.TypedChoiceField(
        label=_("Are you allergic to latex (natural rubber)?"),
        choices=YES_NO, coerce=lambda value: value == "yes", widget=RadioChoices,
        error_messages={"required": _("Answer yes or no.")},
    )  # fmt: skip
    bacterial_proteins = forms.TypedChoiceField(
        label=_("Are you allergic to proteins made with bacteria (E. coli)?"),
        choices=YES_NO, coerce=lambda value: value == "yes", widget=RadioChoices,
        error_messages={"required": _("Answer yes or no.")},
    )  # fmt: skip


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def allergy_form(patient, data=None) -> AllergyForm:
    """The allergy questions, holding the patient's answers once given."""
    return AllergyForm(data, initial={
        "latex": _yes_no(patient.latex_allergy),
        "bacterial_proteins": _yes_no(patient.bacterial_protein_allergy),
    })  # fmt: skip
