from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html

from confide.pages.models import ExpertQuestion, Page, QuestionStatus


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "display_order", "updated_at"]
    list_editable = ["published", "display_order"]
    list_filter = ["published"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at", "preview"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "published", "display_order"]}),
        ("As visitors see it (after saving)", {"fields": ["preview", "updated_at"]}),
    ]

    @admin.display(description="Rendered body")
    def preview(self, obj: Page) -> str:
        if obj.pk is None:
            return "Save the page to see it rendered."
        # body_html() is sanitised by nh3 before it is marked safe.
        return format_html('<div class="page-preview">{}</div>', obj.body_html())


@admin.register(ExpertQuestion)
class ExpertQuestionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "name", "email", "status", "handled_by"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["id", "created_at", "handled_by", "handled_at"]
    fields = [
        "id",
        "created_at",
        "name",
        "email",
        "phone",
        "question",
        "status",
        "handled_by",
        "handled_at",
    ]

    def save_model(
        self, request: HttpRequest, obj: ExpertQuestion, form: object, change: bool
    ) -> None:
        # Record who handled a question the moment it leaves "new".
        if obj.status != QuestionStatus.NEW and obj.handled_at is None:
            obj.handled_by = request.user  # type: ignore[assignment]
            obj.handled_at = timezone.now()
        super().save_model(request, obj, form, change)
