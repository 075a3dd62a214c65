"""The practice edits its document texts here. Saving a changed text publishes a new
version (through actions.publish_template); published versions and signed documents are
read-only everywhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import ModelForm
from django.http import HttpRequest

from confide.audit.actor import Actor
from confide.core.admin import ActionAdmin, ActionInline, ReadOnlyAdmin
from confide.paperwork import actions
from confide.paperwork.models import Document, DocumentTemplate, TemplateVersion
from confide.practice.models import Client


class VersionInline(ActionInline):
    """Published versions, shown and never changed: a new one comes from saving the text."""

    model = TemplateVersion
    fields = ("number", "title", "published_at", "published_by", "sha256")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_row(self, actor: Actor, parent: Any, obj: Any, changed: list[str]) -> None:
        raise PermissionDenied("A published version never changes.")

    def delete_row(self, actor: Actor, parent: Any, obj: Any) -> None:
        raise PermissionDenied("A published version is never removed.")


class TemplateForm(forms.ModelForm):
    class Meta:
        model = DocumentTemplate
        fields = ["title", "body", "active", "needs_counsel_review"]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        try:
            actions.check_template_text(self.instance.kind, body)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["body"]) from None
        return body


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(ActionAdmin):
    form = TemplateForm
    list_display = ["title", "kind", "active", "needs_counsel_review", "updated_at"]
    list_filter = ["active", "needs_counsel_review"]
    fields = ["kind", "title", "body", "active", "needs_counsel_review"]
    readonly_fields = ["kind"]
    inlines = [VersionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one template per kind, made by the migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_action(
        self, actor: Actor, obj: DocumentTemplate, form: ModelForm, change: bool
    ) -> DocumentTemplate:
        data = form.cleaned_data
        actions.publish_template(
            actor,
            obj,
            title=data["title"],
            body=data["body"],
            active=data["active"],
            needs_counsel_review=data["needs_counsel_review"],
        )
        return obj

    def delete_action(self, actor: Actor, obj: DocumentTemplate) -> None:
        raise PermissionDenied("A document template is never removed; make it inactive.")

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        before = obj.current
        super().save_model(request, obj, form, change)
        version = obj.current
        if before is not None and version is not None and version.pk != before.pk:
            messages.info(
                request,
                f"Version {version.number} published. Everyone who signed an earlier version "
                "is asked to sign it again.",
            )


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    """Documents are sent and signed through the portal and the staff pages."""

    list_display = ["title", "client", "status", "signed_at", "signer_name"]
    list_filter = ["status", "kind"]
    fields = (
        "client", "title", "kind", "version", "status", "signer_role", "signed_at", "signer_name",
        "signer_capacity", "signer_ip", "user_agent", "content_sha256", "revoked_at",
        "revocation_reason",
    )  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        visible = Client.objects.visible_to(request.user)
        return super().get_queryset(request).filter(client__in=visible)
