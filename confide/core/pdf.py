"""Small helpers for the PDFs Confide writes with fpdf2's core fonts (Latin-1 only)."""

from __future__ import annotations

from typing import Any

# Core PDF fonts are Latin-1: map the few typographic characters our texts use.
_PLAIN = str.maketrans(
    {"−": "-", "–": "-", "—": "-", "÷": "/", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."}
)


def latin1(text: Any) -> str:
    """Text a core font can draw: typographic marks made plain, anything else a '?'."""
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")
