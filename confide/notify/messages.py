"""How each kind of notification reads: a registry of renderers, one per kind.

An app declares its kinds in its own `notifications.py` (found at start-up):

    @renderer("alert_opened")
    def alert_opened(notification: Notification) -> Message: ...

A renderer runs when the message is sent, so it reads the current record and can mint a
one-time token that is never stored. Subjects and texts never carry health information.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confide.notify.models import Notification


class Skip(Exception):
    """Raised by a renderer when the message no longer applies (the alert was acknowledged,
    the appointment cancelled): the notification is closed without being sent."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


Renderer = Callable[["Notification"], Message]
_RENDERERS: dict[str, Renderer] = {}


def renderer(kind: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        if kind in _RENDERERS and _RENDERERS[kind] is not fn:
            raise ValueError(f"Two renderers for notification kind {kind!r}.")
        _RENDERERS[kind] = fn
        return fn

    return register


def render(notification: Notification) -> Message:
    try:
        fn = _RENDERERS[notification.kind]
    except KeyError:
        raise LookupError(f"No renderer for notification kind {notification.kind!r}.") from None
    return fn(notification)
