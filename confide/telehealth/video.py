"""Video rooms through a small provider adapter chosen by `CONFIDE_VIDEO_BACKEND`.

- `confide.telehealth.video.JitsiBackend` (production): the practice's own Jitsi Meet with
  token authentication (prosody's `token` auth, `jitsi-meet-tokens`; docs/deployment.md). Each
  join gets a fresh HS256 JWT (PyJWT) for that one room (`room`), issued by
  `CONFIDE_VIDEO_APP_ID` (`iss`), for `CONFIDE_VIDEO_AUDIENCE` (`aud`) and the XMPP domain
  `CONFIDE_VIDEO_SUBJECT` (`sub`), valid from a minute ago for a couple of minutes.
- `confide.telehealth.video.LocalBackend` (development, tests): the same tokens, signed with a
  key derived from SECRET_KEY and opened by a page of Confide's own that checks them, so the
  whole path runs without a video server.
- empty: no video service; only links typed on the appointment are used.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.module_loading import import_string

ALGORITHM = "HS256"
CLOCK_SKEW = timedelta(seconds=60)


@dataclass(frozen=True)
class Participant:
    """Who is joining, as the video service shows them: a first name, never a full record."""

    user_id: str
    name: str
    moderator: bool


class VideoBackend(Protocol):
    def join_url(self, room: str, who: Participant, *, now: datetime, expires_at: datetime) -> str:
        """A URL that puts this person in this room, good until `expires_at`."""


def claims(
    room: str,
    who: Participant,
    *,
    now: datetime,
    expires_at: datetime,
    issuer: str,
    audience: str,
    subject: str,
) -> dict[str, Any]:
    """The JWT claims Jitsi's token authentication reads (lib-jitsi-meet doc/tokens.md).

    `context.user` values are strings, as prosody's token plugin requires; the clinician is
    the room's moderator (owner) so they can admit the client from the lobby."""
    return {
        "iss": issuer,
        "aud": audience,
        "sub": subject,
        "room": room,
        "iat": int(now.timestamp()),
        "nbf": int((now - CLOCK_SKEW).timestamp()),
        "exp": int(expires_at.timestamp()),
        "context": {
            "user": {
                "id": who.user_id,
                "name": who.name,
                "moderator": "true" if who.moderator else "false",
                "affiliation": "owner" if who.moderator else "member",
            }
        },
    }


class JitsiBackend:
    def __init__(self) -> None:
        self.base_url = settings.CONFIDE_VIDEO_URL.rstrip("/")
        self.secret = settings.CONFIDE_VIDEO_APP_SECRET
        self.issuer = settings.CONFIDE_VIDEO_APP_ID
        self.audience = settings.CONFIDE_VIDEO_AUDIENCE
        self.subject = settings.CONFIDE_VIDEO_SUBJECT
        if not (self.base_url and self.secret and self.issuer):
            raise ImproperlyConfigured(
                "The Jitsi video backend needs CONFIDE_VIDEO_URL, CONFIDE_VIDEO_APP_ID and "
                "CONFIDE_VIDEO_APP_SECRET."
            )

    def token(self, room: str, who: Participant, *, now: datetime, expires_at: datetime) -> str:
        payload = claims(
            room,
            who,
            now=now,
            expires_at=expires_at,
            issuer=self.issuer,
            audience=self.audience,
            subject=self.subject,
        )
        return jwt.encode(payload, self.secret, algorithm=ALGORITHM)

    def join_url(self, room: str, who: Participant, *, now: datetime, expires_at: datetime) -> str:
        token = self.token(room, who, now=now, expires_at=expires_at)
        return f"{self.base_url}/{quote(room)}?{urlencode({'jwt': token})}"

    def decode(self, token: str, room: str) -> dict[str, Any]:
        """Check a token as the video service would (signature, time, audience, room)."""
        payload = jwt.decode(
            token,
            self.secret,
            algorithms=[ALGORITHM],
            audience=self.audience,
            issuer=self.issuer,
            options={"require": ["exp", "nbf", "room", "sub"]},
        )
        if payload["room"] != room or payload["sub"] != self.subject:
            raise jwt.InvalidTokenError("The token is for another room.")
        return payload


class LocalBackend(JitsiBackend):
    """A stand-in for the video service: Confide's own page checks the token."""

    def __init__(self) -> None:
        digest = hashlib.sha256(f"confide-video:{settings.SECRET_KEY}".encode()).hexdigest()
        self.secret = digest
        self.issuer = settings.CONFIDE_VIDEO_APP_ID or "confide"
        self.audience = settings.CONFIDE_VIDEO_AUDIENCE or "jitsi"
        self.subject = settings.CONFIDE_VIDEO_SUBJECT or "meet.jitsi"
        self.base_url = ""

    def join_url(self, room: str, who: Participant, *, now: datetime, expires_at: datetime) -> str:
        token = self.token(room, who, now=now, expires_at=expires_at)
        path = reverse("telehealth:local_room", args=[room])
        return f"{path}?{urlencode({'jwt': token})}"


def configured() -> bool:
    return bool(settings.CONFIDE_VIDEO_BACKEND)


def backend() -> VideoBackend:
    path = settings.CONFIDE_VIDEO_BACKEND
    if not path:
        raise ImproperlyConfigured("No video service is configured (CONFIDE_VIDEO_BACKEND).")
    return import_string(path)()
