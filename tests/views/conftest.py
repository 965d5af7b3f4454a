import pytest


@pytest.fixture
def alice(client, patient):
    """The test client, signed in as alice, the patient of tests/conftest.py."""
    client.force_login(patient.user)
    return client
