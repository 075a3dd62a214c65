"""Notes and other clinical text are encrypted at rest; keys rotate; signed notes are locked."""

from datetime import date
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from confide.ipt import actions, crypto
from confide.ipt.models import Addendum, Note, Person
from tests.factories import actor

pytestmark = pytest.mark.django_db
SECRET = "Carol spoke about her father's funeral"


def raw(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE id = %s",
            [pk.hex if connection.vendor == "sqlite" else pk],
        )
        return cursor.fetchone()[0]


def note_for(world, body=SECRET):
    return actions.save_note(
        actor(world.alice),
        world.carol,
        {"session": 2, "held_on": date(2026, 3, 3), "body": body},
    )


def test_the_database_holds_no_plain_text(world):
    note = note_for(world)
    person = Person.objects.create(
        client=world.carol,
        name="Marco",
        relationship="partner",
        ring="inner",
        satisfying="Kind when calm",
    )
    stored = raw("ipt_note", "body", note.pk)
    assert stored.startswith("fernet:") and "funeral" not in stored
    assert "Marco" not in raw("ipt_person", "name", person.pk)
    assert Note.objects.get(pk=note.pk).body == SECRET
    assert note.phase == "initial" and note.agenda


def test_rotation_re_encrypts_under_the_new_key_and_old_keys_still_read(world):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(CONFIDE_NOTE_KEYS=old):
        note = note_for(world)
        before = raw("ipt_note", "body", note.pk)
    with override_settings(CONFIDE_NOTE_KEYS=f"{new},{old}"):
        assert Note.objects.get(pk=note.pk).body == SECRET  # the old key still decrypts
        call_command("rotate_note_keys", stdout=StringIO())
        after = raw("ipt_note", "body", note.pk)
        assert after != before
    with override_settings(CONFIDE_NOTE_KEYS=new):  # the old key retired
        assert Note.objects.get(pk=note.pk).body == SECRET
    with override_settings(CONFIDE_NOTE_KEYS=old), pytest.raises(ImproperlyConfigured):
        Note.objects.get(pk=note.pk)


def test_production_refuses_to_run_without_keys():
    with (
        override_settings(
            DEBUG=False, SETTINGS_MODULE="confide.settings.production", CONFIDE_NOTE_KEYS=""
        ),
        pytest.raises(ImproperlyConfigured, match="CONFIDE_NOTE_KEYS"),
    ):
        crypto.encrypt("x")
    with override_settings(CONFIDE_NOTE_KEYS="not-a-key"), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("x")


def test_a_signed_note_is_locked_and_amended_only_by_addenda(world):
    note = note_for(world)
    with pytest.raises(ValidationError) as exc:
        actions.add_addendum(actor(world.alice), world.carol, note, "Too early")
    assert "body" in exc.value.message_dict
    actions.sign_note(actor(world.alice), world.carol, note)
    with pytest.raises(ValidationError) as exc:
        actions.save_note(
            actor(world.alice),
            world.carol,
            {"session": 2, "held_on": date(2026, 3, 3), "body": "changed"},
            note,
        )
    assert "locked" in exc.value.message_dict["body"][0]
    actions.add_addendum(actor(world.alice), world.carol, note, "She called to add: X")
    assert Note.objects.get(pk=note.pk).body == SECRET
    addendum = Addendum.objects.get(note=note)
    assert addendum.body == "She called to add: X"
    assert "called" not in raw("ipt_addendum", "body", addendum.pk)


def test_bad_note_input_names_fields(world):
    with pytest.raises(ValidationError) as exc:
        actions.save_note(
            actor(world.alice),
            world.carol,
            {"session": 30, "held_on": date(2999, 1, 1), "body": " "},
        )
    assert set(exc.value.message_dict) == {"session", "held_on", "body"}
    assert not Note.objects.exists()
