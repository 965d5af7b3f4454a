"""Demo data: a clinic, a patient with four weeks of history, their caregiver and a
clinician, and a second patient of the clinic whose last weeks slip, all written
through the services like real entries (DESIGN §8)."""

import csv
import io
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ..exports.csvlog import FIELDS
from ..models import Clinic, Dose, Patient
from ..reading.sites import site_context
from ..rules.geometry import Administrator, format_cm
from ..rules.schedule import SkipReason
from . import accounts, clinics, health, scores, sharing, skin, supplies
from .doses import correct_dose, record_dose, skip_slot
from .patients import create_patient

PATIENT, CAREGIVER, CLINICIAN = "demo-patient", "demo-caregiver", "demo-clinician"
# Another patient of the clinic, who does not sign in: twelve weeks, the last ones slipping.
SLIPPING = "demo-slipping"
CLINIC = "Demo Rheumatology Clinic"
HISTORY_DAYS = 28
SLIPPING_WEEKS = 12


def demo_exists() -> bool:
    return get_user_model().objects.filter(username=PATIENT).exists()


@transaction.atomic
def seed_demo(*, password: str, now: datetime | None = None) -> Patient:
    now = now or timezone.now()
    today = timezone.localdate(now)
    patient = create_patient(
        username=PATIENT,
        password=password,
        email="demo-patient@example.com",
        time_of_day=time(8, 0),
        time_zone=settings.TIME_ZONE,
        start_date=today - timedelta(days=HISTORY_DAYS),
    )
    caregiver = accounts.create_user(
        username=CAREGIVER, email="demo-caregiver@example.com", password=password
    )
    clinician = accounts.create_user(
        username=CLINICIAN, email="demo-clinician@example.com", password=password
    )
    clinic = _clinic_and_caregiver(patient, caregiver=caregiver, clinician=clinician,
                                   at=now - timedelta(days=30))  # fmt: skip
    # The visit at which the treatment was started: the visit report runs from it.
    start = patient.regimens.get().start_date
    clinics.record_visit(patient=patient, clinic=clinic, day=start, recorded_by=clinician,
                         now=now - timedelta(days=HISTORY_DAYS))  # fmt: skip
    _history(patient, caregiver=caregiver, now=now)
    _supplies_and_health(patient, now=now)
    _scores(patient, now=now)
    _slipping(clinic, now=now)
    return patient


def _clinic_and_caregiver(patient: Patient, *, caregiver, clinician, at: datetime) -> Clinic:
    """The clinic with its clinician, which the patient joined with its code, and the
    caregiver, who accepted the patient's invitation: both a month ago. The caregiver
    is told of a missed dose."""
    clinic = clinics.create_clinic(name=CLINIC, now=at)
    clinics.add_staff(clinic=clinic, user=clinician, now=at)
    sharing.join_clinic(patient=patient, code=clinic.join_code, now=at)
    _invitation, token = sharing.invite_caregiver(
        patient=patient, invitee=caregiver.email, invited_by=patient.user, now=at
    )
    link = sharing.accept_invitation(token=token, user=caregiver, now=at)
    # The patient chose to have the caregiver told of a missed dose (send_reminders).
    sharing.set_missed_dose_alerts(link=link, on=True)
    return clinic


