"""Builders shared by the tests: people, the personas' world, requests, scores, API calls.

Test modules import these from here (fixtures live in the conftest.py beside the tests that use
them); nothing is imported from another test module.
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client as TestClient
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from confide import instruments
from confide.accounts.models import Role, User
from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.actor import Actor, Via
from confide.instruments import Instrument, get
from confide.interop.importer import Parsed, parse_response
from confide.practice.models import (
    Assignment,
    Client,
    ClientStatus,
    Clinician,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)
from confide.scheduling.models import Availability
from confide.screening.models import KeptScreening, hash_code, new_code

PASSWORD = "correct horse battery staple"
STAFF_ROLES = {"admin", "intake", "clinician"}
NY = ZoneInfo("America/New_York")


# --- who acts ------------------------------------------------------------------------------


def actor(user: Any = None, via: Via = Via.PAGE) -> Actor:
    """An actor for calling an action directly: a person, or (no user) Confide itself."""
    return Actor(user=user, via=via)


SYSTEM = Actor.system(Via.COMMAND)


# --- people and signing in --------------------------------------------------------------------


def make_user(username: str, role: str, **extra: Any) -> User:
    extra.setdefault("is_staff", role == Role.ADMIN)
    extra.setdefault("is_superuser", role == Role.ADMIN)
    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


def sign_in(client, user):
    """Log in as a person who has passed the second factor, as a real session would have."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    if user.role in STAFF_ROLES:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test device", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's code now (or a step later: a code that was just used is refused again)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in_with_password(client, username: str, password: str = PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


# --- the API --------------------------------------------------------------------------------


def token_for(client, user) -> str:
    body = {"username": user.username, "password": PASSWORD}
    if user.role in STAFF_ROLES:
        device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
        body["otp"] = f"{TOTP(device.bin_key).token():06d}"
    response = client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call(client, token, method, url, body=None):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(url, **kwargs)


# --- the personas (in the manner of healthchecks' Alice, Bob and Charlie) ---------------------


@dataclass
class World:
    """Two clinicians (Alice with her client Carol, Bob with his client Dave), an intake
    coordinator, a practice admin, Carol herself with a portal account, and an outsider."""

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


# --- clinicians and their hours -------------------------------------------------------------

_names = itertools.count(1)


def _tags(model: Any, slugs: Iterable[str]) -> list[Any]:
    # get_or_create: a transactional test before this one may have flushed the seeded rows.
    return [
        model.objects.get_or_create(slug=slug, defaults={"label": slug.replace("_", " ").title()})[
            0
        ]
        for slug in slugs
    ]


def make_clinician(
    *,
    first_name: str | None = None,
    last_name: str | None = None,
    credentials: str = "PhD",
    populations: Iterable[str] = ("adults",),
    concerns: Iterable[str] = ("grief",),
    modalities: Iterable[str] = ("ipt",),
    languages: Iterable[str] = ("en",),
    locations: Iterable[str] = (),
    offers_virtual: bool = True,
    offers_in_person: bool = True,
    accepting_new_clients: bool = True,
    active: bool = True,
    bio: str = "",
) -> Clinician:
    """A directory clinician with their vocabulary tags."""
    n = next(_names)
    clinician = Clinician.objects.create(
        first_name=first_name or f"Alex{n}",
        last_name=last_name or f"Rivera{n}",
        credentials=credentials,
        bio=bio or "Helps adults through grief and change with IPT.",
        offers_virtual=offers_virtual,
        offers_in_person=offers_in_person,
        accepting_new_clients=accepting_new_clients,
        active=active,
    )
    clinician.populations.set(_tags(Population, populations))
    clinician.problem_areas.set(_tags(ProblemArea, concerns))
    clinician.modalities.set(_tags(Modality, modalities))
    clinician.languages.set(_tags(Language, languages))
    clinician.locations.set(Location.objects.filter(slug__in=list(locations)))
    return clinician


def work_at(clinician, location, *, days=range(6), starts=clock(8), ends=clock(20), formats="both"):
    """Give a clinician weekly availability at a location (and the location on their profile)."""
    clinician.locations.add(location)
    for day in days:
        Availability.objects.create(
            clinician=clinician,
            location=location,
            weekday=day,
            starts=starts,
            ends=ends,
            formats=formats,
        )


def next_weekday(weekday: int, hour: int, minute: int = 0, *, weeks_ahead: int = 1) -> datetime:
    """A local New York time on the given weekday, at least a few days from now."""
    today = datetime.now(NY).date() + timedelta(weeks=weeks_ahead)
    day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return datetime.combine(day, clock(hour, minute), NY)


