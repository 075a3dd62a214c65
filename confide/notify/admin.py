from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from confide.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by the actions that cause them."""

    list_display = ["queued_at", "kind", "channel", "recipient_role", "status", "sent_at"]
    list_filter = ["status", "channel", "kind"]
    exclude = ["params"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
