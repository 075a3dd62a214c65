"""A section of a page contributed by an area (the staff client page, the client portal).

Each area exposes `client_panel(actor, client, clinical)` and `portal_panel(actor, client)`
returning a Panel or None; the page collects them (staff/panels.py) and stays one short view
while every area keeps its own queries and templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50
