"""What the patient leaflet says, in the words people read (DESIGN §2, issue 10 item 9):
how many syringes a dose takes and what to do with what is left, the
room-temperature limit of a medication, when the medicine starts to work, the
first injection and the allergies to tell the doctor about.

Each is said to the patient ("you") or, given their name, to someone who looks
after them; the steps of an injection are said to whoever injects.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models.regimens import format_mg
from ..rules.supplies import SyringePlan


def syringe_plan_words(plan: SyringePlan, *, name: str | None = None) -> str:
    """How many syringes a dose takes ("Use 2 syringes of 100 mg for this 200 mg
    dose ..."), or for part of a syringe what to inject and what to do with the
    rest (not re-injected, not kept). Empty for one whole syringe. The nurse who
    showed how is the patient's ("your", or by `name` to someone else)."""
    if plan.plain:
        return ""
    values = {
        "count": plan.count,
        "strength": format_mg(plan.strength_mg),
        "dose": format_mg(plan.count * plan.strength_mg - plan.left_mg),
        "last": format_mg(plan.last_mg),
        "left": format_mg(plan.left_mg),
    }
    rest = _(
        "Do not inject the %(left)s mg left in the syringe, and do not keep it for another "
        "dose: put the syringe into the sharps container with what is left in it."
    )
    if plan.count == 1:
        part = (
            _(
                "This %(dose)s mg dose is part of a %(strength)s mg syringe: inject only "
                "%(last)s mg, as your nurse or doctor showed you."
            )
            if name is None
            else _(
                "This %(dose)s mg dose is part of a %(strength)s mg syringe: inject only "
                "%(last)s mg, as %(name)s's nurse or doctor showed you."
            )
        )
        return (part + " " + rest) % (values | {"name": name})
    if plan.whole:
        return (
            ngettext(
                "Use %(count)d syringes of %(strength)s mg for this %(dose)s mg dose, one after "
                "the other, the second at another spot.",
                "Use %(count)d syringes of %(strength)s mg for this %(dose)s mg dose, one after "
                "the other, each at another spot.",
                plan.count,
            )
            % values
        )
    return (
        ngettext(
            "Use %(count)d syringes of %(strength)s mg for this %(dose)s mg dose, each at "
            "another spot: the first in full, then only %(last)s mg of the last one.",
            "Use %(count)d syringes of %(strength)s mg for this %(dose)s mg dose, each at "
            "another spot: all but the last in full, then only %(last)s mg of the last one.",
            plan.count - 1,
        )
        + " "
        + rest
    ) % values


def room_temperature_limit(hours: int) -> str:
    """The medication's own limit (24 h for anakinra by default, 72 h on the EU label)."""
    return ngettext(
        "Out of the fridge, a syringe must be used within %(hours)d hour; after more than "
        "that, do not use it.",
        "Out of the fridge, a syringe must be used within %(hours)d hours; after more than "
        "that, do not use it.",
        hours,
    ) % {"hours": hours}


def benefit_timeline(medicine: str, *, name: str | None = None) -> str:
    """When the medicine starts to work (DESIGN §2), in the first weeks."""
    if name is None:
        return _(
            "Many people notice %(medicine)s working after about two weeks; the full effect "
            "can take several weeks. Keep taking it as prescribed, even if you feel no change "
            "yet."
        ) % {"medicine": medicine}
    return _(
        "Many people notice %(medicine)s working after about two weeks; the full effect can "
        "take several weeks. %(name)s should keep to the prescription even without feeling "
        "a change yet."
    ) % {"medicine": medicine, "name": name}


def first_injection(*, name: str | None = None) -> str:
    """Before the first logged dose: ask to be shown how (the leaflet)."""
    if name is None:
        return _("Before your first injection, ask your nurse or doctor to show you how to inject.")
    return _(
        "Before the first injection of %(name)s, ask their nurse or doctor to show you how "
        "to inject, if you give it."
    ) % {"name": name}


def allergy_advice(*, latex: bool | None, bacterial_proteins: bool | None,
                   name: str | None = None) -> list[str]:  # fmt: skip
    """What to tell the doctor for each allergy answered yes (the leaflet): the needle
    cover contains latex; anakinra is made with bacteria (E. coli)."""
    said = []
    if latex:
        said.append(
            _(
                "You are allergic to latex, and the needle cover contains natural rubber "
                "(latex): tell your doctor before using it."
            )
            if name is None
            else _(
                "%(name)s is allergic to latex, and the needle cover contains natural "
                "rubber (latex): their doctor must know before it is used."
            )
            % {"name": name}
        )
    if bacterial_proteins:
        said.append(
            _(
                "You are allergic to proteins made with bacteria (E. coli), and anakinra "
                "is made with them: tell your doctor before using it."
            )
            if name is None
            else _(
                "%(name)s is allergic to proteins made with bacteria (E. coli), and "
                "anakinra is made with them: their doctor must know before it is used."
            )
            % {"name": name}
        )
    return said


def allergy_answer(value: bool | None) -> str:
    """An allergy answer in a word (yes, no, not answered yet), for the medicine list
    and the clinic."""
    if value is None:
        return _("not answered yet")
    return _("yes") if value else _("no")


def allergies_of(patient, *, name: str | None = None) -> dict:
    """The patient's allergy answers in words, and the advice for each yes: for the
    printable medicine list ("you") and the clinic's page (by name)."""
    return {
        "latex": allergy_answer(patient.latex_allergy),
        "bacterial_proteins": allergy_answer(patient.bacterial_protein_allergy),
        "advice": allergy_advice(
            latex=patient.latex_allergy,
            bacterial_proteins=patient.bacterial_protein_allergy,
            name=name,
        ),
    }
