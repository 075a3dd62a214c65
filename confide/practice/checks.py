"""System checks: the crisis lines read well, and production holds no demo accounts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from confide.practice.crisis import parse

DEMO_EMAIL_DOMAIN = "@demo.confide.example"


def demo_accounts_present() -> bool:
    from confide.accounts.models import User

    try:
        return User.objects.filter(email__endswith=DEMO_EMAIL_DOMAIN).exists()
    except DatabaseError:  # not migrated yet: nothing to refuse
        return False


@register(Tags.security, deploy=True)
def check_no_demo_accounts(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.DEBUG or not demo_accounts_present():
        return []
    return [
        Error(
            "Demo accounts (published password) exist in this database.",
            hint="Remove users with emails ending in @demo.confide.example before going live.",
            id="confide.E001",
        )
    ]


@register()
def check_crisis_lines(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every page that shows crisis help reads these: refuse to start with a broken value."""
    try:
        parse(settings.CONFIDE_CRISIS)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="See confide/practice/crisis.py.", id="confide.E002")]
    return []
