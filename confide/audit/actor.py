"""Who is acting, and through which door: made once per request (or job) by the door itself.

Actions and the audit trail take an `Actor`, never an `HttpRequest`, so the page, the API, the
admin, a worker, an import and a management command call the same function the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from django.http import HttpRequest


class Via(models.TextChoices):
    """The door a change or a read came through (kept on every audit row)."""

    PAGE = "page", "Web page"
    API = "api", "API"
    ADMIN = "admin", "Admin"
    IMPORT = "import", "Import"
    WORKER = "worker", "Background worker"
    DEMO = "demo", "Demo data"
    COMMAND = "command", "Management command"
    CALENDAR = "calendar", "Calendar feed"
    WEBHOOK = "webhook", "Provider webhook"


def role_of(user: Any) -> str:
    """The role a user acts in: '' for nobody, an anonymous visitor or a disabled account."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ""
    return str(user.role)


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the practice's trusted proxies vouch for (confide/core/addresses.py), never
    one a client wrote into X-Forwarded-For."""
    from confide.core.addresses import client_address

    return client_address(request)


@dataclass(frozen=True)
class Actor:
    """A person (or nobody: the system itself, an anonymous visitor) acting through a door."""

    user: Any = None
    via: Via = Via.PAGE
    ip: str | None = None

    def __post_init__(self) -> None:
        # A free string here is how the trail once grew twelve doors: only the choices.
        object.__setattr__(self, "via", Via(self.via))

    @classmethod
    def from_request(cls, request: HttpRequest, via: Via = Via.PAGE, user: Any = None) -> Actor:
        """The actor of a request. The API passes its authenticated `user` (`request.auth`)."""
        if user is None:
            user = getattr(request, "user", None)
        if user is not None and not getattr(user, "is_authenticated", False):
            user = None
        return cls(user=user, via=via, ip=client_ip(request))

    @classmethod
    def system(cls, via: Via = Via.WORKER) -> Actor:
        """Confide itself: a background job, a command, the demo loader."""
        return cls(user=None, via=via)

    @property
    def role(self) -> str:
        return role_of(self.user)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_authenticated
