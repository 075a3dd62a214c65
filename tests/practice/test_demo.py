"""The demo practice: realistic, idempotent, and refused in production."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from confide.accounts.demo import DEMO_PASSWORD
from confide.accounts.models import User
from confide.practice.checks import check_no_demo_data
from confide.practice.models import Client, Clinician, DemoData, Location

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
def test_production_refuses_the_demo_by_its_marker_whatever_was_renamed():
    call_command("load_demo")
    # Someone tidies the demo up to look real: new e-mail domain, new passwords.
    for user in User.objects.all():
        user.email = f"{user.username}@greenwichpsychology.example"
        user.set_password("a long and private passphrase")
        user.save()
    with override_settings(DEBUG=False):
        assert [e.id for e in check_no_demo_data()] == ["confide.E001"]
    DemoData.objects.all().delete()
    with override_settings(DEBUG=False):
        assert check_no_demo_data() == []


def test_production_refuses_any_account_with_the_published_password():
    User.objects.create_user("avery", email="avery@practice.example", password=DEMO_PASSWORD)
    User.objects.create_user("blake", password="a long and private passphrase")
    with override_settings(DEBUG=False):
        errors = check_no_demo_data()
    assert [e.id for e in errors] == ["confide.E003"]
    assert "avery" in errors[0].msg and "blake" not in errors[0].msg
    avery = User.objects.get(username="avery")
    avery.set_password("another private passphrase")
    avery.save()
    with override_settings(DEBUG=False):
        assert check_no_demo_data() == []


def test_the_published_password_cannot_be_chosen():
    from django.contrib.auth.forms import SetPasswordForm

    user = User.objects.create_user("avery", password="a long and private passphrase")
    form = SetPasswordForm(user, {"new_password1": DEMO_PASSWORD, "new_password2": DEMO_PASSWORD})
    assert not form.is_valid()
    assert "published with Confide's demo" in form.errors["new_password2"][0]
