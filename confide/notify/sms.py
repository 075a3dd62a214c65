"""Text messages through a small provider adapter chosen by `CONFIDE_SMS_BACKEND`.

- `confide.notify.sms.ConsoleBackend` (development): writes the text to standard output.
- `confide.notify.sms.LocmemBackend` (tests): keeps texts in `sms.outbox`.
- `confide.notify.sms.TwilioBackend` (production): Twilio's maintained `twilio` package, with
  `CONFIDE_TWILIO_ACCOUNT_SID`, `CONFIDE_TWILIO_AUTH_TOKEN` and `CONFIDE_TWILIO_FROM`.
- empty: no provider; nothing is texted (e-mail still goes).

Replies come back to one webhook (`notify/inbound.py`) in Twilio's format, signed the way Twilio
signs them (`X-Twilio-Signature`, checked with the twilio package's `RequestValidator`): with the
account's auth token in production, with `CONFIDE_SMS_WEBHOOK_SECRET` for the console and
in-memory backends, so development and tests run the same check.

Who may be texted at all (recorded consent, no STOP since) is `may_text()` in actions.py.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

import phonenumbers
from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

# Carrier keywords (CTIA; the words Twilio's opt-out handling recognises), matched against the
# whole reply, case-insensitively: "stop" stops texts; "please stop by at 3" does not.
STOP_WORDS = frozenset(
    {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT"}
)
START_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})


@dataclass(frozen=True)
class Text:
    to: str
    body: str


@dataclass(frozen=True)
class Inbound:
    """A text someone sent to the practice's number."""

    sender: str  # E.164
    body: str
    provider_id: str = ""
    # Twilio's own reading of the keyword when its opt-out handling is on: STOP, START, HELP.
    opt_out_type: str = ""


class SmsBackend(Protocol):
    def send(self, text: Text) -> str:
        """Send one text; return the provider's message id. Raise on failure."""

    def verify(self, request: HttpRequest, url: str) -> bool:
        """Whether a webhook request really comes from the provider."""


def normalise(number: str, region: str | None = None) -> str:
    """The number in E.164 (`+12035550142`), or "" when it is not a valid phone number.

    Numbers without a country code are read in `CONFIDE_SMS_REGION` (US by default)."""
    try:
        parsed = phonenumbers.parse((number or "").strip(), region or settings.CONFIDE_SMS_REGION)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def keyword(body: str, opt_out_type: str = "") -> str:
    """ "stop", "start", "help" or "" for a reply."""
    word = (opt_out_type or body or "").strip().strip(".!").upper()
    if word in STOP_WORDS:
        return "stop"
    if word in START_WORDS:
        return "start"
    if word in HELP_WORDS:
        return "help"
    return ""


class TwilioSignature:
    """Webhook requests in Twilio's format, signed with a shared secret."""

    def secret(self) -> str:
        return str(settings.CONFIDE_SMS_WEBHOOK_SECRET)

    def verify(self, request: HttpRequest, url: str) -> bool:
        from twilio.request_validator import RequestValidator

        secret = self.secret()
        signature = request.headers.get("X-Twilio-Signature", "")
        if not secret or not signature:
            return False
        return RequestValidator(secret).validate(url, request.POST, signature)


class ConsoleBackend(TwilioSignature):
    def send(self, text: Text) -> str:
        sys.stdout.write(f"--- text message to {text.to} ---\n{text.body}\n---\n")
        sys.stdout.flush()
        return ""


outbox: list[Text] = []


class LocmemBackend(TwilioSignature):
    def send(self, text: Text) -> str:
        outbox.append(text)
        return f"locmem-{len(outbox)}"


class TwilioBackend(TwilioSignature):
    def __init__(self) -> None:
        from twilio.rest import Client

        sid, secret = settings.CONFIDE_TWILIO_ACCOUNT_SID, settings.CONFIDE_TWILIO_AUTH_TOKEN
        self.client = Client(sid, secret)
        self.sender = settings.CONFIDE_TWILIO_FROM

    def secret(self) -> str:
        # Twilio signs its webhooks with the account's auth token.
        return settings.CONFIDE_TWILIO_AUTH_TOKEN

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
