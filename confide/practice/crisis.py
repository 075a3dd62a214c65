"""The crisis lines every page, e-mail and report gives: one place, set per practice.

`settings.CONFIDE_CRISIS` (or the environment's CONFIDE_CRISIS, as JSON) names the emergency
number and the lines, first the one to lead with. The default is the United States' (911, the
988 Suicide & Crisis Lifeline, the Crisis Text Line); a practice elsewhere sets its own, e.g.
{"emergency": "999", "lines": [{"name": "Samaritans", "call": "116 123"}, ...]}.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html
from django.utils.safestring import SafeString


def _dial(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


@dataclass(frozen=True)
class Line:
    name: str
    call: str = ""
    text: str = ""
    keyword: str = ""  # what to text, when the line asks for a word ("HOME")
    url: str = ""

    def how(self) -> str:
        """How to reach the line, as plain text: "call or text 988", "text HOME to 741741"."""
        if self.call and self.call == self.text:
            return f"call or text {self.call}"
        parts = []
        if self.call:
            parts.append(f"call {self.call}")
        if self.text:
            parts.append(
                f"text {self.keyword} to {self.text}" if self.keyword else f"text {self.text}"
            )
        return " or ".join(parts)

    def how_html(self) -> SafeString:
        """The same, with the numbers as links a phone can dial."""
        if self.call and self.call == self.text:
            return format_html('call or text <a href="tel:{}">{}</a>', _dial(self.call), self.call)
        parts = []
        if self.call:
            parts.append(format_html('call <a href="tel:{}">{}</a>', _dial(self.call), self.call))
        if self.text:
            sms = _dial(self.text)
            if self.keyword:
                parts.append(
                    format_html('text {} to <a href="sms:{}">{}</a>', self.keyword, sms, self.text)
                )
            else:
                parts.append(format_html('text <a href="sms:{}">{}</a>', sms, self.text))
        return SafeString(" or ".join(parts))


@dataclass(frozen=True)
class Crisis:
    emergency: str
    lines: tuple[Line, ...]

    @property
    def main(self) -> Line:
        return self.lines[0]

    def sentence(self) -> str:
        """One plain sentence, for a text message or an e-mail: "In a crisis, call or text 988;
        in an emergency, call 911."."""
        return f"In a crisis, {self.main.how()}; in an emergency, call {self.emergency}."

    def emergency_html(self) -> SafeString:
        return format_html('<a href="tel:{}">{}</a>', _dial(self.emergency), self.emergency)


def parse(config: Any) -> Crisis:
    """The crisis lines from their settings; ImproperlyConfigured names what is wrong."""
    try:
        emergency = str(config["emergency"]).strip()
        lines = tuple(Line(**{k: str(v) for k, v in line.items()}) for line in config["lines"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise ImproperlyConfigured(
            f"CONFIDE_CRISIS needs an 'emergency' number and a list of 'lines' ({exc})."
        ) from None
    if not emergency or not lines:
        raise ImproperlyConfigured("CONFIDE_CRISIS needs an emergency number and one line.")
    for line in lines:
        if not line.name or not (line.call or line.text):
            raise ImproperlyConfigured(
                f"Each CONFIDE_CRISIS line needs a name and a number to call or text: {line}."
            )
    return Crisis(emergency=emergency, lines=lines)


@lru_cache(maxsize=4)
def _cached(key: str) -> Crisis:
    return parse(settings.CONFIDE_CRISIS)


def crisis() -> Crisis:
    """The practice's crisis lines (read once per value of the setting)."""
    return _cached(repr(settings.CONFIDE_CRISIS))
