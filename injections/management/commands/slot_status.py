from ...reading.status import patient_status
from ...text.status import describe
from ..arguments import add_patient_arguments, patient_named, to_json, when
from ..base import MedtrackCommand


def iso(slot, instant_):
    return slot.local(instant_).isoformat() if slot else None


class Command(MedtrackCommand):
    help = (
        "Print, for each regimen, the slot open at --at, or when none is open the next "
        "one (DESIGN §5)."
    )

    def add_arguments(self, parser):
        add_patient_arguments(parser)

    def handle(self, *args, **options):
        patient = patient_named(options["patient"])
        states = patient_status(patient, **when(options))
        # Read by someone else than the patient: about them by name (text.status).
        name = str(patient)
        if not options["json"]:
            for state in states:
                self.stdout.write(describe(state, name=name))
            return
        rows = []
        for state in states:
            slot = state.slot
            rows.append(
                {
                    "medication": state.regimen.medication.short_name,
                    "slot_date": slot.date.isoformat() if slot else None,
                    "scheduled_at": iso(slot, slot and slot.scheduled_at),
                    "status": state.status,
                    "opens_at": iso(slot, slot and slot.opens_at),
                    "closes_at": iso(slot, slot and slot.closes_at),
                    "previous_status": state.previous_status,
                    "message": describe(state, name=name),
                }
            )
        self.stdout.write(to_json(rows))
