"""The demo practice's people: clinicians with varied profiles, clients across populations,
and one sign-in account per role. Deterministic, so every `make run` shows the same practice."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from confide.accounts.demo import DEMO_PASSWORD
from confide.accounts.models import Role, User
from confide.practice.models import (
    Assignment,
    Client,
    ClientStatus,
    Clinician,
    Guardian,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)

__all__ = ["DEMO_PASSWORD", "load_people"]

# The demo's people are recognisable at a glance; production refuses them by the marker
# load_demo writes (practice.DemoData) and by the published password, not by this domain.
DEMO_EMAIL_DOMAIN = "@demo.confide.example"

# username, first, last, credentials, populations, areas, modalities, languages, places, formats
CLINICIANS = [
    ("dr.rivera", "Elena", "Rivera", "PhD", ["adults", "professionals"],
     ["role_dispute", "role_transition"], ["ipt", "cbt", "mbct"], ["en", "es"],
     ["greenwich", "manhattan"], "both"),
    ("dr.chen", "Michael", "Chen", "PsyD", ["adolescents", "adults"],
     ["interpersonal_deficits", "role_dispute", "single_parent_family"], ["ipt", "dbt", "cbt"],
     ["en", "zh"], ["manhattan"], "both"),
    ("dr.okafor", "Grace", "Okafor", "PhD, LCSW", ["perinatal", "adults"],
     ["role_transition", "grief"], ["ipt", "mbct", "family"], ["en"], ["greenwich"], "both"),
    ("dr.levin", "Daniel", "Levin", "MD", ["adults", "professionals"],
     ["grief", "role_dispute"], ["ipt", "psychodynamic"], ["en", "he", "ru"], ["manhattan"],
     "in_person"),
    ("ms.moreau", "Claire", "Moreau", "LMFT", ["children", "adolescents"],
     ["role_transition", "role_dispute", "single_parent_family"], ["ipt", "family", "art"],
     ["en", "fr"], ["greenwich"], "both"),
    ("dr.santos", "Rafael", "Santos", "PhD", ["adults"],
     ["grief", "role_transition"], ["ipt", "tf_cbt", "cbt"], ["en", "pt", "es"],
     ["manhattan"], "virtual"),
    ("ms.bianchi", "Sofia", "Bianchi", "LCSW", ["perinatal", "adults"],
     ["role_transition", "interpersonal_deficits"], ["ipt", "solution_focused", "mbct"],
     ["en", "it"], ["greenwich", "manhattan"], "both"),
    ("dr.patel", "Anjali", "Patel", "PsyD", ["children", "adolescents"],
     ["interpersonal_deficits", "grief"], ["ipt", "tf_cbt", "art", "family"], ["en"],
     ["manhattan"], "both"),
    ("mr.hughes", "Thomas", "Hughes", "LMHC", ["adults", "professionals"],
     ["interpersonal_deficits", "role_transition"], ["ipt", "solution_focused", "cbt"], ["en"],
     ["greenwich"], "virtual"),
    ("dr.kim", "Hannah", "Kim", "PhD", ["adolescents", "adults"],
     ["role_dispute", "grief", "interpersonal_deficits"], ["ipt", "dbt", "mbct"], ["en"],
     ["greenwich", "manhattan"], "both"),
]  # fmt: skip

BIOS = {
    "dr.rivera": "Works with busy professionals on conflict at work and at home, and on career "
    "changes; combines IPT with CBT and mindfulness.",
    "dr.chen": "Helps teenagers and young adults who feel isolated or stuck in conflict with "
    "family; trained in IPT-A and DBT skills.",
    "dr.okafor": "Specialises in perinatal mental health: pregnancy, birth, loss and the "
    "transition to parenthood.",
    "dr.levin": "Psychiatrist and IPT therapist focusing on bereavement and long-standing "
    "relationship patterns.",
    "ms.moreau": "Family therapist for children and teens: school changes, bullying, divorce; "
    "uses play and art alongside IPT.",
    "dr.santos": "Treats grief and trauma with IPT and trauma-focused CBT; sessions by video.",
    "ms.bianchi": "Supports new parents with isolation and the changes a baby brings; brief, "
    "practical, solution-focused.",
    "dr.patel": "Child and adolescent psychologist; trauma-focused CBT and art therapy with IPT.",
    "mr.hughes": "Evening video sessions for professionals facing loneliness or a big change.",
    "dr.kim": "IPT for depression and anxiety in teens and adults, with DBT and mindfulness.",
}

STAFF = [
    ("admin", "Avery", "Stone", Role.ADMIN),
    ("intake", "Jordan", "Blake", Role.INTAKE),
]

FIRST_NAMES = [
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas",
    "Mia", "Mason", "Amelia", "Ethan", "Harper", "Logan", "Evelyn", "Aiden", "Abigail", "Jacob",
    "Emily", "Leo", "Ella", "Owen", "Chloe", "Caleb", "Grace", "Nathan", "Zoe", "Ryan",
    "Lily", "Isaac", "Nora", "Adam", "Maya", "Julian", "Ruby", "Ezra", "Layla", "Miles",
    "Priya", "Mateo", "Aisha", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Johnson", "Garcia", "Brown", "Davis", "Miller", "Wilson", "Moore", "Taylor",
    "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Lopez", "Lee",
    "Walker", "Hall", "Young", "Allen", "King", "Wright", "Scott", "Green", "Baker", "Adams",
]  # fmt: skip


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str


def _user(username: str, first: str, last: str, role: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.first_name, user.last_name, user.role = first, last, role
    user.email = f"{username}{DEMO_EMAIL_DOMAIN}"
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@transaction.atomic
def load_people() -> list[DemoAccount]:
    """Create or refresh the demo people; return the accounts a newcomer can sign in with."""
    accounts = [
        DemoAccount(u, role, f"{first} {last}")
        for u, first, last, role in STAFF
        if _user(u, first, last, role)
    ]
    tags: dict[str, dict[str, Any]] = {
        "populations": {t.slug: t for t in Population.objects.all()},
        "problem_areas": {t.slug: t for t in ProblemArea.objects.all()},
        "modalities": {t.slug: t for t in Modality.objects.all()},
        "languages": {t.slug: t for t in Language.objects.all()},
        "locations": {t.slug: t for t in Location.objects.all()},
    }
    clinicians = []
    for spec in CLINICIANS:
        username, first, last, creds, pops, areas, mods, langs, places, formats = spec
        user = _user(username, first, last, Role.CLINICIAN)
        clinician, _ = Clinician.objects.update_or_create(
            user=user,
            defaults={
                "first_name": first,
                "last_name": last,
                "credentials": creds,
                "bio": BIOS[username],
                "offers_virtual": formats in ("both", "virtual"),
                "offers_in_person": formats in ("both", "in_person"),
                "accepting_new_clients": username != "dr.levin",
            },
        )
        for name, slugs in (
            ("populations", pops),
            ("problem_areas", areas),
            ("modalities", mods),
            ("languages", langs),
            ("locations", places),
        ):
            getattr(clinician, name).set([tags[name][s] for s in slugs])
        clinicians.append(clinician)
        accounts.append(DemoAccount(username, Role.CLINICIAN, clinician.display_name))

    _load_clients(clinicians)
    portal_client = Client.objects.filter(first_name="Lucas", status=ClientStatus.ACTIVE).first()
    if portal_client is None:
        raise RuntimeError("The demo clients were not loaded: no active client named Lucas.")
    client_user = _user("client", portal_client.first_name, portal_client.last_name, Role.CLIENT)
    if portal_client.user_id != client_user.pk:
        portal_client.user = client_user
        portal_client.save(update_fields=["user"])
    accounts.append(DemoAccount("client", Role.CLIENT, f"{portal_client} (client portal)"))
    accounts.append(_guardian_account())
    return accounts


def _guardian_account() -> DemoAccount:
    """A parent with a portal account linked to their teenager (paperwork.demo signs some of
    the minor's paperwork with it)."""
    teen = (
        Client.objects.filter(status=ClientStatus.ACTIVE, assignments__isnull=False)
        .exclude(guardian_name="")
        .filter(date_of_birth__lte=timezone.localdate() - timedelta(days=13 * 366))
        .order_by("-date_of_birth", "last_name")
        .first()
    )
    if teen is None:
        raise RuntimeError("The demo practice has no teenager with a guardian.")
    first, _, last = teen.guardian_name.partition(" ")
    user = _user("guardian", first, last, Role.GUARDIAN)
    Guardian.objects.update_or_create(
        client=teen,
        user=user,
        defaults={"name": teen.guardian_name, "email": user.email, "relationship": "parent"},
    )
    return DemoAccount("guardian", Role.GUARDIAN, f"{user.get_full_name()} (guardian of {teen})")


DEMO_CLIENTS = 120
AGES = [9, 11, 14, 15, 16, 17, 24, 29, 31, 34, 38, 42, 47, 55, 63, 27, 33, 45, 36, 52]


def _load_clients(clinicians: list[Clinician]) -> None:
    if Client.objects.filter(email__endswith="@example.com").count() >= DEMO_CLIENTS:
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    by_population: dict[str, list[Clinician]] = {}
    for clinician in clinicians:
        for pop in clinician.populations.all():
            by_population.setdefault(pop.slug, []).append(clinician)
    turn: dict[str, int] = {}
    statuses = [ClientStatus.ACTIVE] * 6 + [ClientStatus.WAITING, ClientStatus.DISCHARGED]
    for i in range(DEMO_CLIENTS):
        first = FIRST_NAMES[i % len(FIRST_NAMES)]
        last = LAST_NAMES[(i * 7 + i // len(FIRST_NAMES)) % len(LAST_NAMES)]
        email = f"{first.lower()}.{last.lower()}{i}@example.com"
        if Client.objects.filter(email=email).exists():
            continue
        # Ages across the populations the practice serves: children, teens, adults.
        age = AGES[i % len(AGES)]
        born = today - timedelta(days=age * 365 + rng.randint(10, 300))
        perinatal = 24 <= age <= 36 and i % 3 == 0
        population = "children" if age < 13 else "adolescents" if age < 18 else "adults"
        pool_name = "perinatal" if perinatal else population
        pool = by_population.get(pool_name) or clinicians
        client = Client.objects.create(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            perinatal=perinatal,
            email=email,
            phone=f"(203) 555-{1000 + i:04d}",
            preferred_contact=rng.choice(["phone", "email", "text"]),
            emergency_contact_name=f"{rng.choice(FIRST_NAMES)} {last}",
            emergency_contact_phone=f"(203) 555-{2000 + i:04d}",
            emergency_contact_relationship=rng.choice(["partner", "parent", "sibling", "friend"]),
            guardian_name=f"{rng.choice(FIRST_NAMES)} {last}" if age < 18 else "",
            guardian_phone=f"(203) 555-{3000 + i:04d}" if age < 18 else "",
            status=statuses[i % len(statuses)],
        )
        if client.status != ClientStatus.WAITING:
            n = turn.get(pool_name, 0)
            turn[pool_name] = n + 1
            Assignment.objects.create(client=client, clinician=pool[n % len(pool)])
