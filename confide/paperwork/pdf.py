"""The PDF of a signed document: its exact text, then a signature page that says who signed
which version, when, from where, and the SHA-256 that proves the text is unchanged."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from fpdf import FPDF
from fpdf.fonts import TextStyle

from confide.core.pdf import latin1
from confide.paperwork.rendering import to_html
from confide.practice.info import practice_info

ATTESTATION = (
    "I have read this document. By typing my full name and ticking this box I sign it "
    "electronically, and I agree that my electronic signature has the same effect as my "
    "handwritten signature."
)


# Headings as a document reads, not fpdf2's coloured defaults.
HEADINGS = {
    "h2": TextStyle(font_style="B", font_size_pt=12, color="#000000", t_margin=4, b_margin=1),
    "h3": TextStyle(font_style="B", font_size_pt=10.5, color="#000000", t_margin=3, b_margin=1),
}


def local(moment: Any) -> str:
    when = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    return f"{when:%B} {when.day}, {when.year} at {when:%H:%M:%S %Z}"


def _pdf(title: str) -> FPDF:
    pdf = FPDF(format="Letter")
    pdf.set_title(latin1(title))
    pdf.set_author(latin1(practice_info().name))
    pdf.set_auto_page_break(auto=True, margin=18)
    return pdf


def write_document(pdf: FPDF, document: Any) -> None:
    """The document's own pages: its title and its text as it was shown to the signer."""
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    pdf.cell(
        0, 5, latin1(f"{practice_info().name} - version {document.version.number}"),
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10)
    pdf.write_html(latin1(to_html(document.content)), tag_styles=HEADINGS)


def write_signature_page(pdf: FPDF, document: Any) -> None:
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, "Signature", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    rows = [
        ("Document", document.title),
        (
            "Version",
            f"{document.version.number} (published {local(document.version.published_at)})",
        ),
        ("Signed by (typed name)", document.signer_name),
        ("Signing as", document.signer_capacity),
        ("Account", document.signed_by.get_username() if document.signed_by else ""),
        ("Signed at", local(document.signed_at)),
        ("From address", document.signer_ip or "unknown"),
        ("Browser", document.user_agent or "unknown"),
        ("SHA-256 of the text", document.content_sha256),
    ]
    if document.expires_on:
        rows.append(
            (
                "Ends on",
                f"{document.expires_on:%B} {document.expires_on.day}, {document.expires_on.year}",
            )
        )
    with pdf.table(col_widths=(45, 135), text_align="LEFT", first_row_as_headings=False) as table:
        for label, value in rows:
            table.row([latin1(label), latin1(value)])
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Attestation (ticked by the signer)", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 5, latin1(ATTESTATION), new_x="LMARGIN", new_y="NEXT")
    if document.drawn_signature:
        pdf.ln(3)
        pdf.cell(0, 6, "Drawn signature", new_x="LMARGIN", new_y="NEXT")
        pdf.image(io.BytesIO(bytes(document.drawn_signature)), w=70)
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0, 4,
        latin1("The SHA-256 above is computed from the exact text of the document shown on the "
               "first pages; any change to that text would give a different value. Kept by "
               f"{practice_info().name} with its audit trail."),
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip


def signed_document_pdf(document: Any) -> bytes:
    pdf = _pdf(document.title)
    write_document(pdf, document)
    write_signature_page(pdf, document)
    return bytes(pdf.output())
