"""Builders for the onboarding tests: staff with e-mail addresses, an adult client, a teen and a
child with their guardian, and helpers to follow the e-mails Confide sends them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import mail
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.paperwork import actions
from confide.practice.models import Assignment, Client, ClientStatus, Clinician
from tests.factories import PASSWORD, actor, make_user

NEW_PASSWORD = "lantern orchard velvet ninety"

__all__ = [
    "NEW_PASSWORD",
    "PASSWORD",
    "Practice",
    "accept",
    "build_practice",
    "invite",
    "link_in",
    "mail_to",
    "staff",
    "years_ago",
]


def years_ago(years: int, days: int = 30) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - timedelta(days=days)


def staff(username: str, role: str) -> User:
    """A member of staff with an e-mail address (invitations and resets are sent to it)."""
    return make_user(
        username, role, email=f"{username}@practice.example", first_name=username.title()
    )


@dataclass
class Practice:
    admin: User
    intake: User
    alice: User
    bob: User
    alice_clinician: Clinician
    adult: Client
    teen: Client
    child: Client


def build_practice() -> Practice:
    """Alice's three clients: Marisol (34), Theo (15, with an e-mail of his own) and Pia (9);
    Ingrid is the two children's mother. Bob is another clinician."""
    admin = staff("admin", Role.ADMIN)
    intake = staff("intake", Role.INTAKE)
    alice = staff("alice", Role.CLINICIAN)
    bob = staff("bob", Role.CLINICIAN)
    alice_c = Clinician.objects.create(user=alice, first_name="Alice", last_name="Ames")
    Clinician.objects.create(user=bob, first_name="Bob", last_name="Burns")
    adult = Client.objects.create(
        first_name="Marisol", last_name="Quenby", date_of_birth=years_ago(34),
        email="marisol@example.com", phone="(203) 555-0199", preferred_contact="email",
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    teen = Client.objects.create(
        first_name="Theo", last_name="Lindqvist", date_of_birth=years_ago(15),
        email="theo@example.com", guardian_name="Ingrid Lindqvist",
        guardian_email="ingrid@example.com", guardian_phone="(203) 555-0111",
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    child = Client.objects.create(
        first_name="Pia", last_name="Lindqvist", date_of_birth=years_ago(9),
        guardian_name="Ingrid Lindqvist", guardian_email="ingrid@example.com",
        status=ClientStatus.ACTIVE,
    )  # fmt: skip
    for client in (adult, teen, child):
        Assignment.objects.create(client=client, clinician=alice_c)
    return Practice(admin, intake, alice, bob, alice_c, adult, teen, child)


def link_in(message) -> str:
    """The site path of the (only) Confide link in an e-mail."""
    base = re.escape(settings.CONFIDE_BASE_URL.rstrip("/"))
    found = re.findall(rf"{base}(/\S+)", message.body)
    assert found, f"no link in {message.subject!r}"
    return found[0]


def mail_to(address: str):
    return [m for m in mail.outbox if address in m.to]


def invite(client: Client, by: User, django_capture_on_commit_callbacks) -> actions.Invited:
    with django_capture_on_commit_callbacks(execute=True):
        return actions.invite_to_portal(actor(by), client)


def accept(browser_client, message, password: str = NEW_PASSWORD):
    """Open the invitation link in an e-mail and choose a password."""
    response = browser_client.get(link_in(message))
    assert response.status_code == 302
    return browser_client.post(
        response["Location"], {"new_password1": password, "new_password2": password}
    )
