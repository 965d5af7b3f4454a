"""Everything the daily check-in shows, read in a fixed number of queries.

The page asks: where does each dose stand, where should the next one go, is the
spot the patient picked allowed, and how did the last site heal. The answers come
from the rules, over a record read once (history, avoid zones, slot records).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from ...models import Dose, Patient, Regimen, SideEffect
from ...reading.access import Role
from ...reading.facts import LoggedInjection
from ...reading.health import allergy_holds
from ...reading.regimens import active_regimens
from ...reading.sites import SiteContext, SuggestedSite, site_context
from ...reading.status import RegimenStatus, regimen_statuses
from ...rules import checkin as rules
from ...rules.geometry import Administrator, Site
from ...rules.health import reaction_needs_doctor
from ...rules.schedule import SlotStatus
from ...rules.supplies import syringe_plan
from ...text.flags import Problem
from ...text.health import allergy_hold_words
from ...text.leaflet import benefit_timeline, first_injection, syringe_plan_words
from .bodymap import FADE_DAYS, View, body_map
from .reminders import Reminders, reminders
from .scores import ScoreSection, score_section

# The statuses that say a dose is to be taken: after a sign of allergy they are on hold.
HELD_STATUSES = (SlotStatus.DUE, SlotStatus.LATE, SlotStatus.UPCOMING)


@dataclass
class CheckIn:
    patient: Patient
    at: datetime
    administered_by: Administrator
    regimens: list[Regimen]
    states: list[RegimenStatus]
    context: SiteContext
    chosen: Site | None = None
    violations: list[Problem] = field(default_factory=list)
    undoable: list[Dose] = field(default_factory=list)  # entered by the viewer < 10 min ago
    own: bool = True  # read by the patient themselves
    # The latest sign of allergy holding the next dose until a doctor has been asked.
    hold: SideEffect | None = None
    viewer: object = None  # the signed-in user
    role: Role | None = None
    score_form: object = None  # "How are you today?" just refused, shown again

    @property
    def tz(self):
        return self.context.tz

    @property
    def someone_else(self) -> bool:
        return self.administered_by != Administrator.SELF

    @property
    def recent(self) -> list[LoggedInjection]:
        since = self.at - timedelta(days=FADE_DAYS)
        return [injection for injection in self.context.history if injection.at >= since]

    @property
    def unhealed(self) -> list[dict]:
        """Sites still healing, each saying whether it is time to tell the doctor."""
        today = self.at.astimezone(self.tz).date()
        return [
            {
                "injection": injection,
                "tell_doctor": reaction_needs_doctor(
                    "severe" if injection.severe_reaction else "mild",
                    started_on=(injection.reaction_since or injection.at)
                    .astimezone(self.tz)
                    .date(),
                    today=today,
                    resolved=False,
                ),
            }
            for injection in self.context.history
            if injection.reaction_unresolved
        ]

    @property
    def site_question(self) -> LoggedInjection | None:
        return rules.site_question(self.context.history, at=self.at)

    @property
    def hold_words(self) -> str:
        if self.hold is None:
            return ""
        return allergy_hold_words(
            since=self.hold.started_on, name=None if self.own else str(self.patient)
        )

    def held(self, state: RegimenStatus) -> bool:
        """A dose not recorded yet, due or to come, that waits for a doctor's word."""
        return self.hold is not None and state.dose is None and state.status in HELD_STATUSES

    @property
    def pending(self) -> list[RegimenStatus]:
        """Regimens whose open slot awaits a dose: where "Log dose" goes by default."""
        return [state for state in self.states if state.slot and state.slot.is_open(self.at)
                and state.dose is None]  # fmt: skip

    @cached_property
    def suggestions(self) -> list[SuggestedSite]:
        """Searched only when shown: a spot's verdict alone does not need them."""
        return self.context.suggestions(self.administered_by)

    @cached_property
    def reminders(self) -> Reminders:
        """Read only when shown: a spot's verdict alone does not need them."""
        today = self.at.astimezone(self.tz).date()
        return reminders(self.patient, self.regimens, at=self.at, today=today, own=self.own)

    @cached_property
    def scores(self) -> ScoreSection | None:
        """"How are you today?", read only when shown (one query): for the patient,
        or a caregiver who asks them; not for the clinic's staff."""
        if self.role is None:
            return None
        return score_section(self.patient, role=self.role, user=self.viewer, at=self.at,
                             tz=self.tz, form=self.score_form)  # fmt: skip

    @property
    def done(self) -> bool:
        """Every regimen's dose of the day is recorded (taken or skipped)."""
        return bool(self.states) and all(
            state.dose is not None or state.slot is None for state in self.states
        )

    @property
    def name(self) -> str | None:
        """None when the patient reads their own page ("you"), else their name."""
        return None if self.own else str(self.patient)

    @property
    def first_injection(self) -> str:
        """Before the first logged dose of any medication: ask to be shown how."""
        if self.context.history or not self.regimens:
            return ""
        return first_injection(name=self.name)

    @property
    def benefit(self) -> str:
        """When the medicine starts to work, in the first weeks of the first regimen."""
        today = self.at.astimezone(self.tz).date()
        first = self.regimens[0] if self.regimens else None
        if not rules.tells_benefit_timeline(
            first_start=first.start_date if first else None, today=today
        ):
            return ""
        return benefit_timeline(first.medication.name, name=self.name)

    @property
    def warm_limits(self) -> list:
        """The room-temperature limit of each medication whose dose is about to be
        given (else of every regimen), from the medication's own setting."""
        regimens = [state.regimen for state in self.pending] or self.regimens
        medications = {r.medication.pk: r.medication for r in regimens}.values()
        return [(m.name, m.room_temperature_limit_hours) for m in medications]

    def syringes_for(self, state: RegimenStatus) -> str:
        """How many syringes a dose about to be given takes ("Use 2 syringes ..."), or
        what to do with the rest of one; nothing for one whole syringe."""
        regimen = state.regimen
        if state not in self.pending:
            return ""
        plan = syringe_plan(regimen.dose_on(state.slot.date), regimen.medication.strength_mg)
        return syringe_plan_words(plan, name=self.name)

    @property
    def map_views(self) -> list[View]:
        return body_map(
            administered_by=self.administered_by,
            at=self.at,
            tz=self.tz,
            recent=self.recent,
            unhealed=[item["injection"] for item in self.unhealed],
            avoid_zones=self.context.avoid_zones,
            suggestions=self.suggestions,
            chosen=self.chosen,
        )


def load(
    patient: Patient,
    *,
    at: datetime,
    administered_by: Administrator,
    user,
    role: Role,
    chosen: Site | None = None,
) -> CheckIn:
    regimens = list(active_regimens(patient))
    context = site_context(patient, at=at, regimens=regimens)
    states = regimen_statuses(regimens, at=at)
    return CheckIn(
        patient=patient,
        at=at,
        administered_by=administered_by,
        regimens=regimens,
        states=states,
        context=context,
        chosen=chosen,
        violations=context.problems(chosen, administered_by) if chosen else [],
        own=user == patient.user,
        viewer=user,
        role=role,
        hold=next(iter(allergy_holds(patient)), None),
        undoable=[
            dose
            for state in states
            for dose in (state.dose, state.next_dose)
            if dose is not None
            and rules.may_undo(
                entered_by=dose.entered_by_id, user=user.pk, entered_at=dose.entered_at, at=at
            )
        ],
    )
