"""Personas for access tests, in the manner of healthchecks' Alice, Bob and Charlie.

Two clinicians (Alice with her client Carol, Bob with his client Dave), an intake
coordinator, a practice admin, Carol herself with a portal account, and an outsider.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from confide.accounts.models import Role, User
from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.practice.models import Assignment, Client, ClientStatus, Clinician


@dataclass
class World:
    alice: User
    bob: User
    intake: User
    admin: User
    carol_user: User
    outsider: User
    alice_clinician: Clinician
    bob_clinician: Clinician
    carol: Client
    dave: Client

    def people(self) -> dict[str, User]:
        return {
            "alice": self.alice,
            "bob": self.bob,
            "intake": self.intake,
            "admin": self.admin,
            "carol": self.carol_user,
            "outsider": self.outsider,
        }


def make_user(username: str, role: str) -> User:
    return User.objects.create_user(
        username=username,
        password="correct horse battery staple",
        role=role,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )


def build_world() -> World:
    alice = make_user("alice", Role.CLINICIAN)
    bob = make_user("bob", Role.CLINICIAN)
    alice_c = Clinician.objects.create(
        user=alice, first_name="Alice", last_name="Ames", credentials="PhD"
    )
    bob_c = Clinician.objects.create(
        user=bob, first_name="Bob", last_name="Burns", credentials="LCSW"
    )
    carol_user = make_user("carol", Role.CLIENT)
    carol = Client.objects.create(
        user=carol_user,
        first_name="Carolina",
        last_name="Quillfeather",
        date_of_birth=date(1990, 3, 4),
        email="carolina@example.com",
        phone="(203) 555-0101",
        status=ClientStatus.ACTIVE,
    )
    dave = Client.objects.create(
        first_name="Davidson",
        last_name="Thistlewood",
        date_of_birth=date(1985, 7, 8),
        email="davidson@example.com",
        phone="(212) 555-0202",
        status=ClientStatus.ACTIVE,
    )
    Assignment.objects.create(client=carol, clinician=alice_c)
    Assignment.objects.create(client=dave, clinician=bob_c)
    for client in (carol, dave):
        record_assessment(get("phq9"), [1] * 9, source=Source.CLINICIAN, client=client)
    return World(
        alice=alice,
        bob=bob,
        intake=make_user("intake", Role.INTAKE),
        admin=make_user("admin", Role.ADMIN),
        carol_user=carol_user,
        outsider=make_user("outsider", ""),
        alice_clinician=alice_c,
        bob_clinician=bob_c,
        carol=carol,
        dave=dave,
    )
