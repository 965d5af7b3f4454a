"""The dose log as a FHIR R4 Bundle of MedicationAdministration resources (DESIGN §7).

A `collection` Bundle holds the Patient, whoever else gave a dose (a RelatedPerson for
a caregiver, a Practitioner for a clinician) and one MedicationAdministration per
record, read as `csvlog` reads the log: each record as it stands now (corrections
applied), voided records left out unless asked for.

| record | status | also |
| --- | --- | --- |
| taken | `completed` | performer, dosage with route, dose and site |
| extra | `completed` | a note saying it was a second injection given by mistake |
| skipped | `not-done` | statusReason (the reason), the dose that was due, no site |
| voided (only with `include_voided`) | `entered-in-error` | a note with when and why |

The resources are made with the R4B models of `fhir.resources` (FHIR 4.3.0, whose
elements used here are those of R4 4.0.1: docs/decisions.md), so each one is
validated as it is made. Sites are SNOMED CT body structures; the exact point, in the
region's frame of DESIGN §3, is in the extension POINT_EXTENSION on dosage.site and,
in words, in its text. Every reference is a `urn:uuid:` derived from the row it
names, so that the same record has the same identity in every export of this server.
"""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from django.utils import formats, translation
from django.utils.translation import gettext as _
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationadministration import MedicationAdministration
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.relatedperson import RelatedPerson

from ..models import CareLink, ClinicStaff, Dose, Patient
from ..models.doses import AdministeredBy
from ..models.regimens import format_mg
from ..rules.flags import Flag
from ..rules.geometry import Administrator, Site
from ..text.flags import flag_labels
from ..text.places import measures, place
from ..text.skips import english_reason
from .csvlog import SlotZones, log_doses

SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
SUBCUTANEOUS = "34206005"
# DESIGN §7. The abdomen keeps its one code rather than a quadrant: the extension has
# the exact point, and a point on a midline would have no honest quadrant.
SITE_CODES = {
    ("thigh", "left"): "61396006",
    ("thigh", "right"): "11207009",
    ("upper_arm", "left"): "368208006",
    ("upper_arm", "right"): "368209003",
    ("buttock", "left"): "723979003",
    ("buttock", "right"): "723980000",
    ("abdomen", ""): "113345001",
}
# A complex extension: `region` and `side` (codes of DESIGN §3; no side on the
# abdomen), `x` and `y` in cm (UCUM), x from the region's inner edge (the abdomen: from
# the patient's left side), y down from its top edge.
POINT_EXTENSION = "urn:medtrack:fhir:StructureDefinition:injection-point"

COMPLETED, NOT_DONE, ENTERED_IN_ERROR = "completed", "not-done", "entered-in-error"
# Identities derive from this namespace and the row's table and key.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:medtrack")


def write_bundle(
    patient: Patient, out: TextIO, *, now: datetime, include_voided: bool = False
) -> int:
    """Write the patient's bundle as JSON; returns the number of MedicationAdministrations."""
    bundle = patient_bundle(patient, now=now, include_voided=include_voided)
    out.write(bundle_json(bundle))
    return len(administrations(bundle))


def administrations(bundle: Bundle) -> list[MedicationAdministration]:
    """The bundle's MedicationAdministrations, in order."""
    return [
        entry.resource
        for entry in bundle.entry or []
        if isinstance(entry.resource, MedicationAdministration)
    ]


def bundle_json(bundle: Bundle) -> str:
    return bundle.model_dump_json(indent=2) + "\n"


def patient_bundle(patient: Patient, *, now: datetime, include_voided: bool = False) -> Bundle:
    """The patient's log as a `collection` Bundle stamped `now`: the Patient, the
    people who gave doses, then one MedicationAdministration per record in the order
    of the CSV export (slot date, medication, entry order). Its words are English,
    as the CSV's are: the file is the same whoever exports it, in any language."""
    with translation.override("en"):
        return _bundle(patient, now=now, include_voided=include_voided)


def _bundle(patient: Patient, *, now: datetime, include_voided: bool) -> Bundle:
    doses = list(
        log_doses(patient, include_voided=include_voided).select_related("entered_by", "voided_by")
    )
    people = _People(patient, doses)
    zones = SlotZones()
    administrations = [_administration(dose, people, zones) for dose in doses]
    return Bundle(
        type="collection",
        timestamp=now.isoformat(timespec="seconds"),
        entry=[
            {"fullUrl": _urn(resource.id), "resource": resource}
            for resource in [*people.resources(), *administrations]
        ],
    )


def _identity(*parts) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(part) for part in parts)))


def _urn(identity: str) -> str:
    return f"urn:uuid:{identity}"


def _name(user) -> dict:
    full = user.get_full_name()
    name = {"text": full or user.get_username()}
    if user.last_name:
        name["family"] = user.last_name
    if user.first_name:
        name["given"] = [user.first_name]
    return name


