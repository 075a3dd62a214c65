from datetime import timedelta

import pytest
from django.utils import timezone

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.instruments import get
from confide.screening.models import KeptScreening, hash_code, new_code


def valid_post(**changes):
    """A complete request as the browser would send it."""
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
    return submit_request(form.cleaned_data)


def _as_querydict(data):
    from django.utils.datastructures import MultiValueDict

    out = MultiValueDict()
    for key, value in data.items():
        if isinstance(value, list):
            out.setlist(key, value)
        else:
            out[key] = value
    return out


@pytest.fixture
def world(places):
    from tests.practice.personas import build_world

    return build_world()


def ensure_vocabulary():
    """The seeded tags, again: a transactional test before this one may have flushed them."""
    from confide.practice import vocabulary
    from confide.practice.models import Language, Modality, Population, ProblemArea

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


@pytest.fixture
def places(places):
    """The demo locations, and the vocabulary the form and the matching read."""
    ensure_vocabulary()
    return places
