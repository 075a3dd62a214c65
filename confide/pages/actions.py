"""Changes to the public pages' records: a question sent to our experts and how it was
handled, and the pages the practice publishes (from the admin)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.records import delete_setup, save_setup
from confide.pages.models import ExpertQuestion, Page, QuestionStatus
from confide.practice.access import may_triage

logger = logging.getLogger(__name__)

QUESTION_FIELDS = ("name", "email", "phone", "question")


@transaction.atomic
def submit_question(actor: Actor, data: Mapping[str, Any]) -> ExpertQuestion:
    """Store a question sent from the "Ask our experts" form (already validated)."""
    question = ExpertQuestion.objects.create(**{k: data[k] for k in QUESTION_FIELDS})
    record(Action.CREATE, actor=actor, obj=question, detail="Expert question")
    # The id only: names, contacts and the question are health information and stay out of logs.
    logger.info("Expert question %s received", question.pk)
    return question


@transaction.atomic
def handle_question(actor: Actor, question: ExpertQuestion, status: str) -> ExpertQuestion:
    """Mark a question answered or closed (it leaves the queue), or new again."""
    if not may_triage(actor.user):
        raise PermissionDenied("Only intake or an admin handle consultation requests.")
    if status not in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED, QuestionStatus.NEW):
        raise ValidationError({"status": "Choose answered or closed."})
    question.status = status
    question.handled_by = actor.user if status != QuestionStatus.NEW else None
    question.handled_at = timezone.now() if status != QuestionStatus.NEW else None
    question.save(update_fields=["status", "handled_by", "handled_at"])
    record(Action.UPDATE, actor=actor, obj=question, detail=f"Question {status}")
    return question


def delete_question(actor: Actor, question: ExpertQuestion) -> None:
    """Remove a question (a person asked for their words to be erased)."""
    delete_setup(actor, question, what="expert questions")


def save_page(actor: Actor, page: Page, changed: Iterable[str] = ()) -> Page:
    return save_setup(actor, page, changed, what="the practice's pages")


def delete_page(actor: Actor, page: Page) -> None:
    delete_setup(actor, page, what="the practice's pages")
