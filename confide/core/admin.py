"""The admin door: its saves and deletes go through the actions, or it only reads.

`ActionAdmin` replaces the admin's own `obj.save()` / `obj.delete()` (and those of its inlines)
with the app's actions, so the permission check and the audit row are those of every other
door. A model with no action is shown with `ReadOnlyAdmin`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseModelFormSet, ModelForm
from django.http import HttpRequest

from confide.audit.actor import Actor, Via


def admin_actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, Via.ADMIN)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: the rows are written by the actions that cause them."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ActionInline(admin.TabularInline):
    """An inline whose rows are saved and deleted by actions (see `ActionAdmin`)."""

    def save_row(self, actor: Actor, parent: Any, obj: Any, changed: list[str]) -> None:
        raise NotImplementedError

    def delete_row(self, actor: Actor, parent: Any, obj: Any) -> None:
        raise NotImplementedError


class ActionAdmin(admin.ModelAdmin):
    """Subclasses say how a record is saved (`save_action`) and removed (`delete_action`)."""

    def save_action(self, actor: Actor, obj: Any, form: ModelForm, change: bool) -> Any:
        """Save through the app's action; return the stored record."""
        raise NotImplementedError

    def delete_action(self, actor: Actor, obj: Any) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = self.save_action(admin_actor(request), obj, form, change)
        if stored is not None and stored is not obj:
            # The admin goes on with its own copy (for its change message and redirect).
            obj.pk = stored.pk
            obj._state.adding = False
            obj._state.db = stored._state.db

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many fields were saved by the action; inlines go through their own actions.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseModelFormSet, change: bool
    ) -> None:
        actor = admin_actor(request)
        inline = self._inline_for(request, form.instance, formset.model)
        formset.save(commit=False)  # fills new_, changed_ and deleted_objects; writes nothing
        for obj in formset.deleted_objects:
            inline.delete_row(actor, form.instance, obj)
        for obj in formset.new_objects:
            inline.save_row(actor, form.instance, obj, [])
        for obj, changed in formset.changed_objects:
            inline.save_row(actor, form.instance, obj, list(changed))

    def _inline_for(self, request: HttpRequest, parent: Any, model: type[models.Model]) -> Any:
        for inline in self.get_inline_instances(request, parent):
            if inline.model is model and isinstance(inline, ActionInline):
                return inline
        raise TypeError(f"{model.__name__} is edited inline without an ActionInline.")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete_action(admin_actor(request), obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        actor = admin_actor(request)
        for obj in queryset:
            self.delete_action(actor, obj)