def _supplies_and_health(patient: Patient, *, now: datetime) -> None:
    """A stock that shows the safety checks: an expired syringe and one too long out
    of the fridge to discard, one good one left (so: order more), a sharps container,
    the baseline blood test, and methotrexate on the list of other medicines."""
    user = patient.user
    regimen = patient.regimens.get()
    today = timezone.localdate(now)
    supplies.add_box(patient=patient, medication=regimen.medication, lot="DEMO-2209",
                           expires_on=today - timedelta(days=3), count=1, added_by=user,
                           now=now - timedelta(days=40))  # fmt: skip
    box = supplies.add_box(patient=patient, medication=regimen.medication, lot="DEMO-2611",
                           expires_on=today + timedelta(days=120), count=2, added_by=user,
                           now=now - timedelta(days=2))  # fmt: skip
    warm = box.syringes.order_by("pk").first()
    supplies.take_out_of_fridge(syringes=[warm], at=now - timedelta(hours=30))
    supplies.replace_sharps(patient=patient, capacity=30, at=now - timedelta(days=HISTORY_DAYS))
    health.record_lab_result(patient=patient, taken_on=regimen.start_date, recorded_by=user,
                             neutrophils=Decimal("4.1"))  # fmt: skip
    health.add_other_medicine(patient=patient, name="Methotrexate", dose="15 mg",
                              how_often="weekly, on Mondays")  # fmt: skip
    # A common effect with its severity, as the leaflet classes it.
    health.record_side_effect(patient=patient, kind="headache", severity="mild",
                              started_on=today - timedelta(days=6), recorded_by=user,
                              note="in the afternoon, gone by the evening",
                              now=now - timedelta(days=6))  # fmt: skip


def _history(patient: Patient, *, caregiver, now: datetime) -> None:
    """Mostly on time, a few late, some missed (one explained), one skip and one
    planned, one site override, one dose given by the caregiver in the arm, one
    corrected, and a reaction that has not healed yet."""
    regimen = patient.regimens.get()
    user = patient.user
    slots = [
        s for s in regimen.schedule().slots(regimen.start_date, now.date()) if s.closes_at <= now
    ]
    last = None
    for index, slot in enumerate(slots):
        if index % 9 == 4:
            continue  # missed
        if index == 10:
            skip_slot(
                regimen=regimen,
                slot_date=slot.date,
                skip_reason=SkipReason.FEVER,
                reason="a sore throat; the clinic said to wait a day.",
                entered_by=user,
                now=slot.scheduled_at,
            )
            continue
        late = index % 5 == 3
        taken_at = slot.scheduled_at + (
            timedelta(hours=4) if late else timedelta(minutes=index * 7 % 50)
        )
        by_caregiver = index == 20
        administered_by = Administrator.CAREGIVER if by_caregiver else Administrator.SELF
        if index == 15 and last is not None:
            site, reason = (
                last.site,
                "It already happened: injected beside yesterday's site by mistake.",
            )
        else:
            site = site_context(patient, at=taken_at).suggestions(administered_by)[0].site
            reason = ""
        last = record_dose(
            regimen=regimen,
            taken_at=taken_at,
            site=site,
            administered_by=administered_by,
            entered_by=caregiver if by_caregiver else user,
            override_reason=reason,
            now=taken_at + timedelta(minutes=2),
        )
    _explained_planned_and_corrected(regimen, slots, user=user, now=now)
    if last is not None:
        skin.record_site_check(
            dose=last,
            kinds=["redness"],
            recorded_by=user,
            now=min(now, last.taken_at + timedelta(hours=20)),
        )


def _explained_planned_and_corrected(regimen, slots, *, user, now: datetime) -> None:
    """The first missed dose explained the next day, a dose planned to be skipped next
    week (from the history calendar), and a dose whose time was corrected afterwards:
    each kept with its reason."""
    missed = slots[4]
    skip_slot(regimen=regimen, slot_date=missed.date, entered_by=user,
              skip_reason=SkipReason.FORGOT, reason="we were away for the weekend.",
              now=missed.closes_at + timedelta(hours=10))  # fmt: skip
    ahead = timezone.localdate(now) + timedelta(days=6)
    skip_slot(regimen=regimen, slot_date=ahead, entered_by=user, planned=True,
              skip_reason=SkipReason.SURGERY,
              reason="dental surgery; the clinic said to skip that day's dose.",
              now=now - timedelta(days=1))  # fmt: skip
    dose = Dose.objects.get(regimen=regimen, slot_date=slots[6].date, status=Dose.Status.TAKEN)
    correct_dose(dose=dose, changed_by=user, taken_at=dose.taken_at - timedelta(minutes=20),
                 reason="I logged it when I sat down, twenty minutes after.",
                 now=dose.entered_at + timedelta(hours=3))  # fmt: skip


