"""A new client is invited to the portal: a one-time link to choose a password, sent through
the outbox with only its hash stored, landing in the portal with the paperwork packet."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from confide.accounts import actions as accounts
from confide.accounts.models import Invitation, Role
from confide.audit.models import AuditEvent
from confide.notify.models import Notification
from tests.factories import actor, sign_in
from tests.factories.onboarding import NEW_PASSWORD, accept, invite, link_in, mail_to

pytestmark = pytest.mark.django_db


def test_an_invited_client_chooses_a_password_and_lands_in_the_portal(
    practice, client, django_capture_on_commit_callbacks
):
    invited = invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    [message] = mail_to("marisol@example.com")
    assert message.subject == "Your account at Greenwich Psychology Group"
    assert "marisol@example.com" in message.body  # the username to sign in with
    invitation = invited.invitations[0]
    invitation.refresh_from_db()
    # Only the hash is stored, and the queued notification holds no token.
    token = link_in(message).rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == accounts.hash_token(token) and token not in str(
        Notification.objects.get(kind="account_invitation").params
    )
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)

    response = accept(client, message)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    page = client.get("/portal/")
    assert "Read and sign: Informed consent to treatment" in page.content.decode()
    user = practice.adult.__class__.objects.get(pk=practice.adult.pk).user
    assert user.role == Role.CLIENT and user.check_password(NEW_PASSWORD)


def test_the_link_leaves_the_address_bar_before_the_form_is_shown(
    practice, client, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    response = client.get(link_in(mail.outbox[0]))
    assert response["Location"] == reverse("accounts:invitation_welcome")
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_weak_password_is_refused_naming_the_field(
    practice, client, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    response = accept(client, mail.outbox[0], password="short")
    assert response.status_code == 422
    assert "New password again: This password is too short" in response.content.decode()
    assert Invitation.objects.get().used_at is None


def test_a_used_link_says_so_and_points_to_sign_in_and_reset(
    practice, client, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    accept(client, mail.outbox[0])
    client.logout()
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.status_code == 410
    body = response.content.decode()
    assert "already been used" in body and reverse("password_reset") in body


def test_an_expired_link_offers_a_new_one_through_the_practice(
    practice, client, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert response.status_code == 410 and "has expired" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:invitation_ask_again"))
        client.post(reverse("accounts:invitation_ask_again"))  # asked twice: told once
    [told] = mail_to("hello@greenwichpsychology.example")
    assert "Marisol" not in told.body and "/staff/clients/" in told.body
    # The practice sends a new one; the old link now says it was replaced.
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    assert len(mail_to("marisol@example.com")) == 2


def test_a_newer_invitation_replaces_the_older_link(
    practice, client, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    first = mail_to("marisol@example.com")[0]
    with django_capture_on_commit_callbacks(execute=True):
        accounts.send_invitation(actor(practice.intake), practice.adult.user)
    response = client.get(link_in(first), follow=True)
    assert response.status_code == 410 and "newer invitation" in response.content.decode()


def test_an_unknown_link_is_gone(db, client):
    response = client.get(reverse("accounts:invitation", args=["not-a-real-token"]))
    assert response.status_code == 410


def test_a_staff_member_is_invited_by_an_admin_then_sets_up_the_second_factor(
    practice, client, django_capture_on_commit_callbacks
):
    new = practice.admin.__class__.objects.create_user(
        username="newcomer", email="newcomer@practice.example", role=Role.CLINICIAN
    )
    new.set_unusable_password()
    new.save()
    with pytest.raises(PermissionDenied):
        accounts.invite_staff(actor(practice.intake), new)
    with django_capture_on_commit_callbacks(execute=True):
        accounts.invite_staff(actor(practice.admin), new)
    [message] = mail_to("newcomer@practice.example")
    assert "two-step verification" in message.body
    response = accept(client, message)
    assert response["Location"] == "/staff/"
    # The password alone opens nothing: the second factor is set up first.
    assert client.get("/staff/")["Location"].startswith(reverse("accounts:setup"))


def test_the_admin_action_invites_staff(practice, client, django_capture_on_commit_callbacks):
    new = practice.admin.__class__.objects.create_user(
        username="newcomer", email="newcomer@practice.example", role=Role.INTAKE
    )
    sign_in(client, practice.admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_invitation", "_selected_action": [new.pk]},
        )
    assert len(mail_to("newcomer@practice.example")) == 1
    assert AuditEvent.objects.filter(object_type="invitation", via="admin").exists()


def test_staff_invite_a_client_from_the_client_page(
    practice, client, django_capture_on_commit_callbacks
):
    sign_in(client, practice.intake)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("paperwork_staff:invite", args=[practice.adult.pk]), follow=True
        )
    assert "Invitation sent, with the paperwork packet." in response.content.decode()
    assert len(mail_to("marisol@example.com")) == 1
    page = client.get(reverse("staff:client", args=[practice.adult.pk])).content.decode()
    assert "Invited; the link works until" in page and "0 of 9 done" in page


def test_a_client_without_an_address_cannot_be_invited(practice, client):
    practice.adult.email = ""
    practice.adult.save()
    sign_in(client, practice.intake)
    response = client.post(reverse("paperwork_staff:invite", args=[practice.adult.pk]), follow=True)
    assert "no e-mail address" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_clinician_invites_only_their_own_clients(practice, client):
    sign_in(client, practice.bob)
    response = client.post(reverse("paperwork_staff:invite", args=[practice.adult.pk]))
    assert response.status_code == 404
