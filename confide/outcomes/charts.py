"""Score charts as SVG drawn on the server. Pure Python: no Django import.

Readable without colour: each severity band has its own fill pattern and its name written in
it; scores are numbered points joined by a line; a risk answer is a triangle with "!" and a
label. Pages always show a table of the same numbers beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 150, 20, 40

# A distinct pattern per band, light to dark, so bands differ in texture as well as tone.
PATTERNS = [
    ("p-plain", ""),
    ("p-dots", '<circle cx="3" cy="3" r="1" fill="#8a8a8a"/>'),
    ("p-diag", '<path d="M0,6 L6,0" stroke="#8a8a8a" stroke-width="1"/>'),
    ("p-cross", '<path d="M0,6 L6,0 M0,0 L6,6" stroke="#8a8a8a" stroke-width="1"/>'),
    ("p-dense", '<path d="M0,3 L6,3 M3,0 L3,6" stroke="#6f6f6f" stroke-width="1.2"/>'),
]
TONES = ["#f4f7f4", "#eef2f7", "#f7f1e6", "#f6e9e4", "#f1e2e8"]


@dataclass(frozen=True)
class ChartBand:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class ChartPoint:
    session: int
    score: int
    risk: bool = False


@dataclass(frozen=True)
class Phase:
    first_session: int
    last_session: int
    label: str


def score_chart(
    *,
    title: str,
    points: Sequence[ChartPoint],
    bands: Sequence[ChartBand],
    max_score: int,
    min_score: int = 0,
    phases: Sequence[Phase] = (),
    chart_id: str = "chart",
) -> str:
    """An SVG line chart of scores by session over labelled, patterned severity bands."""
    sessions = max([p.session for p in points] + [p.last_session for p in phases] + [2])
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(max_score - min_score, 1)

    def x(session: float) -> float:
        return LEFT + (session - 1) * plot_w / max(sessions - 1, 1)

    def y(score: float) -> float:
        return TOP + plot_h - (score - min_score) * plot_h / span

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    summary = ", ".join(
        f"session {p.session}: {p.score}{' (risk answer)' if p.risk else ''}" for p in points
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" class="score-chart" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">Scores by session: {escape(summary) or "none yet"}. '
        "The same numbers are in the table that follows.</desc>",
        "<defs>",
    ]
    for pid, shape in PATTERNS:
        out.append(
            f'<pattern id="{chart_id}-{pid}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse">{shape}</pattern>'
        )
    out.append("</defs>")
    # Bands behind, each filled with a tone and a pattern and named at the right.
    for i, band in enumerate(bands):
        # Bands meet at the next band's lowest score; the last one runs to the top.
        top = y(bands[i + 1].low) if i < len(bands) - 1 else y(band.high)
        bottom = y(band.low)
        height = max(bottom - top, 0.5)
        pid = PATTERNS[i % len(PATTERNS)][0]
        tone = TONES[i % len(TONES)]
        out.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{height:.1f}" fill="{tone}"/>'
        )
        out.append(
            f'<rect x="{LEFT}" y="{top:.1f}" width="{plot_w}" height="{height:.1f}" '
            f'fill="url(#{chart_id}-{pid})" opacity="0.6"/>'
        )
        out.append(
            f'<text x="{LEFT + plot_w + 6}" y="{(top + bottom) / 2 + 4:.1f}" font-size="11" '
            f'fill="#222">{escape(band.label)} ({band.low}-{band.high})</text>'
        )
    # Phases of the course as labelled brackets along the top.
    for phase in phases:
        x1, x2 = x(phase.first_session), x(phase.last_session)
        out.append(
            f'<line x1="{x1:.1f}" y1="{TOP - 6}" x2="{x2:.1f}" y2="{TOP - 6}" stroke="#333" '
            'stroke-width="1"/>'
        )
        out.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{TOP - 9}" font-size="10" text-anchor="middle" '
            f'fill="#222">{escape(phase.label)}</text>'
        )
    # Axes.
    out.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" '
        'stroke="#333"/>'
    )
    step = 5 if span <= 30 else 10 if span <= 80 else 20
    for tick in range(min_score, max_score + 1, step):
        out.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#222">{tick}</text>'
        )
    for s in range(1, sessions + 1):
        out.append(
            f'<text x="{x(s):.1f}" y="{TOP + plot_h + 14}" font-size="10" text-anchor="middle" '
            f'fill="#222">{s}</text>'
        )
    out.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" font-size="11" '
        'text-anchor="middle" fill="#222">Session</text>'
    )
    # The scores.
    if len(points) > 1:
        path = " ".join(
            f"{'M' if i == 0 else 'L'}{x(p.session):.1f},{y(p.score):.1f}"
            for i, p in enumerate(points)
        )
        out.append(f'<path d="{path}" fill="none" stroke="#1f3a5f" stroke-width="2"/>')
    for p in points:
        cx, cy = x(p.session), y(p.score)
        out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="#1f3a5f"/>')
        out.append(
            f'<text x="{cx:.1f}" y="{cy - 8:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#111">{p.score}</text>'
        )
        if p.risk:
            out.append(
                f'<path d="M{cx:.1f},{cy + 8:.1f} l7,12 l-14,0 z" fill="#fff" stroke="#8b0000" '
                'stroke-width="1.5"/>'
                f'<text x="{cx:.1f}" y="{cy + 19:.1f}" font-size="10" font-weight="bold" '
                'text-anchor="middle" fill="#8b0000">!</text>'
                f'<text x="{cx:.1f}" y="{cy + 31:.1f}" font-size="9" text-anchor="middle" '
                'fill="#8b0000">risk</text>'
            )
    out.append("</svg>")
    return "".join(out)
