"""Changes to accounts: invitations, setting and resetting a password, closing an account,
and the practice admin's own edits of an account.

Every door (the portal, the staff pages, the admin, the API) calls these with an `Actor`, so
the rules and the audit trail are the same whichever way a change arrives. A role decides what
a person may see, so every change to an account is audited with the fields that changed (never
a password, which is stored only hashed anyway).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from confide.accounts import sessions, tokens
from confide.accounts.models import Invitation, Role, User
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.records import delete_setup, save_setup
from confide.notify.actions import notify
from confide.notify.models import Channel

INVITATION_KIND = "account_invitation"
RENEWAL_KIND = "invitation_renewal_requested"
RESET_KIND = "password_reset"


def invite_days() -> int:
    return int(settings.CONFIDE_INVITE_DAYS)


def hash_token(token: str) -> str:
    """Tokens are 256 random bits: a plain SHA-256 leaves nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


def username_for(email: str) -> str:
    """A new account's username: its e-mail address, made unique if someone already has it
    (a parent who is a client here too gets a second, guardian account)."""
    base = email.strip().lower()[:140] or "user"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def new_account(*, email: str, first_name: str, last_name: str, role: str) -> User:
    """An account that cannot sign in until its invitation sets a password."""
    user = User(
        username=username_for(email),
        email=email.strip(),
        first_name=first_name[:150],
        last_name=last_name[:150],
        role=role,
    )
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def send_invitation(actor: Actor, user: User, *, client_id: Any = None) -> Invitation:
    """Send `user` a one-time link to set their password; an earlier link stops working.

    The caller has decided that this account may be invited (staff by an admin, portal
    accounts by access.may_invite). The e-mail is queued with this change and sent after it.
    """
    if not user.email:
        raise ValidationError({"email": "This person has no e-mail address to send a link to."})
    if not user.is_active:
        raise ValidationError({"email": "This account is closed; reopen it before inviting."})
    now = timezone.now()
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    invitation = Invitation.objects.create(
        user=user,
        created_at=now,
        expires_at=now + timedelta(days=invite_days()),
        created_by=actor.user if actor.is_authenticated else None,
    )
    notify(
        INVITATION_KIND,
        channel=Channel.EMAIL,
        to=user.email,
        key=f"invitation:{invitation.pk}",
        recipient=user,
        recipient_role=user.role,
        params={"invitation": str(invitation.pk)},
        about=invitation,
        client_id=client_id,
    )
    record(
        Action.CREATE,
        actor=actor,
        obj=invitation,
        client_id=client_id,
        detail=f"Invitation sent to a {user.get_role_display().lower() or 'new'} account",
    )
    return invitation


def invite_staff(actor: Actor, user: User) -> Invitation:
    """An admin invites a staff account (it sets up its second factor on first sign-in)."""
    if actor.role != Role.ADMIN:
        raise PermissionDenied("Only a practice admin can invite staff.")
    if user.role not in (Role.ADMIN, Role.INTAKE, Role.CLINICIAN) and not user.is_staff:
        raise ValidationError({"role": "Give the account a staff role before inviting it."})
    return send_invitation(actor, user)


