"""The practice in the admin: every save and delete goes through practice/actions.py."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.admin import ActionAdmin, ActionInline, ReadOnlyAdmin, admin_actor
from confide.practice import actions
from confide.practice.models import (
    Assignment,
    BreakGlass,
    Client,
    Clinician,
    Location,
    OpeningHours,
    Room,
)


class PlaceInline(ActionInline):
    extra = 0

    def save_row(self, actor: Actor, parent: Any, obj: Any, changed: list[str]) -> None:
        actions.save_place(actor, obj, changed)

    def delete_row(self, actor: Actor, parent: Any, obj: Any) -> None:
        actions.delete_place(actor, obj)


class OpeningHoursInline(PlaceInline):
    model = OpeningHours


class RoomInline(PlaceInline):
    model = Room


@admin.register(Location)
class LocationAdmin(ActionAdmin):
    list_display = ["name", "city", "region", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OpeningHoursInline, RoomInline]

    def save_action(self, actor: Actor, obj: Location, form: ModelForm, change: bool) -> Any:
        return actions.save_place(actor, obj, form.changed_data)

    def delete_action(self, actor: Actor, obj: Location) -> None:
        actions.delete_place(actor, obj)


class AssignmentInline(ActionInline):
    """Assigning a clinician opens the client's clinical record to them: the action audits
    whom, by name."""

    model = Assignment
    extra = 0
    autocomplete_fields = ["clinician"]

    def save_row(self, actor: Actor, parent: Client, obj: Assignment, changed: list[str]) -> None:
        if obj.pk is not None and "clinician" in changed:
            before = Assignment.objects.select_related("clinician").get(pk=obj.pk)
            actions.unassign_clinician(actor, parent, before.clinician)
        actions.assign_clinician(actor, parent, obj.clinician, primary=obj.primary)

    def delete_row(self, actor: Actor, parent: Client, obj: Assignment) -> None:
        actions.unassign_clinician(actor, parent, obj.clinician)


def _changes(form: ModelForm, fields: list[str]) -> dict[str, Any]:
    """What the admin's form changed, as the action takes it."""
    return {name: form.cleaned_data[name] for name in form.changed_data if name in fields}


@admin.register(Clinician)
class ClinicianAdmin(ActionAdmin):
    list_display = ["display_name", "accepting_new_clients", "active"]
    list_filter = ["active", "accepting_new_clients", "populations", "modalities", "locations"]
    search_fields = ["first_name", "last_name"]
    filter_horizontal = ["populations", "problem_areas", "modalities", "languages", "locations"]

    def save_action(self, actor: Actor, obj: Clinician, form: ModelForm, change: bool) -> Any:
        fields = [*actions.CLINICIAN_FIELDS, *actions.TAGS]
        if not change:
            return actions.create_clinician(actor, _changes(form, fields))
        stored = Clinician.objects.get(pk=obj.pk)
        return actions.update_clinician(actor, stored, _changes(form, fields))

    def delete_action(self, actor: Actor, obj: Clinician) -> None:
        actions.delete_clinician(actor, obj)


@admin.register(Client)
class ClientAdmin(ActionAdmin):
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
            record(Action.READ, actor=admin_actor(request), obj=client, client_id=client.pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_action(self, actor: Actor, obj: Client, form: ModelForm, change: bool) -> Any:
        if not change:
            return actions.create_client(actor, _changes(form, actions.CLIENT_FIELDS))
        stored = Client.objects.get(pk=obj.pk)
        return actions.update_client(actor, stored, _changes(form, actions.CLIENT_FIELDS))

    def delete_action(self, actor: Actor, obj: Client) -> None:
        actions.delete_client(actor, obj)


@admin.register(BreakGlass)
class BreakGlassAdmin(ReadOnlyAdmin):
    """Granted from the client's page (with a reason), never here."""

    list_display = ["granted_at", "user", "client", "expires_at"]
    readonly_fields = ["user", "client", "reason", "granted_at", "expires_at"]
