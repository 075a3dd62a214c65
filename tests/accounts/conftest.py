import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide.accounts.models import Role, User

PASSWORD = "correct horse battery staple"


def make_user(username: str, role: str, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or a step later: a code that was just used is refused again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


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
