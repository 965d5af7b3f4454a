"""The clinic review at the scale of issue 4, run by `make bench` rather than `make
test`: building 365,000 records takes over a minute."""

import pytest
from django.contrib.auth import get_user_model

from injections.models import Clinic, ClinicStaff
from tests.conftest import PASSWORD
from tests.views.test_clinic import NOW, dashboard_queries, names, patients_with_a_year

pytestmark = pytest.mark.clock(NOW)


def test_a_thousand_patients_with_a_year_each_read_as_many_queries_as_five(client, db):
    """The scale of issue 4: a page of 50 out of 1,000 patients with a year of
    history each (365,000 records) reads the same queries as a clinic of five."""
    clinic = Clinic.objects.create(name="Rheumatology")
    staff = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=clinic, user=staff)
    client.force_login(staff)
    patients_with_a_year(clinic, 5, start=0)
    few, _response = dashboard_queries(client)
    patients_with_a_year(clinic, 995, start=5)
    many, response = dashboard_queries(client)
    assert response.context["page"].paginator.count == 1000
    assert len(names(response)) == 50
    assert len(many.captured_queries) == len(few.captured_queries)
