"""The progress report as a PDF (fpdf2, pure Python), from the same ClientOutcome as the page."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from fpdf import FPDF

from confide.outcomes import integrations, summary
from confide.practice.info import practice_info

# Core PDF fonts are Latin-1: map the few typographic characters our texts use.
_PLAIN = str.maketrans({"−": "-", "–": "-", "—": "-", "÷": "/", "’": "'", "“": '"', "”": '"'})


def _t(text: Any) -> str:
    return str(text).translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


GREYS = [245, 232, 219, 206, 193]


def _chart(pdf: FPDF, series: summary.SeriesView, phases: list[Any]) -> None:
    """Scores by session over the bands, drawn with PDF primitives (shades and labels)."""
    bands = summary.bands_of(series.code)
    low, high = bands[0].low, bands[-1].high
    x0, y0, w, h = pdf.l_margin + 10, pdf.get_y() + 4, 120, 50
    sessions = max([p.session for p in series.points] + [2])

    def x(s: float) -> float:
        return x0 + (s - 1) * w / (sessions - 1)

    def y(v: float) -> float:
        return y0 + h - (v - low) * h / max(high - low, 1)

    for i, band in enumerate(bands):
        top = y(bands[i + 1].low) if i < len(bands) - 1 else y(band.high)
        pdf.set_fill_color(GREYS[i % len(GREYS)])
        pdf.rect(x0, top, w, y(band.low) - top, style="F")
        pdf.set_font("Helvetica", size=7)
        pdf.text(
            x0 + w + 2, (top + y(band.low)) / 2 + 1, _t(f"{band.label} ({band.low}-{band.high})")
        )
    pdf.set_draw_color(0)
    pdf.rect(x0, y0, w, h)
    for phase in phases:
        pdf.text(x(phase.first_session), y0 - 1, _t(phase.label))
    pdf.set_line_width(0.6)
    for a, b in zip(series.points, series.points[1:], strict=False):
        pdf.line(x(a.session), y(a.total), x(b.session), y(b.total))
    pdf.set_line_width(0.2)
    pdf.set_font("Helvetica", size=7)
    for p in series.points:
        pdf.set_fill_color(0)
        pdf.ellipse(x(p.session) - 1, y(p.total) - 1, 2, 2, style="F")
        pdf.text(x(p.session) - 1, y(p.total) - 2, str(p.total) + (" !risk" if p.risk else ""))
        pdf.text(x(p.session) - 1, y0 + h + 4, str(p.session))
    pdf.text(x0 + w / 2 - 6, y0 + h + 8, "Session")
    pdf.set_y(y0 + h + 11)


def progress_report(outcome: summary.ClientOutcome) -> bytes:
    client = outcome.client
    practice = practice_info()
    pdf = FPDF(format="Letter")
    pdf.set_title("Progress report")
    pdf.set_author(_t(practice.name))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _t(f"Progress report: {client.full_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0, 6, _t(f"{practice.name}, {timezone.localdate():%B %-d, %Y}"),
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.ln(2)
    course = outcome.course
    lines = []
    if course.recovered is not None:
        lines.append("Recovery: " + ("recovered" if course.recovered else "not yet below caseness"))
    if course.reliable_improvement:
        lines.append("Reliable improvement on at least one measure.")
    if course.reliable_deterioration:
        lines.append("Reliable deterioration on at least one measure.")
    phases = integrations.phases(client)
    if phases:
        lines.append("Phase of treatment: " + phases[-1].label)
    for line in lines:
        pdf.multi_cell(0, 5, _t(line), new_x="LMARGIN", new_y="NEXT")
    for series in outcome.series:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, _t(series.name), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        s = series.stats
        verdict = {
            "reliable_improvement": "reliable improvement",
            "reliable_deterioration": "reliable deterioration",
            "no_rule": "no reliable-change rule for this questionnaire",
        }.get(s.reliable, "no reliable change")
        pdf.multi_cell(
            0, 5,
            _t(f"First score {s.baseline}, latest {s.latest} (change {s.change:+d}): {verdict}."
               f" Rule: {s.rule.text} Source: {s.rule.source}."),
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        _chart(pdf, series, phases)
        with pdf.table(col_widths=(20, 40, 20, 60), text_align="LEFT") as table:
            table.row(["Session", "Date", "Score", "Band"])
            for p in series.points:
                table.row([str(p.session), f"{p.taken_at:%b %-d, %Y}", str(p.total), _t(p.band)])
    goals = integrations.goals(client)
    if goals:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, "Goals", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        for area, text, progress in goals:
            pdf.multi_cell(0, 5, _t(f"{area}: {text} ({progress})"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0, 4,
        _t("Questionnaire scores describe symptoms over the past two weeks; they are not a "
           "diagnosis. Shared with the client, or with a referrer only with the client's "
           "consent."),
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    return bytes(pdf.output())
