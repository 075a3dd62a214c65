"""Diagnoses are billable ICD-10-CM codes entered by the client's own clinician."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from confide.billing import actions
from confide.billing.rules import may_read_diagnoses
from confide.practice.actions import grant_break_glass
from tests.factories import actor

pytestmark = pytest.mark.django_db


def test_the_first_diagnosis_is_primary_and_a_new_primary_demotes_it(world):
    a = actor(world.alice)
    first = actions.add_diagnosis(a, world.carol, "F32.1")
    assert first.primary and first.description.startswith("Major depressive disorder")
    second = actions.add_diagnosis(a, world.carol, "F41.1", primary=True)
    first.refresh_from_db()
    assert second.primary and not first.primary


def test_a_category_is_refused_naming_the_code(world):
    with pytest.raises(ValidationError) as exc:
        actions.add_diagnosis(actor(world.alice), world.carol, "F32")
    assert "not billable" in exc.value.message_dict["code"][0]


def test_only_the_clients_own_clinician_enters_a_diagnosis(world):
    for who in (world.bob, world.intake, world.admin):
        with pytest.raises(PermissionDenied):
            actions.add_diagnosis(actor(who), world.carol, "F32.1")


def test_the_same_current_code_twice_and_future_dates_are_refused(world):
    a = actor(world.alice)
    actions.add_diagnosis(a, world.carol, "F32.1")
    with pytest.raises(ValidationError, match="already"):
        actions.add_diagnosis(a, world.carol, "f321")
    with pytest.raises(ValidationError):
        actions.add_diagnosis(
            a, world.carol, "F41.1", diagnosed_on=timezone.localdate() + timedelta(days=1)
        )


def test_resolving_the_primary_promotes_the_next(world):
    a = actor(world.alice)
    first = actions.add_diagnosis(a, world.carol, "F32.1")
    second = actions.add_diagnosis(a, world.carol, "F41.1")
    actions.resolve_diagnosis(a, first)
    second.refresh_from_db()
    assert second.primary


def test_diagnoses_are_read_as_clinical_content(world):
    assert may_read_diagnoses(world.alice, world.carol)
    assert may_read_diagnoses(world.carol_user, world.carol)
    assert not may_read_diagnoses(world.bob, world.carol)
    assert not may_read_diagnoses(world.intake, world.carol)
    assert not may_read_diagnoses(world.admin, world.carol)
    grant_break_glass(actor(world.admin), world.carol, "Superbill query from the insurer")
    assert may_read_diagnoses(world.admin, world.carol)
