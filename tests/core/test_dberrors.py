"""What the database refuses, named for the sender: status, field, message (both databases)."""

from datetime import date, time

import pytest
from django.db import IntegrityError, transaction

from confide.core.dberrors import Refused, explain, refusals
from confide.practice.models import Client
from confide.scheduling.models import Availability, CalendarFeed
from tests.practice.personas import build_world

pytestmark = pytest.mark.django_db


def refused(make):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        make()
    return explain(caught.value)


def test_a_duplicate_is_a_409_naming_the_field():
    world = build_world()
    CalendarFeed.objects.create(clinician=world.alice_clinician, key_hash="a" * 64)
    found = refused(
        lambda: CalendarFeed.objects.create(clinician=world.bob_clinician, key_hash="a" * 64)
    )
    assert (found.status, found.field) == (409, "key_hash")
    assert "key hash" in found.message


def test_a_broken_rule_is_a_422_naming_the_field_it_checks(places):
    world = build_world()
    found = refused(
        lambda: Availability.objects.create(
            clinician=world.alice_clinician,
            location=places[0],
            weekday=1,
            starts=time(15),
            ends=time(9),
        )
    )
    assert (found.status, found.field) == (422, "ends")
    assert found.message == "Not allowed: availability ends after start."


def test_a_missing_value_is_a_422_naming_the_field():
    found = refused(
        lambda: Client.objects.create(
            first_name=None, last_name="X", date_of_birth=date(1990, 1, 1)
        )
    )
    assert (found.status, found.field, found.message) == (
        422,
        "first_name",
        "This field is required.",
    )


def test_refusals_turns_the_error_into_one_the_caller_can_show():
    with pytest.raises(Refused) as caught, refusals(), transaction.atomic():
        Client.objects.create(first_name="A", last_name=None, date_of_birth=date(1990, 1, 1))
    assert caught.value.refusal.field == "last_name"
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_other_database_errors_are_not_explained():
    from django.db import OperationalError

    assert explain(OperationalError("database is locked")) is None
