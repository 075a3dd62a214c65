from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html

from confide.audit.actor import Actor
from confide.core.admin import ActionAdmin
from confide.pages import actions
from confide.pages.models import ExpertQuestion, Page


@admin.register(Page)
class PageAdmin(ActionAdmin):
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

    def save_action(self, actor: Actor, obj: Page, form: ModelForm, change: bool) -> Any:
        return actions.save_page(actor, obj, form.changed_data)

    def delete_action(self, actor: Actor, obj: Page) -> None:
        actions.delete_page(actor, obj)


@admin.register(ExpertQuestion)
class ExpertQuestionAdmin(ActionAdmin):
    """What the person sent is shown as sent; only how it was handled changes here."""

    list_display = ["created_at", "name", "email", "status", "handled_by"]
    list_filter = ["status", "created_at"]
    search_fields = ["name", "email"]
    date_hierarchy = "created_at"
    fields = (
        "id",
        "created_at",
        "name",
        "email",
        "phone",
        "question",
        "status",
        "handled_by",
        "handled_at",
    )
    readonly_fields = tuple(f for f in fields if f != "status")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # questions come from the public form

    def save_action(self, actor: Actor, obj: ExpertQuestion, form: ModelForm, change: bool) -> Any:
        stored = ExpertQuestion.objects.get(pk=obj.pk)
        if "status" in form.changed_data:
            return actions.handle_question(actor, stored, form.cleaned_data["status"])
        return stored

    def delete_action(self, actor: Actor, obj: ExpertQuestion) -> None:
        actions.delete_question(actor, obj)
