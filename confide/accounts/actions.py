"""Changes to accounts made by the practice admin (the admin is their only door).

A role decides what a person may see, so every change to an account is audited with the
fields that changed (never a password, which is stored only hashed anyway).
"""

from __future__ import annotations

from collections.abc import Iterable

from confide.accounts.models import User
from confide.audit.actor import Actor
from confide.core.records import delete_setup, save_setup


def save_account(actor: Actor, user: User, changed: Iterable[str] = ()) -> User:
    """Save a new or changed account (its role, whether it is active, its name)."""
    return save_setup(actor, user, changed, what="accounts")


def delete_account(actor: Actor, user: User) -> None:
    delete_setup(actor, user, what="accounts")
