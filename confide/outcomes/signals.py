"""How outcomes hears of changes in other areas, and keeps what it stores current.

A questionnaire stored on a client's record (`assessments.signals.assessment_stored`, whatever
the door or source) opens a risk alert for a positive safety answer and refreshes the client's
stored course. Any other save or delete of what a course is computed from (the client, attended
sessions, formulation and plan, a removed questionnaire) refreshes it too: signals rather than
calls in each area's actions, because the outcomes depend on those areas, not the reverse.

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


def _assessment_stored(sender: Any, assessment: Any, actor: Any = None, **kwargs: Any) -> None:
    from confide.outcomes.actions import open_risk_alert

    open_risk_alert(assessment, actor)
    _refresh(assessment.client_id)


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
    from confide.assessments.signals import assessment_stored
    from confide.ipt.models import Adjunct, Formulation
    from confide.practice.models import Client
    from confide.scheduling.models import Appointment

    assessment_stored.connect(_assessment_stored, dispatch_uid="outcomes-assessment-stored")
    post_delete.connect(_row_changed, sender=Assessment, dispatch_uid="outcomes-assessment")
    post_save.connect(_client_changed, sender=Client, dispatch_uid="outcomes-client")
    for model in (Appointment, Formulation):
        uid = f"outcomes-{model._meta.label_lower}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_adjunct_changed, sender=Adjunct, dispatch_uid="outcomes-adjunct")
    post_delete.connect(_adjunct_changed, sender=Adjunct, dispatch_uid="outcomes-adjunct")
