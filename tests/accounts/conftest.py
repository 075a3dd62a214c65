import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.models import Role, User
from tests.factories import make_user


@pytest.fixture
def clinician(db) -> User:
    return make_user("alice", Role.CLINICIAN)


@pytest.fixture
def client_user(db) -> User:
    return make_user("carol", Role.CLIENT)


@pytest.fixture
def app(clinician) -> TOTPDevice:
    """Alice's authenticator app, already set up."""
    return TOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
