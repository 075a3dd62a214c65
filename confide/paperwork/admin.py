"""The practice edits its document texts here. Saving a changed text publishes a new
version (through actions.publish_template); published versions and signed documents are
read-only everywhere."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from confide.audit.actor import Actor, Via
from confide.paperwork import actions
from confide.paperwork.models import Document, DocumentTemplate, TemplateVersion


class VersionInline(admin.TabularInline):
    model = TemplateVersion
    fields = ["number", "title", "published_at", "published_by", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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
class DocumentTemplateAdmin(admin.ModelAdmin):
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

    def save_model(
        self, request: HttpRequest, obj: DocumentTemplate, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        try:
            version = actions.publish_template(
                Actor.from_request(request, Via.ADMIN),
                obj,
                title=data["title"],
                body=data["body"],
                active=data["active"],
                needs_counsel_review=data["needs_counsel_review"],
            )
        except ValidationError as exc:  # checked by the form already; a race at most
            messages.error(request, " ".join(exc.messages))
            return
        if version is not None and version.number > 1:
            messages.info(
                request,
                f"Version {version.number} published. Everyone who signed an earlier version "
                "is asked to sign it again.",
            )


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: documents are sent and signed through the portal and the staff pages."""

    list_display = ["title", "client", "status", "signed_at", "signer_name"]
    list_filter = ["status", "kind"]
    fields = [
        "client", "title", "kind", "version", "status", "signer_role", "signed_at", "signer_name",
        "signer_capacity", "signer_ip", "user_agent", "content_sha256", "revoked_at",
        "revocation_reason",
    ]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> Any:
        from confide.practice.models import Client

        return (
            super().get_queryset(request).filter(client__in=Client.objects.visible_to(request.user))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
