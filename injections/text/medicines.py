"""The words about another medicine or a planned vaccination beside anakinra
(rules.medicines, DESIGN §2): the sentence said when it is added or asked about,
and the short note beside it on the patient's list."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..rules.medicines import Advice, Kind, Match, words_of

# A class with its article, as said in a sentence: "Enbrel is a TNF blocker".
A_KIND = {
    Kind.TNF_BLOCKER: gettext_lazy("a TNF blocker"),
    Kind.IL1_BLOCKER: gettext_lazy("an IL-1 blocker"),
    Kind.BIOLOGIC: gettext_lazy("a biologic medicine"),
    Kind.JAK_INHIBITOR: gettext_lazy("a JAK inhibitor"),
    Kind.IMMUNOSUPPRESSANT: gettext_lazy("an immunosuppressant"),
    Kind.STEROID: gettext_lazy("a steroid"),
    Kind.LIVE_VACCINE: gettext_lazy("a live vaccine"),
    Kind.NON_LIVE_VACCINE: gettext_lazy("a vaccine that is not live"),
    Kind.VACCINE: gettext_lazy("a vaccine"),
}
# The class on its own, as a note on the list: "TNF blocker: not recommended".
KIND = {
    Kind.TNF_BLOCKER: gettext_lazy("TNF blocker"),
    Kind.IL1_BLOCKER: gettext_lazy("IL-1 blocker"),
    Kind.BIOLOGIC: gettext_lazy("Biologic medicine"),
    Kind.JAK_INHIBITOR: gettext_lazy("JAK inhibitor"),
    Kind.IMMUNOSUPPRESSANT: gettext_lazy("Immunosuppressant"),
    Kind.STEROID: gettext_lazy("Steroid"),
    Kind.LIVE_VACCINE: gettext_lazy("Live vaccine"),
    Kind.NON_LIVE_VACCINE: gettext_lazy("Vaccine"),
    Kind.VACCINE: gettext_lazy("Vaccine"),
}


def _what(match: Match, name: str) -> str:
    """ "a TNF blocker (etanercept)"; the generic is left out when it is what was
    typed, or when only the class was named ("steroids")."""
    generic = match.generic
    if not generic or "".join(words_of(generic)) in "".join(words_of(name)):
        return str(A_KIND[match.kind])
    return _("%(kind)s (%(generic)s)") % {"kind": A_KIND[match.kind], "generic": generic}


def _vaccine_advice(match: Match, name: str) -> str:
    if match.kind == Kind.LIVE_VACCINE:
        return _(
            "%(name)s is a live vaccine: do not have it while you take anakinra unless "
            "your doctor says so. No vaccination without asking your doctor, live vaccines "
            "above all."
        ) % {"name": name}
    if match.kind == Kind.NON_LIVE_VACCINE:
        return _(
            "%(name)s is not a live vaccine, but ask your doctor before you have it: no "
            "vaccination without asking your doctor while you take anakinra."
        ) % {"name": name}
    return _(
        "Ask your doctor before you have %(name)s, and whether it is a live vaccine: no "
        "vaccination without asking your doctor while you take anakinra, live vaccines "
        "above all."
    ) % {"name": name}


def medicine_advice(match: Match | None, name: str) -> str:
    """What the patient is told when they add `name` to their list."""
    if match is None:
        return _("Added to your list.")
    values = {"name": name, "what": _what(match, name), "generic": match.generic}
    match match.advice:
        case Advice.ALREADY_INJECTED:
            return (
                _(
                    "%(name)s is %(generic)s, which you already inject with medtrack: never "
                    "take a double dose. If a doctor prescribed it again, ask them whether it "
                    "replaces the prescription you have."
                )
                % values
            )
        case Advice.NOT_RECOMMENDED:
            return (
                _(
                    "%(name)s is %(what)s: taking it with anakinra is not recommended. Tell "
                    "your doctor before you take both."
                )
                % values
            )
        case Advice.TELL_DOCTOR:
            return (
                _(
                    "%(name)s is %(what)s: tell your doctor you take it, and check with them "
                    "that it is safe with anakinra."
                )
                % values
            )
    return _vaccine_advice(match, name)


def vaccination_advice(match: Match, name: str) -> str:
    """What the patient is told about a vaccination they plan."""
    return _vaccine_advice(match, name)


def medicine_note(match: Match | None, *, name: str | None = None) -> str:
    """The short note beside a medicine on the list ("" when there is nothing to say):
    to the patient "your doctor", to the clinic the patient's by `name`."""
    if match is None:
        return ""
    values = {"kind": KIND[match.kind], "name": name}
    match match.advice:
        case Advice.ALREADY_INJECTED:
            return _("Already injected with medtrack: never a double dose")
        case Advice.NOT_RECOMMENDED:
            return _("%(kind)s: not recommended with anakinra") % values
        case Advice.TELL_DOCTOR if name is None:
            return _("%(kind)s: check with your doctor") % values
        case Advice.TELL_DOCTOR:
            return _("%(kind)s: to check with %(name)s's doctor") % values
    if name is None:
        return _("%(kind)s: ask your doctor first") % values
    return _("%(kind)s: %(name)s should ask their doctor first") % values
