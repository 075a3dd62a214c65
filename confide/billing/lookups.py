"""Permission-checked lookups of money records: the record if the actor may see its client
(`Client.objects.visible_to`, the one rule in practice/access.py), audited; else 404, the same
answer as for a record that does not exist."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model
from django.http import Http404

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.billing.models import Charge, Estimate, Invoice, Payment
from confide.practice.models import Client


def _visible(model: type[Model], actor: Actor, pk: Any, related: tuple[str, ...] = ()) -> Any:
    try:
        obj = (
            model._default_manager.filter(client__in=Client.objects.visible_to(actor.user))
            .select_related("client", *related)
            .get(pk=pk)
        )
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("Not found.") from None
    record(Action.READ, actor=actor, obj=obj, client_id=getattr(obj, "client_id", None))
    return obj


def charge_for(actor: Actor, pk: Any) -> Charge:
    return _visible(Charge, actor, pk, ("clinician", "invoice"))


def invoice_for(actor: Actor, pk: Any) -> Invoice:
    return _visible(Invoice, actor, pk)


def payment_for(actor: Actor, pk: Any) -> Payment:
    return _visible(Payment, actor, pk, ("invoice",))


def estimate_for(actor: Actor, pk: Any) -> Estimate:
    return _visible(Estimate, actor, pk, ("clinician",))
