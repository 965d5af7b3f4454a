"""Other medicines and vaccines beside anakinra (DESIGN §2): one table of generic and
brand names by class, the advice for each class, and how a name a patient types is
matched against it.

The leaflet: TNF blockers (etanercept, infliximab, ...) with anakinra are not
recommended; immunosuppressants (azathioprine, cyclosporine, methotrexate,
sirolimus, tacrolimus) are for the doctor to know; no vaccination without asking
the doctor, live vaccines above all. The other biologics and the JAK inhibitors
are not recommended with anakinra by their own labels; mycophenolate, leflunomide
and steroids suppress the immune system too (tell the doctor).
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TNF_BLOCKER = "tnf_blocker"
    IL1_BLOCKER = "il1_blocker"  # anakinra's own class
    BIOLOGIC = "biologic"  # abatacept, the IL-6 and CD20 antibodies
    JAK_INHIBITOR = "jak_inhibitor"
    IMMUNOSUPPRESSANT = "immunosuppressant"
    STEROID = "steroid"
    LIVE_VACCINE = "live_vaccine"
    NON_LIVE_VACCINE = "non_live_vaccine"
    VACCINE = "vaccine"  # live or not depends on which one: ask


class Advice(StrEnum):
    NOT_RECOMMENDED = "not_recommended"  # together with anakinra
    TELL_DOCTOR = "tell_doctor"  # check it is safe with anakinra
    ASK_BEFORE_VACCINE = "ask_before_vaccine"
    ALREADY_INJECTED = "already_injected"  # the medicine of one of the patient's regimens


ADVICE = {
    Kind.TNF_BLOCKER: Advice.NOT_RECOMMENDED,
    Kind.IL1_BLOCKER: Advice.NOT_RECOMMENDED,
    Kind.BIOLOGIC: Advice.NOT_RECOMMENDED,
    Kind.JAK_INHIBITOR: Advice.NOT_RECOMMENDED,
    Kind.IMMUNOSUPPRESSANT: Advice.TELL_DOCTOR,
    Kind.STEROID: Advice.TELL_DOCTOR,
    Kind.LIVE_VACCINE: Advice.ASK_BEFORE_VACCINE,
    Kind.NON_LIVE_VACCINE: Advice.ASK_BEFORE_VACCINE,
    Kind.VACCINE: Advice.ASK_BEFORE_VACCINE,
}
BIOLOGICS = frozenset({Kind.TNF_BLOCKER, Kind.IL1_BLOCKER, Kind.BIOLOGIC})
VACCINES = frozenset({Kind.LIVE_VACCINE, Kind.NON_LIVE_VACCINE, Kind.VACCINE})


@dataclass(frozen=True)
class Medicine:
    """One row of the table. `names` (generic and brands) are found inside the
    letters typed, whatever the spacing, case or punctuation ("Metho trexate",
    "etanercept-szzs"); `phrases` only as whole words in that order ("flu shot",
    "steroid", short brands); `diseases` make a vaccine when said with a vaccine word
    ("shingles vaccine"), or alone when the patient says a vaccination is planned."""

    generic: str  # "" for a class named as such ("a steroid")
    kind: Kind
    names: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    diseases: tuple[str, ...] = ()


def _m(generic: str, kind: Kind, names: str = "", phrases: str = "", diseases: str = ""):
    # The table reads as lines of words: names and phrases separated by commas.
    def split(text):
        return tuple(part.strip() for part in text.split(",") if part.strip())

    return Medicine(generic, kind, split(names), split(phrases), split(diseases))


T, IL1, BIO, JAK = Kind.TNF_BLOCKER, Kind.IL1_BLOCKER, Kind.BIOLOGIC, Kind.JAK_INHIBITOR
IMM, STER = Kind.IMMUNOSUPPRESSANT, Kind.STEROID
LIVE, NON_LIVE, VAC = Kind.LIVE_VACCINE, Kind.NON_LIVE_VACCINE, Kind.VACCINE

# fmt: off
MEDICINES: tuple[Medicine, ...] = (
    # TNF blockers (the leaflet), biosimilars included
    _m("etanercept", T, "etanercept, enbrel, erelzi, eticovo, benepali, nepexto"),
    _m("infliximab", T, "infliximab, remicade, inflectra, renflexis, avsola, remsima, "
                        "zymfentra, flixabi", "ixifi"),
    _m("adalimumab", T, "adalimumab, humira, amjevita, amgevita, hadlima, hyrimoz, yuflyma, "
                        "cyltezo, idacio, yusimry, simlandi, abrilada, imraldi", "hulio"),
    _m("certolizumab", T, "certolizumab, cimzia"),
    _m("golimumab", T, "golimumab, simponi"),
    _m("", T, "", "tnf blocker, tnf blockers, tnf inhibitor, anti tnf"),
    # IL-1 blockers: anakinra itself, and the others
    _m("anakinra", IL1, "anakinra, kineret"),
    _m("canakinumab", IL1, "canakinumab, ilaris"),
    _m("rilonacept", IL1, "rilonacept, arcalyst"),
    # Other biologics
    _m("abatacept", BIO, "abatacept, orencia"),
    _m("tocilizumab", BIO, "tocilizumab, actemra, roactemra, tofidence, tyenne"),
    _m("sarilumab", BIO, "sarilumab, kevzara"),
    _m("rituximab", BIO, "rituximab, rituxan, mabthera, truxima, ruxience", "riabni"),
    # JAK inhibitors
    _m("tofacitinib", JAK, "tofacitinib, xeljanz"),
    _m("baricitinib", JAK, "baricitinib, olumiant"),
    _m("upadacitinib", JAK, "upadacitinib, rinvoq"),
    _m("filgotinib", JAK, "filgotinib, jyseleca"),
    _m("", JAK, "", "jak inhibitor, jak inhibitors"),
    # Immunosuppressants (the leaflet's, then mycophenolate and leflunomide)
    _m("azathioprine", IMM, "azathioprine, imuran, azasan"),
    _m("cyclosporine", IMM, "cyclosporine, ciclosporin, cyclosporin, neoral, sandimmun, "
                            "gengraf"),
    _m("methotrexate", IMM, "methotrexate, otrexup, rasuvo, trexall, xatmep, metoject, "
                            "jylamvo, reditrex, nordimet"),
    _m("sirolimus", IMM, "sirolimus, rapamune"),
    _m("tacrolimus", IMM, "tacrolimus, prograf, advagraf, envarsus, astagraf"),
    _m("mycophenolate", IMM, "mycophenolate, mycophenolic, cellcept, myfortic"),
    _m("leflunomide", IMM, "leflunomide", "arava"),
    # Steroids (corticosteroids); "non-steroidal" anti-inflammatories are not
    _m("prednisone", STER, "prednisone, deltasone", "rayos"),
    _m("prednisolone", STER, "prednisolone, orapred, pediapred, millipred"),
    _m("methylprednisolone", STER, "methylprednisolone, medrol"),
    _m("dexamethasone", STER, "dexamethasone, decadron, hemady"),
    _m("hydrocortisone", STER, "hydrocortisone, cortef, solucortef"),
    _m("cortisone", STER, "cortisone"),
    _m("triamcinolone", STER, "triamcinolone, kenalog"),
    _m("betamethasone", STER, "betamethasone, celestone"),
    _m("budesonide", STER, "budesonide, entocort, pulmicort"),
    _m("deflazacort", STER, "deflazacort, emflaza"),
    _m("", STER, "", "steroid, steroids, corticosteroid, corticosteroids"),
    # Vaccines. Injected flu vaccines are not live; the nasal spray is.
    _m("influenza vaccine (injected)", NON_LIVE,
       "fluzone, flucelvax, flublok, fluarix, flulaval, afluria",
       "fluad, flu shot, flu shots, flu jab, flu jabs, flu injection, influenza shot, "
       "influenza jab, influenza injection"),
    _m("influenza vaccine (nasal spray)", LIVE, "flumist", "fluenz, nasal flu, flu nasal"),
    _m("influenza vaccine", VAC, "", "", "flu, influenza"),
    _m("shingles vaccine (recombinant)", NON_LIVE, "shingrix"),
    _m("shingles vaccine (live)", LIVE, "zostavax"),
    _m("shingles vaccine", VAC, "", "", "shingles, zoster, herpes zoster"),
    _m("measles, mumps and rubella vaccine", LIVE, "priorix, proquad",
       "mmr, mmrv, m m r, m m r ii", "measles, mumps, rubella"),
    _m("chickenpox vaccine", LIVE, "varivax, varilrix", "", "chickenpox, chicken pox, varicella"),
    _m("yellow fever vaccine", LIVE, "stamaril", "yf vax, yfvax", "yellow fever"),
    _m("BCG vaccine", LIVE, "", "bcg", "tuberculosis, tb"),
    _m("typhoid vaccine (oral)", LIVE, "vivotif", "oral typhoid, typhoid capsules"),
    _m("typhoid vaccine (injected)", NON_LIVE, "typhim", "typherix"),
    _m("typhoid vaccine", VAC, "", "", "typhoid"),
    _m("polio vaccine (oral)", LIVE, "", "opv, oral polio"),
    _m("polio vaccine (injected)", NON_LIVE, "", "ipv, ipol"),
    _m("polio vaccine", VAC, "", "", "polio"),
    _m("cholera vaccine (live)", LIVE, "vaxchora"),
    _m("cholera vaccine (inactivated)", NON_LIVE, "dukoral"),
    _m("cholera vaccine", VAC, "", "", "cholera"),
    _m("dengue vaccine", LIVE, "dengvaxia, qdenga", "", "dengue"),
    _m("chikungunya vaccine (live)", LIVE, "ixchiq"),
    _m("chikungunya vaccine (virus-like particle)", NON_LIVE, "vimkunya"),
    _m("chikungunya vaccine", VAC, "", "", "chikungunya"),
    _m("smallpox vaccine (live)", LIVE, "acam2000"),
    _m("mpox and smallpox vaccine (non-replicating)", NON_LIVE, "jynneos, imvanex, imvamune"),
    _m("smallpox or mpox vaccine", VAC, "", "", "smallpox, mpox, monkeypox"),
    _m("rotavirus vaccine", LIVE, "rotarix, rotateq", "", "rotavirus"),
    _m("COVID-19 vaccine", NON_LIVE, "comirnaty, spikevax, nuvaxovid, novavax, mnexspike", "",
       "covid, covid19, coronavirus, sars cov 2"),
    _m("pneumococcal vaccine", NON_LIVE,
       "prevnar, prevenar, pneumovax, vaxneuvance, capvaxive", "", "pneumonia, pneumococcal"),
    _m("tetanus, diphtheria and whooping cough vaccine", NON_LIVE,
       "boostrix, adacel, tenivac, repevax, revaxis", "tdap, dtap",
       "tetanus, diphtheria, pertussis, whooping cough"),
    _m("hepatitis vaccine", NON_LIVE,
       "havrix, engerix, recombivax, heplisav, prehevbrio, twinrix", "vaqta",
       "hepatitis, hep a, hep b"),
    _m("HPV vaccine", NON_LIVE, "gardasil, cervarix", "", "hpv, papillomavirus"),
    _m("RSV vaccine", NON_LIVE, "arexvy, abrysvo, mresvia", "", "rsv"),
    _m("meningococcal vaccine", NON_LIVE,
       "menveo, menquadfi, nimenrix, bexsero, trumenba, penbraya, penmenvy", "",
       "meningitis, meningococcal"),
    _m("rabies vaccine", NON_LIVE, "imovax, rabavert, verorab", "", "rabies"),
    _m("tick-borne encephalitis vaccine", NON_LIVE, "ticovac, encepur", "",
       "tick borne encephalitis, tbe"),
    _m("Japanese encephalitis vaccine", NON_LIVE, "ixiaro", "", "japanese encephalitis"),
)
# fmt: on

# Words that make a vaccine of whatever they are said with; "vaccin" covers vaccine,
# vaccination and other languages' vaccin, Vakzin aside.
VACCINE_WORDS = ("vaccin", "immunisation", "immunization")
# Said with a disease only: a "B12 shot" or an "immune booster" is not a vaccine.
WITH_A_DISEASE = ("shot", "shots", "jab", "jabs", "booster", "boosters", "injection",
                  "injections")  # fmt: skip
ANY_VACCINE = Medicine("vaccine", Kind.VACCINE)
NAME_MIN_LETTERS = 6  # a shorter name is matched as a whole word ("arava", "fluad")


@dataclass(frozen=True)
class Match:
    generic: str  # the generic name, a vaccine's ("shingles vaccine"), "" for a class
    kind: Kind
    advice: Advice

    @property
    def biologic(self) -> bool:
        return self.kind in BIOLOGICS

    @property
    def vaccine(self) -> bool:
        return self.kind in VACCINES


def words_of(text: str) -> list[str]:
    """Lower-case words of letters and digits, accents and punctuation dropped."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", plain.lower())


