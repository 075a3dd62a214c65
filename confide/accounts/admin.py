"""People who sign in, in the admin: saved and removed through accounts/actions.py; API
tokens are shown, never changed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest

from confide.accounts import actions as account_actions
from confide.accounts.models import ApiToken, User
from confide.audit.actor import Actor
from confide.core.admin import ActionAdmin, ReadOnlyAdmin, admin_actor


@admin.register(User)
class ConfideUserAdmin(ActionAdmin, UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Role", {"fields": ["role"]}))
    add_fieldsets = (
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "username",
                    "email",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
                "description": "For a new member of staff, choose no password and send them an "
                "invitation from the list of users: they choose their own password, then set "
                "up two-step verification.",
            },
        ),
    )
    actions = ["send_invitation"]

    @admin.action(description="Send an invitation to choose a password")
    def send_invitation(self, request: HttpRequest, queryset: Any) -> None:
        actor = admin_actor(request)
        sent = 0
        for user in queryset:
            try:
                account_actions.invite_staff(actor, user)
            except ValidationError as exc:
                self.message_user(request, f"{user}: {' '.join(exc.messages)}", messages.ERROR)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            else:
                sent += 1
        if sent:
            self.message_user(request, f"Invitations sent: {sent}.", messages.SUCCESS)

    def save_action(self, actor: Actor, obj: User, form: ModelForm, change: bool) -> Any:
        return account_actions.save_account(actor, obj, form.changed_data)

    def delete_action(self, actor: Actor, obj: User) -> None:
        account_actions.delete_account(actor, obj)


TOKEN_FIELDS = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Issued by the API, and only their hash is stored anyway."""

    list_display = tuple(TOKEN_FIELDS)
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["prefix", "user__username"]
    fields = tuple(TOKEN_FIELDS)
    readonly_fields = TOKEN_FIELDS
