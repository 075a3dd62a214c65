"""Server-side SVG for the closeness circle and the life-events timeline. Plain Python.

Meaning never rests on colour alone: conflict is a triangle, support a filled circle, both a
diamond, neither a hollow circle; every drawing has a title and description, and the page
shows a table or list with the same content beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

RINGS = ("inner", "middle", "outer")
RADII = {"inner": 70, "middle": 130, "outer": 190}
SIZE = 420
MARK_TEXT = {
    "conflict": "conflict",
    "support": "support",
    "both": "support and conflict",
    "neutral": "neither",
}


@dataclass(frozen=True)
class CirclePerson:
    label: str
    relationship: str
    ring: str
    mark: str  # conflict, support, both, neutral


def _shape(mark: str, x: float, y: float) -> str:
    if mark == "conflict":
        pts = f"{x:.1f},{y - 9:.1f} {x + 9:.1f},{y + 7:.1f} {x - 9:.1f},{y + 7:.1f}"
        return f'<polygon class="mark-conflict" points="{pts}"/>'
    if mark == "both":
        pts = f"{x:.1f},{y - 10:.1f} {x + 10:.1f},{y:.1f} {x:.1f},{y + 10:.1f} {x - 10:.1f},{y:.1f}"
        return f'<polygon class="mark-both" points="{pts}"/>'
    if mark == "support":
        return f'<circle class="mark-support" cx="{x:.1f}" cy="{y:.1f}" r="8"/>'
    return f'<circle class="mark-neutral" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'


def closeness_circle(people: Sequence[CirclePerson], *, title_id: str = "circle") -> str:
    c = SIZE / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" class="ipt-circle" '
        f'role="img" aria-labelledby="{title_id}-title {title_id}-desc">',
        f'<title id="{title_id}-title">Closeness circle</title>',
        f'<desc id="{title_id}-desc">The client at the centre; {len(people)} people placed in '
        "three rings by closeness. Triangle: conflict; filled circle: support; diamond: both; "
        "hollow circle: neither. The table below gives the same information.</desc>",
    ]
    for ring in reversed(RINGS):
        parts.append(f'<circle class="ring ring-{ring}" cx="{c}" cy="{c}" r="{RADII[ring]}"/>')
    parts.append(f'<circle class="centre" cx="{c}" cy="{c}" r="16"/>')
    parts.append(
        f'<text class="centre-label" x="{c}" y="{c + 4}" text-anchor="middle">Client</text>'
    )
    for ring in RINGS:
        members = [p for p in people if p.ring == ring]
        inner = {"inner": 16, "middle": RADII["inner"], "outer": RADII["middle"]}[ring]
        radius = (inner + RADII[ring]) / 2
        offset = {"inner": -90, "middle": -60, "outer": -75}[ring]
        for i, p in enumerate(members):
            angle = math.radians(offset + 360 * i / max(1, len(members)))
            x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
            label = escape(p.label[:18])
            parts.append(
                f'<g class="person"><title>{escape(p.label)} ({escape(p.relationship)}), '
                f"{ring} ring: {MARK_TEXT[p.mark]}</title>{_shape(p.mark, x, y)}"
                f'<text x="{x:.1f}" y="{y + 22:.1f}" text-anchor="middle">{label}</text></g>'
            )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class TimelinePoint:
    number: int
    on: date
    label: str
    symptom: bool


def timeline(points: Sequence[TimelinePoint], *, title_id: str = "timeline") -> str:
    """Life events above the line, symptom changes below it, numbered as in the list."""
    width, height, pad = 720, 200, 40
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="ipt-timeline" role="img" aria-labelledby="{title_id}-title {title_id}-desc">'
        f'<title id="{title_id}-title">Timeline of life events and symptoms</title>'
        f'<desc id="{title_id}-desc">Life events (squares) above the line, symptom changes '
        "(circles) below it, in date order; numbers match the list below.</desc>"
    )
    if not points:
        return head + "</svg>"
    first, last = min(p.on for p in points), max(p.on for p in points)
    span = max(1, (last - first).days)
    axis = height / 2
    parts = [
        head,
        f'<line class="axis" x1="{pad}" y1="{axis}" x2="{width - pad}" y2="{axis}"/>',
        f'<text x="{pad}" y="{height - 6}">{first:%b %Y}</text>',
        f'<text x="{width - pad}" y="{height - 6}" text-anchor="end">{last:%b %Y}</text>',
        f'<text x="{pad}" y="16">Life events</text>',
        f'<text x="{pad}" y="{height - 24}">Symptoms</text>',
    ]
    for p in points:
        x = pad + (width - 2 * pad) * (p.on - first).days / span
        label = escape(f"{p.number}. {p.label} ({p.on:%b %d, %Y})")
        if p.symptom:
            y = axis + 34
            shape = f'<circle class="mark-symptom" cx="{x:.1f}" cy="{y:.1f}" r="11"/>'
        else:
            y = axis - 34
            shape = (
                f'<rect class="mark-event" x="{x - 10:.1f}" y="{y - 10:.1f}" width="20" '
                'height="20"/>'
            )
        parts.append(
            f'<g><title>{label}</title><line class="tick" x1="{x:.1f}" y1="{axis}" '
            f'x2="{x:.1f}" y2="{y:.1f}"/>{shape}<text class="num" x="{x:.1f}" y="{y + 4:.1f}" '
            f'text-anchor="middle">{p.number}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
