"""A document's exact text: its template version with the client's details filled in, shown
as sanitised HTML exactly as the public pages are (pages.rendering)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from django.utils.safestring import SafeString

from confide.pages.rendering import render_markdown

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>#|{}])")


def escape(value: str) -> str:
    """A typed value (a recipient's name) is text in the document, never Markdown or HTML."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(value).split()))


def long_date(day: date | None) -> str:
    return f"{day:%B} {day.day}, {day.year}" if day else ""


def fill(body: str, values: Mapping[str, str]) -> str:
    """Replace each known {{ placeholder }}; leave unknown ones visible for the admin to fix."""

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        return escape(values[key]) if key in values else match.group(0)

    return _PLACEHOLDER.sub(value, body)


def placeholders(body: str) -> set[str]:
    return set(_PLACEHOLDER.findall(body))


def to_html(content: str) -> SafeString:
    return render_markdown(content, heading_offset=0)
