"""What the database refuses, named for the sender: status, field, message (both databases)."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from confide.core.dberrors import explain, refusals
from confide.core.errors import Conflict
from confide.practice.models import Client
from confide.scheduling.models import Availability, CalendarFeed
from tests.factories import build_world

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


def test_refusals_raise_what_every_door_already_maps():
    with pytest.raises(ValidationError) as caught, refusals(), transaction.atomic():
        Client.objects.create(first_name="A", last_name=None, date_of_birth=date(1990, 1, 1))
    assert caught.value.message_dict == {"last_name": ["This field is required."]}
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    world = build_world()
    CalendarFeed.objects.create(clinician=world.alice_clinician, key_hash="b" * 64)
    with pytest.raises(Conflict) as clash, refusals(), transaction.atomic():
        CalendarFeed.objects.create(clinician=world.bob_clinician, key_hash="b" * 64)
    assert clash.value.field == "key_hash"


def test_a_page_outside_an_action_gets_the_refusal_page_not_a_500(rf):
    """The safety net for a view that saves without the page door (DatabaseRefusalMiddleware)."""
    from django.contrib.auth.models import AnonymousUser

    from confide.core.middleware import DatabaseRefusalMiddleware

    request = rf.post("/somewhere/", HTTP_REFERER="http://testserver/form/")
    request.user = AnonymousUser()
    response = DatabaseRefusalMiddleware(lambda r: None).process_exception(
        request, IntegrityError("NOT NULL constraint failed: practice_client.last_name")
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "That was not saved" in html and "Last name" in html and "/form/" in html


def test_other_database_errors_are_not_explained():
    from django.db import OperationalError

    assert explain(OperationalError("database is locked")) is None
