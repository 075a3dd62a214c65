import pytest
from django.db import connection
from django.test import override_settings

from confide.ipt.checks import check_note_keys
from confide.ipt.demo import load_demo
from confide.ipt.models import Formulation, Note, Person
from confide.practice.demo.people import load_people

pytestmark = pytest.mark.django_db


def test_demo_gives_clients_across_populations_an_ipt_record(places):
    load_people()
    clients = load_demo()
    populations = {c.population for c in clients} | {"perinatal" for c in clients if c.perinatal}
    assert {"children", "adolescents", "adults", "perinatal"} <= populations
    assert len(clients) == 5
    assert Formulation.objects.filter(accepted_on__isnull=False).count() == 5
    assert Note.objects.filter(signed_at__isnull=False).count() == 20
    counts = (Person.objects.count(), Note.objects.count())
    load_demo()  # idempotent
    assert (Person.objects.count(), Note.objects.count()) == counts
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM ipt_note")
        assert all(row[0].startswith("fernet:") for row in cursor.fetchall())


def test_the_system_check_refuses_production_without_keys():
    with override_settings(
        DEBUG=False, SETTINGS_MODULE="confide.settings.production", CONFIDE_NOTE_KEYS=""
    ):
        errors = check_note_keys()
    assert [e.id for e in errors] == ["confide.E101"]
    assert check_note_keys() == []