class _People:
    """The Patient and the performers of the bundle, each made once. A caregiver or
    clinician is named when the record was entered by them (the app records their
    dose as given and entered by them); a dose the patient says someone else gave,
    or an imported one, names nobody: its performer is an unnamed RelatedPerson (or
    Practitioner) of this patient."""

    def __init__(self, patient: Patient, doses: list[Dose]):
        self.patient = patient
        self.patient_id = _identity("patient", patient.pk)
        others = {dose.entered_by_id for dose in doses if dose.entered_by_id != patient.user_id}
        # Anyone who ever cared for the patient, or worked at a clinic they were in:
        # the record outlives the link.
        self._caregivers = set(
            CareLink.objects.filter(patient=patient, caregiver__in=others).values_list(
                "caregiver", flat=True
            )
        )
        self._staff = set(
            ClinicStaff.objects.filter(
                user__in=others, clinic__enrollments__patient=patient
            ).values_list("user", flat=True)
        )
        self._performers: dict[str, object] = {}

    def resources(self) -> list:
        user = self.patient.user
        patient = FhirPatient(id=self.patient_id, name=[_name(user)])
        return [patient, *self._performers.values()]

    def subject(self) -> dict:
        return {"reference": _urn(self.patient_id), "display": _name(self.patient.user)["text"]}

    def performer(self, dose: Dose) -> dict:
        """A reference to who gave the dose, making their resource the first time."""
        if dose.administered_by == Administrator.SELF:
            return self.subject()
        enterer = dose.entered_by
        if dose.administered_by == Administrator.CAREGIVER:
            named = enterer.pk in self._caregivers
            identity = _identity("related-person", self.patient.pk, enterer.pk if named else "")
            if identity not in self._performers:
                self._performers[identity] = RelatedPerson(
                    id=identity,
                    patient={"reference": _urn(self.patient_id)},
                    name=[_name(enterer)] if named else None,
                )
        else:
            named = enterer.pk in self._staff
            identity = (
                _identity("practitioner", enterer.pk)
                if named
                else _identity("practitioner", "of-patient", self.patient.pk)
            )
            if identity not in self._performers:
                self._performers[identity] = Practitioner(
                    id=identity, name=[_name(enterer)] if named else None
                )
        display = (
            _name(enterer)["text"] if named else str(AdministeredBy(dose.administered_by).label)
        )
        return {"reference": _urn(identity), "display": display}


def _administration(dose: Dose, people: _People, zones: SlotZones) -> MedicationAdministration:
    version = zones.version(dose.regimen, dose.slot_date)
    tz = version.tz
    # A skipped slot was not given at any time: its effective time is the slot's.
    effective = dose.taken_at or version.instant(dose.slot_date)
    skipped = dose.status == Dose.Status.SKIPPED
    if dose.is_voided:
        status = ENTERED_IN_ERROR
    else:
        status = NOT_DONE if skipped else COMPLETED
    fields = {
        "id": _identity("dose", dose.pk),
        # Each correction or void makes a new version of the record (DESIGN §7).
        "meta": {"versionId": str(dose.version)},
        "status": status,
        "medicationCodeableConcept": {"text": dose.regimen.medication.name},
        "subject": people.subject(),
        "effectiveDateTime": effective.astimezone(tz).isoformat(timespec="seconds"),
        "dosage": _dosage(dose),
    }
    if skipped:
        # In English, as the CSV has it, whoever exports: the file is read elsewhere.
        fields["statusReason"] = [{"text": english_reason(dose.skip_reason, dose.reason)}]
    else:
        fields["performer"] = [{"actor": people.performer(dose)}]
    notes = _notes(dose, tz)
    if notes:
        fields["note"] = [{"text": note} for note in notes]
    return MedicationAdministration(**fields)


def _dosage(dose: Dose) -> dict:
    dosage = {
        "route": {
            "coding": [{"system": SNOMED, "code": SUBCUTANEOUS, "display": "Subcutaneous route"}],
            "text": _("subcutaneous (under the skin)"),
        }
    }
    if dose.dose_mg is not None:  # a skip imported without the dose that was due
        # Without trailing zeros, as the CSV has it: 100, not 100.00.
        mg = Decimal(format_mg(dose.dose_mg))
        dosage["dose"] = {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"}
    site = dose.site
    if site is not None:
        dosage["site"] = {
            "coding": [{"system": SNOMED, "code": SITE_CODES[site.region_side]}],
            "text": _("%(place)s, %(point)s") % {"place": place(site), "point": measures(site)},
            "extension": [_point(site)],
        }
    return dosage


def _cm(mm: int) -> dict:
    return {"value": Decimal(mm) / 10, "unit": "cm", "system": UCUM, "code": "cm"}


def _point(site: Site) -> dict:
    parts = [{"url": "region", "valueCode": site.region}]
    if site.side:
        parts.append({"url": "side", "valueCode": site.side})
    parts += [{"url": "x", "valueQuantity": _cm(site.x_mm)},
              {"url": "y", "valueQuantity": _cm(site.y_mm)}]  # fmt: skip
    return {"url": POINT_EXTENSION, "extension": parts}


def _notes(dose: Dose, tz) -> list[str]:
    """What a person reading the record elsewhere should know, in words."""
    notes = []
    if dose.status == Dose.Status.EXTRA:
        notes.append(
            _(
                "Extra dose: a second injection given by mistake, beside the dose already "
                "taken for %(day)s. It is not that day's dose."
            )
            % {"day": formats.date_format(dose.slot_date, "j M Y")}
        )
    if dose.status != Dose.Status.SKIPPED:
        flags = [code for code in dose.flags if code != Flag.EXTRA_DOSE]
        if flags:
            notes.append(
                _("Recorded against a rule, flagged for review: %(flags)s.")
                % {"flags": "; ".join(flag_labels(flags))}
            )
        if dose.reason:
            notes.append(_("Reason given: %(reason)s") % {"reason": dose.reason})
    if dose.notes:
        notes.append(dose.notes)
    if dose.is_voided:
        notes.append(
            _("Entered in error: voided on %(when)s by %(who)s. Why: %(reason)s")
            % {
                "when": formats.date_format(dose.voided_at.astimezone(tz), "j M Y H:i"),
                "who": dose.voided_by.get_username(),
                "reason": dose.void_reason,
            }
        )
    return notes
