from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from confide.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the trail through Confide."""

    list_display = ["at", "actor_username", "actor_role", "action", "object_type", "ip", "via"]
    list_filter = ["action", "actor_role", "via"]
    search_fields = ["actor_username", "object_id", "client_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