def issue_token(invitation: Invitation) -> str:
    """Mint the link's token as its e-mail is written; keep only the hash."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at"])
    return token


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation this token belongs to, whatever its state (the page says which)."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("user").filter(token_hash=hash_token(token)).first()


def invitation_by_id(pk: Any) -> Invitation | None:
    """The invitation a browser holds in its session (after `invitation_for_token`)."""
    try:
        return Invitation.objects.select_related("user").filter(pk=pk).first() if pk else None
    except (ValidationError, ValueError, TypeError):
        return None


def _set_password(user: User, password: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def accept_invitation(actor: Actor, invitation: Invitation, password: str) -> User:
    """Set the invited account's password (the sign-in rules apply) and spend the link.

    The row is locked and checked again: two tabs sending the form at once set it once.
    """
    fresh = Invitation.objects.select_for_update().select_related("user").get(pk=invitation.pk)
    if not fresh.is_usable:
        raise ValidationError({"invitation": f"This link has {_state_words(fresh.state)}."})
    user = fresh.user
    if not user.is_active:
        raise ValidationError({"invitation": "This account is closed."})
    _set_password(user, password)
    fresh.used_at = timezone.now()
    fresh.save(update_fields=["used_at"])
    record(
        Action.UPDATE,
        actor=Actor(user=user, via=actor.via, ip=actor.ip),
        obj=fresh,
        detail="Invitation accepted; password set",
    )
    return user


def _state_words(state: str) -> str:
    return {"used": "already been used", "replaced": "been replaced by a newer one"}.get(
        state, "expired"
    )


@transaction.atomic
def ask_for_new_invitation(actor: Actor, invitation: Invitation) -> bool:
    """Someone holding an expired or replaced link asks the practice for a new one.

    The practice is told (no name, no health detail, a link to the account only); asking
    again for the same link tells it once. Returns whether the practice was told now.
    """
    if invitation.used_at is not None:
        return False
    claimed = Invitation.objects.filter(pk=invitation.pk, renewal_requested_at__isnull=True).update(
        renewal_requested_at=timezone.now()
    )
    if not claimed:
        return False
    practice_email = settings.CONFIDE_PRACTICE.get("email", "")
    notify(
        RENEWAL_KIND,
        channel=Channel.EMAIL,
        to=practice_email,
        key=f"invitation-renewal:{invitation.pk}",
        recipient_role="practice",
        params={"invitation": str(invitation.pk)},
        about=invitation,
    )
    record(Action.UPDATE, actor=actor, obj=invitation, detail="A new invitation link was asked for")
    return True


# --- password reset --------------------------------------------------------------------


def queue_password_reset(actor: Actor, user: User, request_id: str) -> None:
    """Queue the reset e-mail; Django's token generator makes its link when it is written."""
    notify(
        RESET_KIND,
        channel=Channel.EMAIL,
        to=user.email,
        key=f"password-reset:{user.pk}:{request_id}",
        recipient=user,
        recipient_role=user.role,
        params={"user": str(user.uuid)},
        about=user,
    )
    record(Action.UPDATE, actor=actor, obj=user, detail="Password reset link sent")


@transaction.atomic
def reset_password(actor: Actor, user: User, password: str) -> User:
    """Set a new password after a reset: every other session and every API token ends.

    The second factor stays as it was: a staff account still needs its app (or a recovery
    code) at the next sign-in. The reset itself never signs anyone in.
    """
    _set_password(user, password)
    end_access(user)
    record(
        Action.UPDATE,
        actor=Actor(user=user, via=actor.via, ip=actor.ip),
        obj=user,
        detail="Password reset; other sessions and API tokens ended",
    )
    return user


def end_access(user: User) -> int:
    """End the account's sessions and revoke its API tokens; return how many tokens were
    revoked."""
    sessions.end_sessions(user)
    return tokens.revoke_all(user)


@transaction.atomic
def close_account(actor: Actor, user: User, *, reason: str, client_id: Any = None) -> User:
    """Close an account: it cannot sign in, its sessions and tokens end, its links stop.

    The caller has checked permission (access.may_close_portal for portal accounts).
    """
    now = timezone.now()
    user.is_active = False
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user).pending().update(revoked_at=now)
    end_access(user)
    record(Action.UPDATE, actor=actor, obj=user, client_id=client_id, detail=reason[:300])
    return user


def reopen_account(actor: Actor, user: User, *, client_id: Any = None) -> User:
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(Action.UPDATE, actor=actor, obj=user, client_id=client_id, detail="Account reopened")
    return user


# --- the practice admin's edits ---------------------------------------------------------


def save_account(actor: Actor, user: User, changed: Iterable[str] = ()) -> User:
    """Save a new or changed account (its role, whether it is active, its name)."""
    return save_setup(actor, user, changed, what="accounts")


def delete_account(actor: Actor, user: User) -> None:
    delete_setup(actor, user, what="accounts")
