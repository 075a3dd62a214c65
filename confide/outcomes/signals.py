"""Keep the stored practice outcomes current: any save or delete of what a course is computed
from (the client, their questionnaires, attended sessions, formulation and plan) refreshes that
client's stored course. Signals rather than calls in each area's actions, because the admin,
imports and the demo write these rows too.

Bulk writes (QuerySet.update, bulk_create) send no signals: after one, call
practice.refresh(client_ids), or `manage.py refresh_outcomes` for everything.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save


def _refresh(client_id: Any) -> None:
    from confide.outcomes import practice

    if client_id is not None:
        practice.refresh([client_id])


def _client_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: rebuild afterwards
    _refresh(instance.pk)


def _row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    _refresh(instance.client_id)


def _adjunct_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    from confide.ipt.models import Plan

    plan = Plan.objects.filter(pk=instance.plan_id).values_list("client_id", flat=True).first()
    _refresh(plan)


def connect() -> None:
    from confide.assessments.models import Assessment
    from confide.ipt.models import Adjunct, Formulation
    from confide.practice.models import Client
    from confide.scheduling.models import Appointment

    post_save.connect(_client_changed, sender=Client, dispatch_uid="outcomes-client")
    for model in (Assessment, Appointment, Formulation):
        uid = f"outcomes-{model._meta.label_lower}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_adjunct_changed, sender=Adjunct, dispatch_uid="outcomes-adjunct")
    post_delete.connect(_adjunct_changed, sender=Adjunct, dispatch_uid="outcomes-adjunct")
