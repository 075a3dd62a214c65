"""A clinician's secret calendar link: its secret, and every read of it, audited.

The link is the only credential a calendar app has, so only the SHA-256 of its secret is kept
and a new link turns the old one off at once (actions.set_calendar_feed). Every read is on the
audit trail: the feed itself, by its clinician through the calendar door from the address the
proxies vouch for, and, one row each, the appointments (and so the clients) it showed. The
clinician sees on their own page how often and from where the link was last read.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.audit.log import record, record_many
from confide.audit.models import Action
from confide.practice.models import Clinician
from confide.scheduling.models import Appointment, CalendarFeed, Status

# How far back the feed reaches; calendar apps keep what they fetched before.
FEED_PAST = timedelta(days=30)


def new_token() -> tuple[str, str]:
    """A fresh feed secret and its SHA-256 (the only form stored)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_feed(clinician: Clinician) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(clinician=clinician, revoked_at__isnull=True).first()


def read_feed(token: str, ip: str | None) -> tuple[CalendarFeed, list[Appointment]] | None:
    """The feed behind `token` and what it shows, audited as a read by its clinician from `ip`;
    None for a wrong or turned-off secret."""
    feed = (
        CalendarFeed.objects.filter(key_hash=hash_token(token), revoked_at__isnull=True)
        .select_related("clinician__user")
        .first()
    )
    if feed is None:
        return None
    clinician = feed.clinician
    appointments = list(
        Appointment.objects.filter(clinician=clinician, start__gte=timezone.now() - FEED_PAST)
        .exclude(status=Status.CANCELLED)
        .with_people()
        .order_by("start")
    )
    actor = Actor(user=clinician.user, via=Via.CALENDAR, ip=ip)
    with transaction.atomic():
        CalendarFeed.objects.filter(pk=feed.pk).update(
            last_used_at=timezone.now(), last_used_ip=ip, reads=F("reads") + 1
        )
        record(
            Action.READ,
            actor=actor,
            obj=feed,
            detail=f"Calendar feed read: {len(appointments)} appointment(s)",
        )
        record_many(Action.READ, appointments, actor=actor, client_of=_client_of)
    return feed, appointments


def _client_of(appointment: Any) -> Any:
    return appointment.client_id
