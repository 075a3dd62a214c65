"""The demo practice: realistic, idempotent, and refused in production."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from confide.accounts.models import User
from confide.practice.checks import check_no_demo_accounts
from confide.practice.models import Client, Clinician, Location

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_the_demo_loads_a_realistic_practice_and_prints_every_role(capsys):
    call_command("load_demo")
    call_command("load_demo")  # twice: nothing is duplicated
    out = capsys.readouterr().out
    assert Location.objects.count() == 2
    assert 8 <= Clinician.objects.count() <= 12
    assert Client.objects.count() >= 40
    populations = {c.population for c in Client.objects.all()}
    assert populations == {"children", "adolescents", "adults"}
    assert Client.objects.filter(perinatal=True).exists()
    for username in ("admin", "intake", "dr.rivera", "client"):
        assert username in out
    assert "recovery codes:" in out


def test_the_demo_refuses_to_load_without_debug():
    with pytest.raises(CommandError, match="development only"):
        call_command("load_demo")


@override_settings(DEBUG=True)
def test_a_production_check_refuses_a_database_with_demo_accounts():
    call_command("load_demo")
    with override_settings(DEBUG=False):
        errors = check_no_demo_accounts()
    assert [e.id for e in errors] == ["confide.E001"]
    User.objects.filter(email__endswith="@demo.confide.example").delete()
    with override_settings(DEBUG=False):
        assert check_no_demo_accounts() == []