def held_session(
    world,
    *,
    days_ago=2,
    kind="ipt_session",
    minutes=50,
    fmt="virtual",
    status="attended",
    client=None,
    clinician=None,
):
    """A past appointment (saved directly: booking refuses the past) marked through set_outcome,
    so the listeners (billing's charges) hear of it."""
    from confide.scheduling.actions import set_outcome
    from confide.scheduling.models import Appointment

    client = client or world.carol
    clinician = clinician or world.alice_clinician
    day = timezone.localdate() - timedelta(days=days_ago)
    begin = datetime(day.year, day.month, day.day, 10, tzinfo=NY)
    appt = Appointment.objects.create(
        clinician=clinician,
        client=client,
        start=begin,
        end=begin + timedelta(minutes=minutes),
        format=fmt,
        kind=kind,
        location=None if fmt == "virtual" else world.places["greenwich"],
    )
    if status:
        set_outcome(actor(clinician.user), appt, status)
    return appt


def book_ahead(world, *, days=14, client=None, clinician=None, by=None):
    """Fifty minutes by video on the next weekday `days` ahead, booked by intake (or `by`)."""
    from confide.scheduling.actions import book_appointment

    client = client or world.carol
    clinician = clinician or world.alice_clinician
    day = timezone.localdate() + timedelta(days=days)
    while day.weekday() > 4:
        day += timedelta(days=1)
    begin = datetime(day.year, day.month, day.day, 11, tzinfo=NY)
    return book_appointment(
        actor(by or world.intake),
        clinician=clinician,
        client=client,
        start=begin,
        end=begin + timedelta(minutes=50),
        format="virtual",
    )


def ensure_vocabulary():
    """The seeded tags, again: a transactional test before this one may have flushed them."""
    from confide.practice import vocabulary

    for model, rows in (
        (Population, vocabulary.POPULATIONS),
        (ProblemArea, vocabulary.PROBLEM_AREAS),
        (Modality, vocabulary.MODALITIES),
        (Language, vocabulary.LANGUAGES),
    ):
        for order, (slug, label, *rest) in enumerate(rows):
            model.objects.update_or_create(
                slug=slug,
                defaults={"label": label, "description": rest[0] if rest else "",
                          "display_order": order},
            )  # fmt: skip


# --- the public check and consultation requests -------------------------------------------

QUESTIONS = reverse("screening:questions")


def start(client: TestClient, audience: str = "adult", layout: str = "paged", loneliness=False):
    """Begin the public check, as a browser without JavaScript would."""
    data = {"audience": audience, "layout": layout, "step": "0"}
    if loneliness:
        data["loneliness"] = "on"
    return client.post(QUESTIONS, data)


def carried_fields(response) -> dict[str, str]:
    """Every hidden input of the page's form, as the browser would send it back."""
    html = response.content.decode()
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def answer(client: TestClient, response, code: str, positions, extras=None):
    data = carried_fields(response)
    data.pop("csrfmiddlewaretoken", None)
    data["action"] = "answer"
    for number, position in enumerate(positions, start=1):
        if position is not None:
            data[f"{code}-item_{number}"] = str(position)
    for key, position in (extras or {}).items():
        data[f"{code}-extra_{key}"] = str(position)
    return client.post(QUESTIONS, data)


