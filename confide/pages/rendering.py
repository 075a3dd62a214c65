"""Markdown to HTML for page text, always sanitised before it is marked safe."""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str, heading_offset: int = 0) -> SafeString:
    """Render page Markdown to sanitised HTML.

    The page title is the only level-1 heading, so body headings start at level 2 (a `#` in
    the body becomes an h2); `heading_offset` pushes them further down when the page is shown
    as a section of another page.
    """
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"])
    clean = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES
    )

    def shift(match: re.Match[str]) -> str:
        level = min(6, max(2, int(match.group(2))) + heading_offset)
        return f"<{match.group(1)}h{level}>"

    # Safe only because nh3 produced it: headings carry no attributes, and we only renumber.
    return mark_safe(_HEADING.sub(shift, clean))  # noqa: S308
