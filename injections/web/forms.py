"""The forms of the patient's pages. They turn what a person typed or tapped into
the plain values the services take, with messages that say how to fix a mistake."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import AvoidZone, DoctorTopic, Regimen, ReminderKind, SiteReaction, Syringe
from ..models.regimens import format_mg
from ..rules import prescriptions, report
from ..rules import reminders as rules_reminders
from ..rules.days import HISTORY_YEARS, SENSIBLE_YEARS, check_sensible_day
from ..rules.geometry import REGION_SIDES, REGIONS, Administrator, Site
from ..rules.health import side_effect_refusal
from ..rules.invalid import Invalid
from ..rules.schedule import (
    PLAN_SKIP_DAYS,
    SkipReason,
    attribute_dose,
    in_future,
    last_plannable_day,
)
from ..rules.scores import HIGHEST, LOWEST, SCALES
from ..text.health import (
    COMMON_CHOICES,
    COMMON_CLASS,
    OTHER_CHOICES,
    SEVERITY_LABELS,
    SIDE_EFFECT_REFUSALS,
    URGENT_CHOICES,
    URGENT_CLASS,
)
from ..text.invalid import explain
from ..text.places import REGION_SIDE_LABELS
from ..text.prescriptions import weekday_choices
from ..text.scores import ENDS, SCALE_LABELS, SCORE_REFUSALS
from .zones import TimeZoneField


class StatedLimitField(forms.BoundField):
    """A field as every form of the site binds it: a text with a length limit states
    it beside the field (`length_limit`, field.html) and has no `maxlength`, which
    would cut a pasted text at the limit without a word; the form refuses a longer
    text instead, saying how long it is (docs/decisions.md)."""

    @property
    def focus_id(self) -> str:
        """The id a link to the field leads to: its input, or the first option of a
        choice of several, whose `id_for_label` is empty."""
        if self.id_for_label or self.is_hidden:
            return self.id_for_label
        subwidgets = self.subwidgets
        return subwidgets[0].id_for_label if subwidgets else self.auto_id

    @property
    def length_limit(self) -> int | None:
        return None if self.is_hidden else getattr(self.field, "max_length", None)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.length_limit:
            attrs["maxlength"] = False  # False leaves out the widget's own maxlength
        return attrs

    @property
    def aria_describedby(self):
        described = super().aria_describedby
        if described is None or not self.length_limit or not self.auto_id:
            return described
        return " ".join(filter(None, [f"{self.auto_id}_limit", described]))


class FormRenderer(TemplatesSetting):
    """Every field renders through one project template: label, widget, error."""

    field_template_name = "injections/field.html"
    bound_field_class = StatedLimitField


class SensibleDateField(forms.DateField):
    """A day within `years` of today (rules.days), today in the zone active for the
    request (the patient's): a mistyped year is refused beside its field."""

    def __init__(self, *args, years: int = SENSIBLE_YEARS, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years

    def validate(self, value):
        super().validate(value)
        if value is not None:
            try:
                check_sensible_day(value, today=timezone.localdate(), years=self.years)
            except Invalid as error:
                raise forms.ValidationError(capfirst(explain(error))) from None


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


class ScaleChoices(forms.RadioSelect):
    """A scale of numbers as one row of square targets of at least 44 px, which wraps
    on a narrow screen (templates/injections/widgets/scale.html); each number is a
    radio button, so the keyboard moves along the scale with the arrow keys."""

    template_name = "injections/widgets/scale.html"


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

    # Carried hidden by the check-in's forms: "clinician" too, on a clinician's page.
    # The view decides who injects by the reader's role (views.checkin._who).
    by = forms.ChoiceField(
        label=_("Who is injecting?"),
        choices=[*WHO_CHOICES, (Administrator.CLINICIAN.value, _("A clinician"))],
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


class RegimenChoice(forms.ModelChoiceField):
    """One of the regimens the page already read (`regimens`): the one chosen comes
    back as that instance, with its schedule, without another query."""

    def __init__(self, *args, **kwargs):
        super().__init__(Regimen.objects.none(), *args, **kwargs)
        self.regimens = []

    def set_regimens(self, regimens) -> None:
        self.regimens = list(regimens)
        self.queryset = Regimen.objects.filter(pk__in=[r.pk for r in self.regimens])

    def to_python(self, value):
        if value in self.empty_values:
            return None
        chosen = next((r for r in self.regimens if str(r.pk) == str(value)), None)
        if chosen is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return chosen


class LogDoseForm(SiteForm):
    """A dose given at a spot: now, or with "It already happened", when it was taken
    (in the patient's zone, the one active for the request) and, where two doses could
    be meant, which one it was (DESIGN §5)."""

    regimen = RegimenChoice(label=_("Medicine"))
    happened = forms.BooleanField(
        label=_("It already happened: record it here anyway"), required=False
    )
    # The button "Record it at this time": the dose was taken earlier than now.
    earlier = forms.BooleanField(required=False, widget=forms.HiddenInput())
    taken_date = SensibleDateField(
        label=_("Day it was taken"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        years=HISTORY_YEARS,
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
        self.fields["regimen"].set_regimens(regimens)
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
                % {"now": formats.date_format(local, _("l j F, H:i"))},
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
            "opens": formats.date_format(timezone.localtime(chosen.opens_at), _("l j F, H:i")),
            "closes": formats.date_format(timezone.localtime(chosen.closes_at), _("l j F, H:i")),
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
    values = {"day": formats.date_format(day, _("l j F"))}
    if day == today:
        return (_("today's dose (%(day)s)") if within else _("Today's dose (%(day)s)")) % values
    if day == today - timedelta(days=1):
        return (
            _("yesterday's dose (%(day)s)") if within else _("Yesterday's dose (%(day)s)")
        ) % values
    return (_("the dose of %(day)s") if within else _("The dose of %(day)s")) % values


# The reasons to choose from, in the chooser's person; the record keeps the code, which
# each reader reads in neutral words of their own language (text.skips).
SKIP_REASONS = [
    (SkipReason.FEVER, _("I have a fever or an infection")),
    (SkipReason.DOCTOR, _("My doctor told me to pause")),
    (SkipReason.SURGERY, _("Surgery or dental work is planned")),
    (SkipReason.NO_SYRINGE, _("I have no usable syringe")),
    (SkipReason.OTHER, _("Another reason")),
]
# The same reasons when a caregiver or a clinician says them about the patient.
SKIP_REASONS_OF = [
    (SkipReason.FEVER, _("%(name)s has a fever or an infection")),
    (SkipReason.DOCTOR, _("Their doctor said to pause")),
    (SkipReason.SURGERY, _("Surgery or dental work is planned")),
    (SkipReason.NO_SYRINGE, _("There is no usable syringe")),
    (SkipReason.OTHER, _("Another reason")),
]
# Why a dose was missed, said after its window closed (DESIGN §5).
MISSED_REASONS = [
    (SkipReason.FORGOT, _("I forgot")),
    (SkipReason.AWAY, _("I was away from my syringes")),
    (SkipReason.FEVER, _("I had a fever or an infection")),
    (SkipReason.DOCTOR, _("My doctor told me to pause")),
    (SkipReason.NO_SYRINGE, _("I had no usable syringe")),
    (SkipReason.OTHER, _("Another reason")),
]
MISSED_REASONS_OF = [
    (SkipReason.FORGOT, _("%(name)s forgot")),
    (SkipReason.AWAY, _("%(name)s was away from the syringes")),
    (SkipReason.FEVER, _("%(name)s had a fever or an infection")),
    (SkipReason.DOCTOR, _("Their doctor said to pause")),
    (SkipReason.NO_SYRINGE, _("There was no usable syringe")),
    (SkipReason.OTHER, _("Another reason")),
]


def _named(choices, name: str | None, own) -> list:
    if name is None:
        return own
    return [(key, label % {"name": name} if "%(name)s" in str(label) else label)
            for key, label in choices]  # fmt: skip


class SkipForm(forms.Form):
    """Skip the open dose, with a reason. `name` is the patient's, for a caregiver or
    a clinician, who read about the patient by name rather than as "you"."""

    prefix_id = "skip"
    regimen = forms.IntegerField(widget=forms.HiddenInput())
    slot_date = SensibleDateField(widget=forms.HiddenInput())
    why = forms.ChoiceField(
        label=_("Why are you skipping it?"), choices=SKIP_REASONS, widget=RadioChoices
    )
    details = forms.CharField(
        label=_("Details"), required=False, max_length=500, widget=forms.TextInput()
    )

    def __init__(self, *args, name: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.name = name
        self._name_reasons(name)
        # One skip form per medicine on the page: ids of their own, so that each
        # reason's label points at its own button.
        regimen = self.data.get("regimen") if self.is_bound else self.initial.get("regimen")
        digits = "".join(c for c in str(regimen) if c.isdigit())
        self.auto_id = f"id_{self.prefix_id}{digits}_%s"

    def _name_reasons(self, name: str | None) -> None:
        self.fields["why"].choices = _named(SKIP_REASONS_OF, name, SKIP_REASONS)
        if name is not None:
            self.fields["why"].label = _("Why is %(name)s skipping it?") % {"name": name}

    def clean(self):
        data = super().clean()
        if data.get("why") == SkipReason.OTHER and not data.get("details", "").strip():
            self.add_error("details", _("Say why, in a few words."))
        return data

    @property
    def skip_reason(self) -> str:
        """The reason chosen, as its code: each reader reads it in their own words
        (text.skips), not in the chooser's."""
        return self.cleaned_data["why"]

    @property
    def reason(self) -> str:
        """What was typed: the details, or the whole reason for "Another reason"."""
        return self.cleaned_data.get("details", "").strip()


class ExplainMissedForm(SkipForm):
    """Say why a dose that closed with nothing recorded was missed: kept as a skip
    with its reason, entered after the fact (DESIGN §5)."""

    prefix_id = "explain"
    explain = forms.CharField(widget=forms.HiddenInput(), initial="1")

    def _name_reasons(self, name: str | None) -> None:
        self.fields["why"].choices = _named(MISSED_REASONS_OF, name, MISSED_REASONS)
        self.fields["why"].label = (
            _("Why was it missed?") if name is None
            else _("Why did %(name)s miss it?") % {"name": name}
        )  # fmt: skip


class PlanSkipForm(SkipForm):
    """Skip a dose to come, from the history calendar: a day up to 30 days ahead
    (DESIGN §5), the medicine when there are several, and the reason."""

    prefix_id = "plan"
    regimen = forms.TypedChoiceField(label=_("Medicine"), coerce=int)
    slot_date = SensibleDateField(
        label=_("Which day's dose?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, regimens, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "id_plan_%s"
        field = self.fields["regimen"]
        field.choices = [(r.pk, r.medication.name) for r in regimens]
        if len(regimens) == 1:
            field.widget = forms.HiddenInput()
            field.initial = regimens[0].pk
        last = last_plannable_day(today)
        self.fields["slot_date"].help_text = _(
            "From today to %(last)s, %(days)s days ahead at most."
        ) % {"last": formats.date_format(last, _("l j F")), "days": PLAN_SKIP_DAYS}
        self.fields["slot_date"].widget.attrs |= {"min": today.isoformat(),
                                                  "max": last.isoformat()}  # fmt: skip

    def _name_reasons(self, name: str | None) -> None:
        super()._name_reasons(name)
        self.fields["why"].label = (
            _("Why will you skip it?") if name is None
            else _("Why will %(name)s skip it?") % {"name": name}
        )  # fmt: skip


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
    ends_on = SensibleDateField(
        label=_("Avoid until (leave empty for always)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ScheduleForm(forms.Form):
    """A regimen's prescription from its current version (`version`): when (time of
    day and zone) for everyone who may change the schedule, and how often and how much
    for whoever prescribes (`prescribing`). `confirm` asks a patient with no clinic to
    say their doctor prescribed a change of frequency or dose. `cleaned_data` gives
    `rrule` and the dose as `change_schedule` takes them."""

    BASES = [
        ("fixed", _("A fixed dose in mg")),
        ("weight", _("By body weight, in mg per kg")),
    ]
    RHYTHMS = [
        (prescriptions.DAILY, _("Every day")),
        (prescriptions.DAYS, _("Every few days (2 is every other day)")),
        (prescriptions.WEEKLY, _("Once a week, or every few weeks, on one weekday")),
    ]
    PRESCRIPTION_FIELDS = (
        "rhythm", "days_apart", "weekday", "weeks_apart", "basis", "dose_mg", "mg_per_kg",
        "weight_kg", "prescribed",
    )  # fmt: skip
    # Where each refusal of the rules belongs.
    FIELD_OF = {
        "days_apart_needed": "days_apart",
        "days_apart_range": "days_apart",
        "weekday_needed": "weekday",
        "weeks_apart_range": "weeks_apart",
        "dose_positive": "dose_mg",
        "mg_per_kg_positive": "mg_per_kg",
        "mg_per_kg_too_high": "mg_per_kg",
        "weight_positive": "weight_kg",
    }

    time_of_day = forms.TimeField(
        label=_("Time of day"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    time_zone = TimeZoneField(
        label=_("Time zone"),
        help_text=_("By region, then city: type a city's first letters to find it."),
    )
    rhythm = forms.ChoiceField(label=_("How often"), choices=RHYTHMS, widget=RadioChoices)
    days_apart = forms.IntegerField(
        label=_("How many days apart"),
        help_text=_("Only for a dose every few days."),
        required=False,
        min_value=2,
    )
    weekday = forms.TypedChoiceField(
        label=_("On which day of the week"),
        help_text=_("Only for a weekly dose."),
        choices=lambda: [("", "—"), *weekday_choices()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    weeks_apart = forms.IntegerField(
        label=_("How many weeks apart"),
        help_text=_("Only for a weekly dose: 1 is every week."),
        required=False,
        min_value=1,
    )
    basis = forms.ChoiceField(label=_("The dose"), choices=BASES, widget=RadioChoices)
    dose_mg = forms.DecimalField(
        label=_("Dose (mg)"),
        help_text=_("Only for a fixed dose."),
        required=False,
        max_digits=7,
        decimal_places=2,
    )
    mg_per_kg = forms.DecimalField(
        label=_("mg per kg of body weight"),
        help_text=_("Only for a dose by weight."),
        required=False,
        max_digits=6,
        decimal_places=2,
    )
    weight_kg = forms.DecimalField(
        label=_("Body weight (kg) the dose is worked out from"),
        help_text=_("Only for a dose by weight."),
        required=False,
        max_digits=5,
        decimal_places=1,
    )
    prescribed = forms.BooleanField(
        label=_("My doctor prescribed this dose and how often"),
        help_text=_("Needed when you change the dose or how often."),
        required=False,
    )
    reason = forms.CharField(label=_("Why (kept with the change)"), required=False, max_length=500)

    def __init__(self, *args, version, prescribing: bool, confirm: bool = False, **kwargs):
        self.version = version
        self.current = prescriptions.rhythm_of(version.rrule, anchor=version.valid_from)
        current = self.current
        kwargs.setdefault("initial", {}).update(
            time_of_day=version.time_of_day,
            time_zone=version.time_zone,
            rhythm=current.kind,
            days_apart=current.every if current.kind == prescriptions.DAYS else None,
            weekday=current.weekday,
            weeks_apart=current.every if current.kind == prescriptions.WEEKLY else 1,
            basis="weight" if version.mg_per_kg is not None else "fixed",
            dose_mg=format_mg(version.dose_mg) if version.mg_per_kg is None else None,
            mg_per_kg=version.mg_per_kg and format_mg(version.mg_per_kg),
            weight_kg=version.weight_kg and format_mg(version.weight_kg),
        )
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].keep(version.time_zone)
        self.prescribing = prescribing
        if not prescribing:
            for name in self.PRESCRIPTION_FIELDS:
                del self.fields[name]
        elif not confirm:
            del self.fields["prescribed"]

    def clean(self):
        data = super().clean()
        if not self.prescribing:
            return data
        kind = data.get("rhythm")
        try:
            if kind:
                found = prescriptions.rhythm(
                    kind,
                    days_apart=data.get("days_apart"),
                    weekday=data.get("weekday"),
                    weeks_apart=data.get("weeks_apart"),
                    current=self.current,
                )
                data["rrule"] = found.rule
                data["changed"] = found != self.current
            if data.get("basis") == "weight":
                self._weight_based(data)
            elif data.get("basis") == "fixed":
                self._fixed(data)
        except Invalid as error:
            self.add_error(self.FIELD_OF.get(error.code), explain(error))
            return data
        if "prescribed" in self.fields and data.get("changed") and not data.get("prescribed"):
            self.add_error(
                "prescribed",
                _("Tick this if your doctor prescribed the change; if not, ask them first."),
            )
        return data

    def _fixed(self, data):
        dose = data.get("dose_mg")
        if dose is None:
            if "dose_mg" not in self.errors:
                self.add_error("dose_mg", _("Enter the dose in mg, such as 100."))
            return
        prescriptions.check_dose(dose)
        data.update(mg_per_kg=None, weight_kg=None)
        version = self.version
        data["changed"] = data.get("changed") or (
            version.mg_per_kg is not None or dose != version.dose_mg
        )

    def _weight_based(self, data):
        missing = False
        for name, message in (
            ("mg_per_kg", _("Enter the mg per kg, such as 2.")),
            ("weight_kg", _("Enter the weight in kg, such as 62.5.")),
        ):
            if data.get(name) is None:
                missing = True
                if name not in self.errors:
                    self.add_error(name, message)
        if missing:
            return
        medication = self.version.regimen.medication
        prescriptions.check_weight_based(
            data["mg_per_kg"], most_per_day=medication.max_mg_per_kg_per_day
        )
        data["dose_mg"] = prescriptions.weight_based_dose(data["mg_per_kg"], data["weight_kg"])
        version = self.version
        data["changed"] = data.get("changed") or (
            (data["mg_per_kg"], data["weight_kg"]) != (version.mg_per_kg, version.weight_kg)
        )

    def prescription(self) -> dict:
        """The keyword arguments of `change_schedule` for what this form may change."""
        data = self.cleaned_data
        changes = {"time_of_day": data["time_of_day"], "time_zone": data["time_zone"]}
        if self.prescribing:
            changes.update(
                rrule=data["rrule"],
                dose_mg=data["dose_mg"],
                mg_per_kg=data["mg_per_kg"],
                weight_kg=data["weight_kg"],
            )
        return changes


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
    first_day = SensibleDateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_day = SensibleDateField(
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
    expires_on = SensibleDateField(
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
    """A side effect in the leaflet's classes (rules.health): the common ones need how
    bad they are, something else needs a few words. The messages go beside the field
    that needs them."""

    kind = forms.ChoiceField(
        label=_("What did you notice?"),
        widget=RadioChoices,
        choices=[
            (URGENT_CLASS, URGENT_CHOICES),
            (COMMON_CLASS, COMMON_CHOICES),
            (_("Something else"), OTHER_CHOICES),
        ],
    )
    severity = forms.ChoiceField(
        label=_("How bad is it? (needed for the common effects)"),
        choices=list(SEVERITY_LABELS.items()),
        widget=RadioChoices(grid=True),
        required=False,
    )
    described = forms.CharField(
        label=_("If something else: what is it?"), required=False, max_length=200
    )
    started_on = SensibleDateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind is None:
            return cleaned
        refusal = side_effect_refusal(
            kind, severity=cleaned.get("severity", ""), described=cleaned.get("described", "")
        )
        if refusal == "severity_required":
            self.add_error("severity", capfirst(SIDE_EFFECT_REFUSALS[refusal]))
        elif refusal == "description_required":
            self.add_error("described", capfirst(SIDE_EFFECT_REFUSALS[refusal]))
        return cleaned


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
    taken_on = SensibleDateField(
        label=_("Blood taken on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    neutrophils = forms.DecimalField(
        label=_("Neutrophils (×10⁹/L), if you know it"), required=False, min_value=0,
        max_digits=5, decimal_places=2,
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        # Its own ids: the side-effect form on the same page has a note too.
        kwargs.setdefault("auto_id", "id_lab_%s")
        super().__init__(*args, **kwargs)


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


class ReminderForm(forms.Form):
    """What one person wants to be reminded of, how, and when not (issue 11). `kinds`
    are those that can concern them: their own doses, or those of whom they care for."""

    kinds = forms.MultipleChoiceField(
        label=_("Remind me of"), widget=CheckboxChoices, required=False
    )
    channels = forms.MultipleChoiceField(
        label=_("How"),
        choices=[
            ("email", _("By email")),
            ("push", _("As a notification, on the devices where you turned them on")),
        ],
        widget=CheckboxChoices,
        required=False,
    )
    quiet_from = forms.TimeField(
        label=_("Quiet hours from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_until = forms.TimeField(
        label=_("Quiet hours until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    urgent = forms.MultipleChoiceField(
        label=_("Send these in quiet hours too"), widget=CheckboxChoices, required=False
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(kind, ReminderKind(kind).label) for kind in kinds]
        self.fields["kinds"].choices = choices
        self.fields["urgent"].choices = choices

    def clean(self):
        data = super().clean()
        start, end = data.get("quiet_from"), data.get("quiet_until")
        if (start is None) != (end is None) and not self.errors:
            missing = "quiet_until" if end is None else "quiet_from"
            self.add_error(missing, _("give both times, or neither for no quiet hours"))
        elif start is not None and start == end:
            self.add_error("quiet_until", _("the end must differ from the start"))
        return data

    def choice(self) -> rules_reminders.Choice:
        data = self.cleaned_data
        return rules_reminders.Choice(
            kinds=frozenset(data["kinds"]),
            urgent=frozenset(data["urgent"]) & frozenset(data["kinds"]),
            by_email="email" in data["channels"],
            by_push="push" in data["channels"],
            quiet_from=data["quiet_from"],
            quiet_until=data["quiet_until"],
        )

    @classmethod
    def initial_of(cls, choice: rules_reminders.Choice) -> dict:
        return {
            "kinds": sorted(choice.kinds),
            "urgent": sorted(choice.urgent),
            "channels": [
                name for name, on in (("email", choice.by_email), ("push", choice.by_push)) if on
            ],
            "quiet_from": choice.quiet_from,
            "quiet_until": choice.quiet_until,
        }


# A label filled in when it is read, in the reader's language (not at import).
_filled = lazy(lambda words, n: words % {"n": n}, str)


def _scale_field(scale: str) -> forms.TypedChoiceField:
    # The ends say what they mean to a screen reader too: "0, none", "10, the worst".
    ends = {LOWEST: _("%(n)s, none"), HIGHEST: _("%(n)s, the worst")}
    return forms.TypedChoiceField(
        label=SCALE_LABELS[scale],
        help_text=ENDS,
        choices=[(n, _filled(ends[n], n) if n in ends else str(n))
                 for n in range(LOWEST, HIGHEST + 1)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=ScaleChoices,
    )  # fmt: skip


class DailyScoreForm(forms.Form):
    """How the patient is today (issue 12, item 4): a tap on each of three scales, any
    of them left out. `day` is the day the page was shown for, so that a page left
    open past midnight does not save yesterday's answers as today's."""

    day = SensibleDateField(widget=forms.HiddenInput())
    pain = _scale_field("pain")
    stiffness = _scale_field("stiffness")
    fatigue = _scale_field("fatigue")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_score_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if not self.errors and all(data.get(scale) is None for scale in SCALES):
            raise forms.ValidationError(capfirst(SCORE_REFUSALS["nothing_given"]))
        return data

    @property
    def scores(self) -> dict:
        """The keyword arguments of `services.scores.record_scores` for the scales."""
        return {scale: self.cleaned_data.get(scale) for scale in SCALES}


class ReportPeriodForm(forms.Form):
    """The days a visit report covers (rules.report), read from the address so that a
    report can be bookmarked, printed and downloaded for the same period."""

    first = SensibleDateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), years=HISTORY_YEARS
    )
    last = SensibleDateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), years=HISTORY_YEARS
    )

    def __init__(self, *args, today: date, **kwargs):
        kwargs.setdefault("auto_id", "id_report_%s")
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last:
            try:
                report.check_period(first, last, today=self.today)
            except Invalid as error:
                field = "first" if error.code in ("report_backwards", "report_too_long") else "last"
                self.add_error(field, capfirst(explain(error)))
        return data


class VisitForm(forms.Form):
    # The visit's own rule (rules.report) has the tighter reach, and says it.
    day = SensibleDateField(
        label=_("Day of the visit"),
        widget=forms.DateInput(attrs={"type": "date"}),
        years=HISTORY_YEARS,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_visit_%s")
        super().__init__(*args, **kwargs)


class ImportForm(forms.Form):
    """The CSV file of the web import (DESIGN §7). Its size is checked as it arrives
    (web/uploads.py), which drops a larger file, and again here."""

    file = forms.FileField(
        label=_("Your CSV file"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": _("Choose the CSV file to bring in."),
            "empty": _("The file is empty: choose the CSV file exported from your other app."),
        },
    )

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit
        widget = self.fields["file"].widget
        # The browser refuses a larger file before sending it (static/js/medtrack.js).
        widget.attrs["data-max-bytes"] = str(limit)
        widget.attrs["data-too-large"] = self.too_large_message()
        self.fields["file"].help_text = _("A CSV file of up to %(size)s.") % {
            "size": filesizeformat(limit)
        }

    def too_large_message(self) -> str:
        return _(
            "The file is larger than %(size)s, the most this page takes: split it into "
            "smaller files and bring them in one by one."
        ) % {"size": filesizeformat(self.limit)}

    def refuse_size(self) -> None:
        """The file was dropped as it arrived: too large (web/uploads.py)."""
        self.errors.pop("file", None)
        self.add_error("file", self.too_large_message())

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.limit:
            raise forms.ValidationError(self.too_large_message())
        return upload
