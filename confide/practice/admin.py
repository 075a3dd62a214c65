from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.practice.models import (
    Assignment,
    BreakGlass,
    Client,
    Clinician,
    Location,
    OpeningHours,
    Room,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "region", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, RoomInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    autocomplete_fields = ["clinician"]


@admin.register(Clinician)
class ClinicianAdmin(admin.ModelAdmin):
    list_display = ["display_name", "accepting_new_clients", "active"]
    list_filter = ["active", "accepting_new_clients", "populations", "modalities", "locations"]
    search_fields = ["first_name", "last_name"]
    filter_horizontal = ["populations", "problem_areas", "modalities", "languages", "locations"]


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    """Contact details only; clinical content is not in the admin. Reads and changes are
    audited like everywhere else, and the list is the same `visible_to` set."""

    list_display = ["full_name", "date_of_birth", "status"]
    list_filter = ["status", "perinatal"]
    search_fields = ["first_name", "last_name", "email"]
    inlines = [AssignmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Client]:
        return Client.objects.visible_to(request.user)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        client = self.get_queryset(request).filter(pk=object_id).first()
        if client is not None and request.method == "GET":
            record(Action.READ, request=request, obj=client, client_id=client.pk, via="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Client, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        action = Action.UPDATE if change else Action.CREATE
        detail = "Changed: " + ", ".join(form.changed_data) if change else ""
        record(action, request=request, obj=obj, client_id=obj.pk, via="admin", detail=detail)

    def delete_model(self, request: HttpRequest, obj: Client) -> None:
        record(Action.DELETE, request=request, obj=obj, client_id=obj.pk, via="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Client]) -> None:
        record_many(
            Action.DELETE, list(queryset), request=request, via="admin", client_of=lambda c: c.pk
        )
        super().delete_queryset(request, queryset)


@admin.register(BreakGlass)
class BreakGlassAdmin(admin.ModelAdmin):
    list_display = ["granted_at", "user", "client", "expires_at"]
    readonly_fields = ["user", "client", "reason", "granted_at", "expires_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
