"""How the account e-mails read: the invitation, the password reset, a renewal request.

Each renderer runs when the message is sent: the invitation's token and the reset link are
made here and exist only in the e-mail. No message says anything about anyone's health.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from confide.accounts import actions
from confide.accounts.models import Invitation, Role, User
from confide.notify.messages import Message, Skip, renderer
from confide.notify.models import Notification
from confide.practice.info import practice_info


def absolute(path: str) -> str:
    return settings.CONFIDE_BASE_URL.rstrip("/") + path


def _invitation(notification: Notification) -> Invitation | None:
    pk = notification.params.get("invitation")
    return Invitation.objects.select_related("user").filter(pk=pk).first()


@renderer(actions.INVITATION_KIND)
def invitation(notification: Notification) -> Message:
    found = _invitation(notification)
    if found is None or not found.is_usable or not found.user.is_active:
        raise Skip
    token = actions.issue_token(found)
    practice = practice_info()
    user = found.user
    context = {
        "name": user.first_name or "there",
        "practice": practice,
        "url": absolute(reverse("accounts:invitation", args=[token])),
        "days": actions.invite_days(),
        "username": user.get_username(),
        "staff": user.is_staff_member or user.is_staff,
        "guardian": user.role == Role.GUARDIAN,
    }
    return Message(
        subject=f"Your account at {practice.name}",
        text=render_to_string("accounts/email/invitation.txt", context),
    )


@renderer(actions.RESET_KIND)
def password_reset(notification: Notification) -> Message:
    user = User.objects.filter(uuid=notification.params.get("user")).first()
    if user is None or not user.is_active or not user.has_usable_password():
        raise Skip
    practice = practice_info()
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "name": user.first_name or "there",
        "practice": practice,
        "url": absolute(path),
        "username": user.get_username(),
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    return Message(
        subject=f"Reset your password at {practice.name}",
        text=render_to_string("accounts/email/password_reset.txt", context),
    )


@renderer(actions.RENEWAL_KIND)
def renewal_requested(notification: Notification) -> Message:
    found = _invitation(notification)
    if found is None or found.used_at is not None:
        raise Skip
    user = found.user
    if user.is_portal_user:
        from confide.practice.access import portal_clients

        client = portal_clients(user).first()
        path = reverse("staff:client", args=[client.pk]) if client else reverse("staff:clients")
    else:
        path = reverse("admin:accounts_user_change", args=[user.pk])
    context = {"url": absolute(path), "practice": practice_info()}
    return Message(
        subject="A new sign-in link was asked for",
        text=render_to_string("accounts/email/renewal_requested.txt", context),
    )
