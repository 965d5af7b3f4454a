"""The forms of the patient's pages. They turn what a person typed or tapped into
the plain values the services take, with messages that say how to fix a mistake."""

from decimal import Decimal
from zoneinfo import available_timezones

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from ..models import AvoidZone, DoctorTopic, Regimen, SiteReaction, Syringe
from ..rules.geometry import REGION_SIDES, REGIONS, Administrator, Site
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
    regimen = forms.ModelChoiceField(queryset=Regimen.objects.none(), label=_("Medicine"))
    happened = forms.BooleanField(
        label=_("It already happened: record it here anyway"), required=False
    )
    reason = forms.CharField(
        label=_("What happened, and why there"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, regimens, **kwargs):
        # Its own ids: it shares the page with the pick form, whose labels would
        # otherwise point at this form's hidden copies of place, x and y.
        kwargs.setdefault("auto_id", "id_log_%s")
        super().__init__(*args, **kwargs)
        self.fields["regimen"].queryset = Regimen.objects.filter(pk__in=[r.pk for r in regimens])
        if len(regimens) == 1:
            self.fields["regimen"].widget = forms.HiddenInput()
            self.fields["regimen"].initial = regimens[0].pk

    def clean(self):
        data = super().clean()
        if data.get("happened") and not data.get("reason", "").strip():
            self.add_error("reason", _("Say what happened, so that the record explains it."))
        return data

    @property
    def override_reason(self) -> str:
        return self.cleaned_data["reason"].strip() if self.cleaned_data.get("happened") else ""


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
