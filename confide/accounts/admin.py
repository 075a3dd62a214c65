from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from confide.accounts.actions import invite_staff
from confide.accounts.models import ApiToken, User
from confide.audit.actor import Actor, Via


@admin.register(User)
class ConfideUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ["role"]}))
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
        actor = Actor.from_request(request, Via.ADMIN)
        sent = 0
        for user in queryset:
            try:
                invite_staff(actor, user)
            except ValidationError as exc:
                self.message_user(request, f"{user}: {' '.join(exc.messages)}", messages.ERROR)
            except PermissionDenied as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return
            else:
                sent += 1
        if sent:
            self.message_user(request, f"Invitations sent: {sent}.", messages.SUCCESS)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are issued by the API, and only their hash is stored anyway."""

    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["prefix", "user__username"]
    fields = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
