"""People who sign in, in the admin: saved and removed through accounts/actions.py; API
tokens are shown, never changed here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.forms import ModelForm

from confide.accounts import actions
from confide.accounts.models import ApiToken, User
from confide.audit.actor import Actor
from confide.core.admin import ActionAdmin, ReadOnlyAdmin


@admin.register(User)
class ConfideUserAdmin(ActionAdmin, UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Role", {"fields": ["role"]}))

    def save_action(self, actor: Actor, obj: User, form: ModelForm, change: bool) -> Any:
        return actions.save_account(actor, obj, form.changed_data)

    def delete_action(self, actor: Actor, obj: User) -> None:
        actions.delete_account(actor, obj)


TOKEN_FIELDS = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Issued by the API, and only their hash is stored anyway."""

    list_display = tuple(TOKEN_FIELDS)
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["prefix", "user__username"]
    fields = tuple(TOKEN_FIELDS)
    readonly_fields = TOKEN_FIELDS
