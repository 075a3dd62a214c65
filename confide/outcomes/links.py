"""The token of a one-time questionnaire link: made when the email is sent, kept only hashed."""

from __future__ import annotations

import secrets

from django.utils import timezone

from confide.outcomes.models import MeasureLink, hash_token


def issue_token(link: MeasureLink) -> str:
    """Give the link a fresh random token; return it (to put in the email) and keep its hash."""
    token = secrets.token_urlsafe(32)
    link.token_hash = hash_token(token)
    link.sent_at = timezone.now()
    link.save(update_fields=["token_hash", "sent_at"])
    return token


def link_for_token(token: str) -> MeasureLink | None:
    """The usable link for this token, or None (unknown, used or expired look the same)."""
    if not token or len(token) > 100:
        return None
    link = MeasureLink.objects.select_related("client").filter(token_hash=hash_token(token)).first()
    return link if link is not None and link.is_usable else None