def valid_post(**changes):
    """A complete consultation request as the browser would send it."""
    data = {
        "first_name": "Marisol",
        "last_name": "Quenby",
        "email": "marisol@example.com",
        "phone": "(203) 555-0199",
        "preferred_contact": "email",
        "for_whom": "self",
        "age_group": "adults",
        "concerns": ["life_transition", "loneliness"],
        "details": "New city, new job, and I barely know anyone.",
        "format": "either",
        "location": "greenwich",
        "languages": ["en"],
        "days": ["1", "3"],
        "day_parts": ["afternoon", "evening"],
        "consent": "on",
        "website": "",
        "code": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def keep_screening(*, phq9=(1, 1, 1, 1, 1, 1, 1, 1, 0), expired=False, claimed=False):
    """A kept result of the check, as the screening app stores it; returns (code, kept)."""
    code = new_code()
    now = timezone.now()
    kept = KeptScreening.objects.create(
        code_hash=hash_code(code),
        audience="adult",
        expires_at=now - timedelta(days=1) if expired else now + timedelta(days=30),
        claimed_at=now if claimed else None,
    )
    record_assessment(get("phq9"), list(phq9), source=Source.PUBLIC_CHECK, kept_screening=kept)
    record_assessment(get("gad7"), [1] * 7, source=Source.PUBLIC_CHECK, kept_screening=kept)
    return code, kept


def make_request(**changes):
    """A request stored through the same action the form uses."""
    from confide.intake.actions import submit_request
    from confide.intake.forms import RequestForm

    form = RequestForm(_as_querydict(valid_post(**changes)))
    assert form.is_valid(), form.errors
    return submit_request(actor(), form.cleaned_data)


def _as_querydict(data):
    out = MultiValueDict()
    for key, value in data.items():
        if isinstance(value, list):
            out.setlist(key, value)
        else:
            out[key] = value
    return out


# --- scores ---------------------------------------------------------------------------------


def positions(instrument: Instrument, values: Sequence[int | None]) -> list[int | None]:
    """Turn scored values into option positions (what score() takes)."""
    assert len(values) == instrument.item_count
    return [
        None if v is None else item.position_of(v)
        for item, v in zip(instrument.items, values, strict=True)
    ]


def values_for_raw(instrument: Instrument, raw: int) -> list[int]:
    """Scored values summing to `raw`, filling items from the first (item values are contiguous)."""
    remaining = raw - instrument.raw_min_total
    assert 0 <= remaining <= instrument.raw_max_total - instrument.raw_min_total
    values = []
    for item in instrument.items:
        step = min(item.max_value - item.min_value, remaining)
        values.append(item.min_value + step)
        remaining -= step
    return values


def responses_for_raw(instrument: Instrument, raw: int) -> list[int | None]:
    """Option positions whose scored values sum to `raw`."""
    return positions(instrument, values_for_raw(instrument, raw))


def add_scores(client, code, totals, *, start_days_ago=None, risk_last=False):
    """Weekly assessments whose totals are `totals` (PHQ-9/GAD-7 items filled to match)."""
    instrument = get(code)
    n = len(instrument.items)
    begin = timezone.now() - timedelta(days=7 * (start_days_ago or len(totals)))
    made = []
    for i, total in enumerate(totals):
        responses = [0] * n
        remaining = total
        for j in range(n):
            responses[j] = min(3, remaining)
            remaining -= responses[j]
        if code == "phq9":
            # Keep item 9 at 0 unless a risk answer is wanted (it is the safety item).
            responses[8] = 0
            extra = total - sum(responses)
            for j in range(8):
                add = min(3 - responses[j], extra)
                responses[j] += add
                extra -= add
            if risk_last and i == len(totals) - 1:
                responses[8] = 1
                for j in range(8):
                    if responses[j] > 0:
                        responses[j] -= 1
                        break
        made.append(
            record_assessment(
                instrument, responses, source=Source.CLINICIAN, client=client,
                taken_at=begin + timedelta(days=7 * i),
            )
        )  # fmt: skip
    return made


def link_token_from_outbox() -> str:
    body = mail.outbox[-1].body
    return re.search(r"/m/([A-Za-z0-9_\-]+)/", body).group(1)


# --- FHIR -----------------------------------------------------------------------------------

FIXTURES = Path(__file__).parents[1] / "interop" / "fixtures"
BASE = "https://confide.example"  # the tests' CONFIDE_BASE_URL
LOINC = "http://loinc.org"
FREQUENCY = ("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")
PHQ9_CODES = (
    "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
    "44260-8",
)  # fmt: skip
GAD7_CODES = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def mii_response(subject: str) -> dict[str, Any]:
    data = fixture("mii-QuestionnaireResponse-mii-exa-pro-phq-9-response.json")
    data["subject"] = {"reference": subject}
    return data


def lhc_response(subject: str, values: list[int], *, system: bool = True) -> dict[str, Any]:
    """A PHQ-9 response as LHC-Forms writes it, with its Questionnaire contained."""
    questionnaire = fixture("lforms-R4-phq9-Questionnaire.json")
    questionnaire["id"] = "phq9"
    items = []
    for code, value in zip(PHQ9_CODES, values, strict=True):
        coding = {"code": FREQUENCY[value]}
        if system:
            coding["system"] = LOINC
        items.append({"linkId": f"/{code}", "answer": [{"valueCoding": coding}]})
    items.append({"linkId": "/44261-6", "answer": [{"valueDecimal": sum(values)}]})
    return {
        "resourceType": "QuestionnaireResponse",
        "contained": [questionnaire],
        "questionnaire": "#phq9",
        "status": "completed",
        "subject": {"reference": subject},
        "authored": "2026-01-05T10:00:00-05:00",
        "item": items,
    }


def gad7_response(subject: str, answers: list[dict[str, Any]]) -> dict[str, Any]:
    """A GAD-7 with the MII's canonical URL and linkIds, each answer given as-is."""
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "https://www.medizininformatik-initiative.de/fhir/ext/modul-pro/"
        "Questionnaire/mii-qst-pro-gad-7|2024.0.0",
        "status": "completed",
        "subject": {"reference": subject},
        "item": [
            {"linkId": f"phq-gad7-q0{n}", "answer": [answer]}
            for n, answer in enumerate(answers, start=1)
        ],
    }


def parse(data: Any) -> Parsed:
    """The pure importer with every shipped instrument."""
    return parse_response(data, base_url=BASE, instruments=instruments.all_instruments())


def score(parsed: Parsed) -> instruments.Result:
    return instruments.score(
        instruments.get(parsed.instrument), parsed.responses, extras=parsed.extras
    )


def post(client: Any, token: str, body: Any) -> Any:
    """POST a QuestionnaireResponse to the import, as an integration would."""
    return client.post(
        "/api/v1/fhir/QuestionnaireResponse",
        data=json.dumps(body),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