def _has_phrase(words: list[str], phrase: str) -> bool:
    wanted = words_of(phrase)
    return any(words[i : i + len(wanted)] == wanted for i in range(len(words)))


def _has_name(words: list[str], name: str) -> bool:
    if len(name) < NAME_MIN_LETTERS:
        return _has_phrase(words, name)
    return name in "".join(words)


def _said_as_vaccine(words: list[str]) -> bool:
    joined = "".join(words)
    return any(word in joined for word in VACCINE_WORDS)


def _found(words: list[str], *, diseases_alone: bool) -> Medicine | None:
    """The row whose name is found, the longest name first ("methylprednisolone"
    over "prednisolone", "flu shot" over "flu"); then a vaccine by its disease."""
    named = [
        (len(name), row)
        for row in MEDICINES
        for name in row.names
        if _has_name(words, name)
    ] + [
        (len("".join(words_of(phrase))), row)
        for row in MEDICINES
        for phrase in row.phrases
        if _has_phrase(words, phrase)
    ]
    if named:
        return max(named, key=lambda found: found[0])[1]
    as_vaccine = diseases_alone or _said_as_vaccine(words) or bool(
        set(words) & set(WITH_A_DISEASE)
    )
    if not as_vaccine:
        return None
    for row in MEDICINES:
        if any(_has_phrase(words, disease) for disease in row.diseases):
            return row
    return ANY_VACCINE if _said_as_vaccine(words) else None


def _match(row: Medicine, injected: frozenset[str] | set[str]) -> Match:
    advice = Advice.ALREADY_INJECTED if row.generic in injected else ADVICE[row.kind]
    return Match(row.generic, row.kind, advice)


def check_medicine(name: str, *, injected: frozenset[str] | set[str] = frozenset()) -> Match | None:
    """What to tell the patient about another medicine beside anakinra (DESIGN §2),
    or None. `injected` holds the generic names the patient injects with medtrack
    (the regimens' medications): typing one of them again is a second course of the
    same medicine. Any case, spacing or punctuation; generic or brand; a vaccine by
    its name or as "flu shot", "shingles vaccine"."""
    row = _found(words_of(name), diseases_alone=False)
    return _match(row, injected) if row else None


def check_vaccination(name: str) -> Match:
    """A vaccination the patient plans (DESIGN §2: none without asking the doctor,
    live vaccines above all). Whatever is typed is a vaccine: "flu" is the flu
    vaccine; a name not in the table is a vaccine of unknown kind."""
    row = _found(words_of(name), diseases_alone=True)
    if row is None or row.kind not in VACCINES:
        row = ANY_VACCINE
    return _match(row, frozenset())
