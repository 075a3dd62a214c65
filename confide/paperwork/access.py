"""Which document, intake form or guardian a person may open: decided here, beside the
clients' gate (practice/access.py), whose rules it applies.

A document or form is seen by whoever sees its client (`Client.objects.visible_to`: the
client, a minor's active guardians, the staff who see the record); what they may do with it
is a `may_*` rule in practice/access.py. Each lookup is audited; one that is not theirs is a
404, whether it exists or not.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.paperwork.models import Document, IntakeForm
from confide.practice import access
from confide.practice.models import Client, Guardian

_BAD_ID = (ValidationError, ValueError, TypeError)


def _audited(actor: Actor, obj: Any, client_id: Any, action: str) -> None:
    record(action, actor=actor, obj=obj, client_id=client_id)


def document_for(actor: Actor, document_id: Any, *, action: str = Action.READ) -> Document:
    """A document on a record this actor sees; else 404."""
    visible = Client.objects.visible_to(actor.user)
    try:
        document = (
            Document.objects.select_related("client", "version")
            .filter(client__in=visible)
            .get(pk=document_id)
        )
    except (Document.DoesNotExist, *_BAD_ID):
        raise Http404("No such document.") from None
    _audited(actor, document, document.client_id, action)
    return document


def _intake_form(actor: Actor, form_id: Any) -> IntakeForm:
    visible = Client.objects.visible_to(actor.user)
    try:
        return (
            IntakeForm.objects.select_related("client").filter(client__in=visible).get(pk=form_id)
        )
    except (IntakeForm.DoesNotExist, *_BAD_ID):
        raise Http404("No such form.") from None


def form_to_fill(actor: Actor, form_id: Any) -> IntakeForm:
    """An intake form this portal account fills in (access.may_fill); else 404."""
    form = _intake_form(actor, form_id)
    if not access.may_fill(actor.user, form):
        raise Http404("No such form.")
    _audited(actor, form, form.client_id, Action.READ)
    return form


def form_to_review(actor: Actor, form_id: Any) -> IntakeForm:
    """An intake form whose answers this member of staff may read (access.may_review_intake:
    they are clinical); else 404."""
    form = _intake_form(actor, form_id)
    if not access.may_review_intake(actor.user, form.client):
        raise Http404("No such form.")
    _audited(actor, form, form.client_id, Action.READ)
    return form


def guardian_for(actor: Actor, guardian_id: Any) -> Guardian:
    """A guardian on a record this actor sees; else 404."""
    visible = Client.objects.visible_to(actor.user)
    try:
        guardian = (
            Guardian.objects.select_related("client", "user")
            .filter(client__in=visible)
            .get(pk=guardian_id)
        )
    except (Guardian.DoesNotExist, *_BAD_ID):
        raise Http404("No such guardian.") from None
    _audited(actor, guardian, guardian.client_id, Action.READ)
    return guardian
