"""System checks: the crisis lines read well, and production runs neither on the demo practice
nor with its published password.

The demo is recognised by what it is, a marker `load_demo` writes before anything else
(practice.DemoData), not by anything that could be renamed; an account by the flag set with its
password (accounts.User.published_password). `confide/wsgi.py` refuses to start on either.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from confide.practice.crisis import parse


def demo_data_present() -> bool:
    from confide.practice.models import DemoData

    try:
        return DemoData.objects.exists()
    except DatabaseError:  # not migrated yet: nothing to refuse
        return False


def published_password_accounts() -> list[str]:
    """Usernames of active accounts whose password is one printed with the demo."""
    from confide.accounts.models import User

    try:
        found = User.objects.filter(published_password=True, is_active=True)
        return list(found.order_by("username").values_list("username", flat=True)[:20])
    except DatabaseError:
        return []


def refusals() -> list[Error]:
    """Why this database must not be served in production (empty: it may)."""
    errors = []
    if demo_data_present():
        errors.append(
            Error(
                "This database holds Confide's demo practice (loaded by `manage.py load_demo`).",
                hint="Start production from an empty database; the demo's accounts, secrets "
                "and second factors are published.",
                id="confide.E001",
            )
        )
    if usernames := published_password_accounts():
        errors.append(
            Error(
                "These accounts use the demo's published password: " + ", ".join(usernames),
                hint="Set each a new password (`manage.py changepassword <username>`) or "
                "deactivate it.",
                id="confide.E003",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_no_demo_data(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    return [] if settings.DEBUG else refusals()


@register()
def check_crisis_lines(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every page that shows crisis help reads these: refuse to start with a broken value."""
    try:
        parse(settings.CONFIDE_CRISIS)
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="See confide/practice/crisis.py.", id="confide.E002")]
    return []
