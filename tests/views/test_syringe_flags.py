"""A dose recorded anyway from an unusable syringe: its flag reads in words on every
page that lists flags, and the clinic counts it apart from site overrides.

Alice's only box expired on Saturday 31 October 2026; on Monday 2 November she
injected from it anyway, at 08:05, saying so: no usable syringe was in stock.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from injections.models import Dose
from injections.rules.geometry import Administrator, Site
from injections.services.doses import record_dose
from injections.services.supplies import add_box
from tests.views.pages import words

TAKEN = datetime(2026, 11, 2, 8, 5, tzinfo=UTC)
LATER = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def expired_dose(regimen):
    with time_machine.travel(TAKEN, tick=False):
        add_box(patient=regimen.patient, medication=regimen.medication, lot="OLD1",
                expires_on=date(2026, 10, 31), count=1, added_by=regimen.patient.user)  # fmt: skip
        return record_dose(regimen=regimen, taken_at=TAKEN, site=Site("thigh", "left", 60, 100),
                           administered_by=Administrator.SELF, entered_by=regimen.patient.user,
                           override_reason="Only syringe I had; the pharmacy was shut.",
                           )  # fmt: skip


def test_the_dose_is_flagged_with_the_syringe_code(expired_dose):
    assert Dose.objects.get(pk=expired_dose.pk).flags == ["no_usable_syringe"]


def test_the_history_and_the_dose_page_say_the_flag_in_words(alice, expired_dose):
    with time_machine.travel(LATER, tick=False):
        history = alice.get(reverse("history"))
        record = alice.get(reverse("dose", args=[expired_dose.pk]))
    # Both pages hold the flag's code, and say it in words instead.
    assert [dose.flags for dose in history.context["page"]] == [["no_usable_syringe"]]
    assert record.context["dose"].flags == ["no_usable_syringe"]
    for response in (history, record):
        page = words(response).lower()
        assert "with no usable syringe in stock" in page
        assert "no_usable_syringe" not in page


def test_the_clinic_review_counts_it_as_a_syringe_override_not_a_site_one(
    client, clinician, expired_dose
):
    client.force_login(clinician)
    with time_machine.travel(LATER, tick=False):
        response = client.get(reverse("clinic"))
        page = words(client.get(reverse("clinic-patient", args=[expired_dose.patient_id]))).lower()
    [row] = response.context["page"].object_list
    assert (row.site_overrides, row.syringe_overrides, row.flagged) == (0, 1, True)
    assert "1 unusable syringe used" in words(response)
    assert "site override" not in words(response)
    assert "with no usable syringe in stock" in page


def test_a_site_override_still_counts_as_one(client, clinician, regimen):
    with time_machine.travel(TAKEN, tick=False):
        first = record_dose(regimen=regimen, taken_at=TAKEN, site=Site("thigh", "left", 60, 100),
                            administered_by="self", entered_by=regimen.patient.user)  # fmt: skip
    later = datetime(2026, 11, 3, 8, 0, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        record_dose(regimen=regimen, taken_at=later, site=first.site, administered_by="self",
                    entered_by=regimen.patient.user, override_reason="Same spot by mistake.",
                    )  # fmt: skip
    client.force_login(clinician)
    with time_machine.travel(datetime(2026, 11, 3, 9, 0, tzinfo=UTC), tick=False):
        response = client.get(reverse("clinic"))
    [row] = response.context["page"].object_list
    assert (row.site_overrides, row.syringe_overrides) == (1, 0)
    assert "1 site override" in words(response)
    assert "unusable syringe" not in words(response)
