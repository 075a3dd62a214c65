"""Background work: emailing a client their one-time questionnaire link."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.outcomes.links import issue_token
from confide.outcomes.models import MeasureLink
from confide.practice.info import practice_info


@task()
def send_measure_link(link_id: str) -> None:
    """Make the link's token and email it. Only the id travels through the queue, so the token
    exists only in the email; the email says nothing about health, only who it is from."""
    link = MeasureLink.objects.select_related("client").filter(pk=link_id).first()
    if link is None or not link.is_usable or not link.client.email:
        return
    token = issue_token(link)
    url = settings.CONFIDE_BASE_URL.rstrip("/") + reverse("measures:answer", args=[token])
    practice = practice_info()
    name = link.client.preferred_name or link.client.first_name
    hours = int((link.expires_at - link.created_at).total_seconds() // 3600)
    send_mail(
        subject=f"Before your next session at {practice.name}",
        message=(
            f"Hello {name},\n\n"
            "Before your next session, please answer a few short questions. It takes about "
            "five minutes:\n\n"
            f"{url}\n\n"
            f"The link works once and for {hours} hours. If it has expired, just tell us at "
            "your session.\n\n"
            f"{practice.name}\n{practice.phone}\n"
        ),
        from_email=None,
        recipient_list=[link.client.email],
    )
    record(
        Action.UPDATE,
        actor=Actor.system(Via.WORKER),
        obj=link,
        client_id=link.client_id,
        detail="Link sent",
    )
