"""Text messages through a small provider adapter chosen by `CONFIDE_SMS_BACKEND`.

- `confide.notify.sms.ConsoleBackend` (development): writes the text to standard output.
- `confide.notify.sms.LocmemBackend` (tests): keeps texts in `sms.outbox`.
- `confide.notify.sms.TwilioBackend` (production): Twilio's maintained `twilio` package, with
  `CONFIDE_TWILIO_ACCOUNT_SID`, `CONFIDE_TWILIO_AUTH_TOKEN` and `CONFIDE_TWILIO_FROM`.
- empty: no provider; nothing is texted (e-mail still goes).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Text:
    to: str
    body: str


class SmsBackend(Protocol):
    def send(self, text: Text) -> str:
        """Send one text; return the provider's message id. Raise on failure."""


class ConsoleBackend:
    def send(self, text: Text) -> str:
        sys.stdout.write(f"--- text message to {text.to} ---\n{text.body}\n---\n")
        sys.stdout.flush()
        return ""


outbox: list[Text] = []


class LocmemBackend:
    def send(self, text: Text) -> str:
        outbox.append(text)
        return f"locmem-{len(outbox)}"


class TwilioBackend:
    def __init__(self) -> None:
        from twilio.rest import Client

        sid, secret = settings.CONFIDE_TWILIO_ACCOUNT_SID, settings.CONFIDE_TWILIO_AUTH_TOKEN
        self.client = Client(sid, secret)
        self.sender = settings.CONFIDE_TWILIO_FROM

    def send(self, text: Text) -> str:
        message = self.client.messages.create(to=text.to, from_=self.sender, body=text.body)
        return str(message.sid)


def configured() -> bool:
    """Whether a text-message provider is set up at all."""
    return bool(settings.CONFIDE_SMS_BACKEND)


def backend() -> SmsBackend:
    path = settings.CONFIDE_SMS_BACKEND
    if not path:
        raise RuntimeError("No text-message provider is configured (CONFIDE_SMS_BACKEND).")
    return import_string(path)()