def _scores(patient: Patient, *, now: datetime) -> None:
    """ "How are you today?" most evenings since the start, up to yesterday (today's is
    left for whoever tries the check-in): pain, morning stiffness and fatigue high in
    the first two weeks, easing after them, as the leaflet says many notice. Some days
    are left out and fatigue is sometimes not given, as people do."""
    regimen = patient.regimens.get()
    tz = ZoneInfo(regimen.current_version().time_zone)
    for n in range((timezone.localdate(now, tz) - regimen.start_date).days):
        if n % 6 == 5:
            continue  # a day without a score
        day = regimen.start_date + timedelta(days=n)
        eased = max(0, n - 13) / 14  # nothing in two weeks, then better day by day
        wobble = n * 7 % 3 - 1  # -1, 0 or 1: no two days quite alike
        pain, stiffness, fatigue = (
            min(10, max(0, round(high - (high - low) * eased) + wobble))
            for high, low in ((7, 3), (8, 3), (6, 3))
        )
        scores.record_scores(
            patient=patient, day=day, recorded_by=patient.user, pain=pain,
            stiffness=stiffness, fatigue=None if n % 4 == 2 else fatigue,
            now=datetime.combine(day, time(20, 0), tzinfo=tz),
        )  # fmt: skip


def _slipping(clinic, *, now: datetime) -> None:
    """A patient twelve weeks in who is slipping, for the clinic's review to show: every
    dose on time for six weeks, then more and more of them late, then missed (by the
    last week, three of seven taken). No sign-in: the clinician reads about them."""
    today = timezone.localdate(now)
    patient = create_patient(
        username=SLIPPING,
        time_of_day=time(9, 0),
        time_zone=settings.TIME_ZONE,
        start_date=today - timedelta(weeks=SLIPPING_WEEKS),
    )
    sharing.join_clinic(patient=patient, code=clinic.join_code,
                        now=now - timedelta(weeks=SLIPPING_WEEKS))  # fmt: skip
    regimen = patient.regimens.get()
    slots = [s for s in regimen.schedule().slots(regimen.start_date, today) if s.closes_at <= now]
    for index, slot in enumerate(slots):
        week, day = divmod(index, 7)
        taken = week < 9 or day < (5, 4, 3)[min(week - 9, 2)]
        if not taken:
            continue  # missed
        late = week >= 6 and day % 3 == 0 or week >= 9 and day % 2 == 0
        taken_at = slot.scheduled_at + (timedelta(hours=5) if late else timedelta(minutes=10))
        site = site_context(patient, at=taken_at).suggestions(Administrator.SELF)[0].site
        record_dose(regimen=regimen, taken_at=taken_at, site=site,
                    administered_by=Administrator.SELF, entered_by=patient.user,
                    now=taken_at + timedelta(minutes=2))  # fmt: skip


def another_apps_log(patient: Patient, *, now: datetime | None = None) -> str:
    """A CSV "from another app" (DESIGN §7) for the demo patient to bring in with the
    web import: a dose for each past slot the demo left without any record (the
    missed doses not explained), as if logged in a pharmacy's app that day. Dated
    from the demo's own days, so it imports on the database it was made with."""
    now = now or timezone.now()
    regimen = patient.regimens.get()
    recorded = set(Dose.objects.filter(regimen=regimen).values_list("slot_date", flat=True))
    slots = regimen.schedule().slots(regimen.start_date, timezone.localdate(now))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for slot in slots:
        if slot.closes_at > now or slot.date in recorded:
            continue
        taken_at = slot.scheduled_at + timedelta(minutes=25)
        site = site_context(patient, at=taken_at).suggestions(Administrator.SELF)[0].site
        writer.writerow([
            slot.local(taken_at).isoformat(timespec="seconds"), slot.date.isoformat(),
            regimen.medication.short_name, "", site.region, site.side, format_cm(site.x_mm),
            format_cm(site.y_mm), Administrator.SELF, Dose.Status.TAKEN, "",
            "Logged in my pharmacy's app that day.",
        ])  # fmt: skip
    return out.getvalue()
