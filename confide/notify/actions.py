"""Queue a message to a person. The one way anything in Confide reaches someone outside it.

Call `notify()` inside the transaction of the change that causes the message: the row commits
with the change or not at all, and the worker sends it after the commit. The same `key` twice
is the same notification, so a retried change or a second worker never sends it again.

Texts go only to numbers whose owner's consent is recorded (`record_text_consent`) and who
have not replied STOP since (`receive_text`); `notify()` checks it when queuing, the worker
again when sending, so a STOP that arrives in between is still obeyed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.notify import sms
from confide.notify.models import Channel, InboundKeyword, InboundText, Notification, TextNumber

logger = logging.getLogger(__name__)


def notify(
    kind: str,
    *,
    channel: Channel | str,
    to: str,
    key: str,
    recipient: Any = None,
    recipient_role: str = "",
    params: dict[str, Any] | None = None,
    about: models.Model | None = None,
    client_id: Any = None,
    not_before: datetime | None = None,
) -> Notification | None:
    """Queue one message; return it, or None when there is nobody to send it to (no address;
    for a text: no provider configured, not a valid number, no recorded consent, or a STOP).
    `params` hold ids only, never content. A text's `to` may be written any way (it is stored
    in E.164)."""
    to = (to or "").strip()
    if channel == Channel.SMS:
        to = sms.normalise(to) if sms.configured() else ""
        if to and not may_text(to):
            return None
    if not to:
        return None
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "channel": channel,
            "to": to,
            "recipient": recipient,
            "recipient_role": recipient_role,
            "params": params or {},
            "object_type": about._meta.model_name if about is not None else "",
            "object_id": str(about.pk) if about is not None else "",
            "client_id": client_id,
            "not_before": not_before,
        },
    )
    if created and (not_before is None or not_before <= timezone.now()):
        from confide.notify.tasks import deliver

        pk = str(notification.pk)
        transaction.on_commit(lambda: deliver.enqueue(pk))
    return notification


# --- consent to texts and STOP / START ----------------------------------------------------


def text_number(number: str) -> TextNumber | None:
    """What is recorded for a number (any format), if anything."""
    e164 = sms.normalise(number)
    return TextNumber.objects.filter(number=e164).first() if e164 else None


def may_text(number: str) -> bool:
    """Whether Confide may text this number: its owner's consent is recorded and they have not
    replied STOP since."""
    found = text_number(number)
    return found is not None and found.may_text


def _number_or_error(number: str, field: str = "phone") -> str:
    from django.core.exceptions import ValidationError

    e164 = sms.normalise(number)
    if not e164:
        raise ValidationError({field: "Enter a valid mobile number, such as (203) 555-0142."})
    return e164


@transaction.atomic
def record_text_consent(
    actor: Actor, number: str, *, client_id: Any = None, source: str = "portal"
) -> TextNumber:
    """Record that the person with this number agreed to texts from the practice.

    A consent does not override a STOP: someone who replied STOP gets texts again only after
    replying START (the carriers' rule, and theirs to make)."""
    e164 = _number_or_error(number)
    row, _ = TextNumber.objects.select_for_update().get_or_create(number=e164)
    row.consent_at = timezone.now()
    row.consent_source = source[:30]
    row.consent_client_id = client_id
    row.consent_by = actor.user
    row.withdrawn_at = None
    row.save()
    record(
        Action.UPDATE,
        actor=actor,
        obj=row,
        client_id=client_id,
        detail=f"Consent to texts recorded ({source})",
    )
    return row


@transaction.atomic
def withdraw_text_consent(actor: Actor, number: str, *, client_id: Any = None) -> TextNumber:
    """Record that the person no longer wants texts (from the portal or told to staff)."""
    e164 = _number_or_error(number)
    row, _ = TextNumber.objects.select_for_update().get_or_create(number=e164)
    row.consent_at = None
    row.withdrawn_at = timezone.now()
    row.save()
    record(Action.UPDATE, actor=actor, obj=row, client_id=client_id, detail="Texts turned off")
    return row


# The carriers require an answer to STOP, START and HELP; it names the practice and how to
# reach a person. Every answer that is not about STOP gives the crisis lines too: a text is
# not watched, and someone may be writing to it in a crisis.
def _replies() -> dict[str, str]:
    from confide.practice.crisis import crisis

    practice = settings.CONFIDE_PRACTICE
    name, phone = practice["name"], practice["phone"]
    crisis_line = crisis().sentence()
    return {
        "stop": f"{name}: you will get no more texts from us. Reply START to get them again.",
        "start": f"{name}: texts from us are on again. Reply STOP to stop, HELP for help.",
        "start_no_consent": (
            f"{name}: you have not agreed to texts from us yet. You can in your portal, or "
            f"call us on {phone}."
        ),
        "help": (
            f"{name}: appointment reminders and notices. For help call {phone}. Reply STOP to "
            f"stop texts. {crisis_line}"
        ),
        "other": (
            f"{name}: this number does not take messages. Please call us on {phone} or write "
            f"from your portal. {crisis_line}"
        ),
    }


def _client_for_number(number: str) -> Any:
    """The one client whose phone (or guardian's phone) is this number, else None.

    Phones are stored as typed, so candidates are found by their last four digits and compared
    in E.164."""
    from django.db.models import Q

    from confide.practice.models import Client

    tail = number[-4:]
    candidates = Client.objects.filter(Q(phone__contains=tail) | Q(guardian_phone__contains=tail))
    found = {
        c.pk
        for c in candidates.only("pk", "phone", "guardian_phone")
        if number in (sms.normalise(c.phone), sms.normalise(c.guardian_phone))
    }
    return found.pop() if len(found) == 1 else None


@transaction.atomic
def receive_text(actor: Actor, inbound: sms.Inbound) -> str:
    """Handle one text sent to the practice: STOP, START, HELP, or anything else (kept, and
    flagged for the care team when it holds words of the triage list). Return the reply to
    send back ("" for none). A provider's resend of the same message is handled once."""
    from confide.intake.triage import danger_words

    number = sms.normalise(inbound.sender)
    if not number:
        return ""
    if inbound.provider_id and InboundText.objects.filter(provider_id=inbound.provider_id).exists():
        return ""
    word = sms.keyword(inbound.body, inbound.opt_out_type)
    row = TextNumber.objects.select_for_update().filter(number=number).first()
    client_id = (row.consent_client_id if row else None) or _client_for_number(number)
    text = InboundText.objects.create(
        provider_id=inbound.provider_id or None,
        number=number,
        keyword=word,
        body="" if word else inbound.body[:1600],
        client_id=client_id,
        risk=bool(not word and danger_words(inbound.body)),
    )
    replies = _replies()
    keyword_replies = settings.CONFIDE_SMS_KEYWORD_REPLIES
    if word == InboundKeyword.STOP:
        row = row or TextNumber.objects.create(number=number)
        row.opted_out_at = timezone.now()
        row.save()
        record(Action.UPDATE, actor=actor, obj=row, client_id=client_id, detail="STOP: no texts")
        return replies["stop"] if keyword_replies else ""
    if word == InboundKeyword.START:
        row = row or TextNumber.objects.create(number=number)
        row.opted_out_at = None
        row.opted_in_at = timezone.now()
        row.save()
        record(Action.UPDATE, actor=actor, obj=row, client_id=client_id, detail="START: texts on")
        if not keyword_replies:
            return ""
        return replies["start"] if row.consent_at else replies["start_no_consent"]
    if word == InboundKeyword.HELP:
        record(Action.CREATE, actor=actor, obj=text, client_id=client_id, detail="HELP reply")
        return replies["help"] if keyword_replies else ""
    record(
        Action.CREATE,
        actor=actor,
        obj=text,
        client_id=client_id,
        detail="Text received" + (" (may signal risk)" if text.risk else ""),
    )
    if text.risk:
        _tell_staff_of_risky_text(text)
    return replies["other"]


def _tell_staff_of_risky_text(text: InboundText) -> None:
    """A text with risk words reaches the client's clinicians today, or intake when the number
    is no known client's. The e-mail says only that a text needs attention, never its words."""
    from confide.accounts.models import Role, User
    from confide.practice.models import Clinician

    if text.client_id:
        people = [
            c.user
            for c in Clinician.objects.filter(assignments__client_id=text.client_id)
            .select_related("user")
            .exclude(user=None)
        ]
        role = "clinician"
    else:
        people = []
    for fallback in (Role.INTAKE, Role.ADMIN):
        if not people:
            people = list(User.objects.filter(role=fallback, is_active=True).exclude(email=""))
            role = str(fallback)
    for person in people:
        notify(
            "inbound_text_risk",
            channel=Channel.EMAIL,
            to=person.email,
            key=f"inbound-text-risk:{text.pk}:{person.pk}",
            recipient=person,
            recipient_role=role,
            params={"text": str(text.pk)},
            about=text,
            client_id=text.client_id,
        )
    if not people:
        logger.error("A text that may signal risk (%s) has nobody to go to.", text.pk)


@transaction.atomic
def mark_text_handled(actor: Actor, text: InboundText) -> InboundText:
    """Someone has read a text sent to the practice and dealt with it."""
    text = InboundText.objects.select_for_update().get(pk=text.pk)
    if text.handled_at is None:
        text.handled_at = timezone.now()
        text.handled_by = actor.user
        text.save(update_fields=["handled_at", "handled_by"])
        record(
            Action.UPDATE, actor=actor, obj=text, client_id=text.client_id, detail="Text handled"
        )
    return text
