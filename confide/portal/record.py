"""The client's own record as a readable PDF (HIPAA right of access): appointments,
questionnaires and scores, the treatment plan and signed documents, within what the viewer
may see. Session notes (psychotherapy notes) are never part of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from fpdf import FPDF

from confide.assessments import catalog
from confide.core.pdf import latin1
from confide.instruments import UnknownInstrument
from confide.outcomes import integrations, summary
from confide.paperwork.models import Document
from confide.paperwork.pdf import local
from confide.practice.info import practice_info
from confide.practice.models import Client
from confide.scheduling.models import Appointment


@dataclass(frozen=True)
class Scope:
    """What this copy holds, decided by access.py for the person asking."""

    answers: bool
    plan: bool
    prepared_for: str


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)


def _para(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")


def _table(
    pdf: FPDF, widths: tuple[int, ...], head: list[str] | None, rows: list[list[Any]]
) -> None:
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=bool(head)) as table:
        if head:
            table.row([latin1(h) for h in head])
        for row in rows:
            table.row([latin1(cell) for cell in row])


def _day(moment: Any) -> str:
    local_moment = timezone.localtime(moment)
    return f"{local_moment:%b} {local_moment.day}, {local_moment.year}"


def _instrument_name(code: str) -> str:
    try:
        return catalog.get_instrument(code).name
    except UnknownInstrument:
        return code.upper()


def own_record_pdf(client: Client, scope: Scope) -> bytes:
    practice = practice_info()
    pdf = FPDF(format="Letter")
    pdf.set_title(latin1(f"Record of {client.full_name}"))
    pdf.set_author(latin1(practice.name))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, latin1(f"Record of {client.full_name}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=9)
    born = client.date_of_birth
    _para(
        pdf,
        f"Date of birth {born:%B} {born.day}, {born.year}. {practice.name}, {practice.phone}. "
        f"Prepared {local(timezone.now())} for {scope.prepared_for}.",
    )

    _heading(pdf, "Contact details on file")
    emergency = client.emergency_contact_name
    if emergency:
        emergency += f" ({client.emergency_contact_relationship}), {client.emergency_contact_phone}"
    _table(pdf, (50, 130), None, [
        ["Phone", client.phone or "-"],
        ["E-mail", client.email or "-"],
        ["Preferred contact", client.get_preferred_contact_display()],
        ["Emergency contact", emergency or "-"],
    ])  # fmt: skip

    _heading(pdf, "Appointments")
    appointments = list(
        Appointment.objects.filter(client=client).select_related("clinician", "location")
        .prefetch_related("clinician__locations").order_by("start")
    )  # fmt: skip
    if appointments:
        _table(pdf, (40, 45, 40, 30, 25), ["Date", "With", "Kind", "Where", "Status"], [
            [f"{a.local_start:%b} {a.local_start.day}, {a.local_start.year} "
             f"{a.local_start:%H:%M}", a.clinician.full_name, a.get_kind_display(),
             "Video" if a.format == "virtual" else (a.location.name if a.location else ""),
             a.get_status_display()]
            for a in appointments
        ])  # fmt: skip
    else:
        _para(pdf, "No appointments yet.")

    _heading(pdf, "Questionnaires and scores")
    if scope.answers:
        assessments = list(client.assessments.order_by("taken_at"))
        if assessments:
            _table(pdf, (30, 70, 30, 50), ["Date", "Questionnaire", "Score", "What it means"], [
                [_day(a.taken_at), _instrument_name(a.instrument),
                 f"{a.total} of {a.max_total}" if a.total is not None else "not scorable",
                 summary.band_label(a.instrument, a.total) if a.total is not None else ""]
                for a in assessments
            ])  # fmt: skip
        else:
            _para(pdf, "No questionnaires yet.")
    else:
        _para(pdf, "Not included: the clinician has not shared the questionnaires with "
                   "parents and guardians (the default for a minor's own answers).")  # fmt: skip

    if scope.plan:
        goals = integrations.goals(client)
        if goals:
            _heading(pdf, "Treatment plan")
            _table(pdf, (50, 100, 30), ["Focus", "Goal", "Progress"], [list(g) for g in goals])

    _heading(pdf, "Documents")
    documents = list(
        Document.objects.filter(client=client).select_related("version").order_by("created_at")
    )
    if documents:
        _table(pdf, (55, 15, 25, 40, 45), ["Document", "Vers.", "Status", "Signed", "SHA-256"], [
            [d.title, str(d.version.number), d.get_status_display(),
             f"{_day(d.signed_at)} by {d.signer_name}" if d.signed_at else "-",
             d.content_sha256[:16] + "..." if d.signed_at else "-"]
            for d in documents
        ])  # fmt: skip
        _para(pdf, "Each signed document can be downloaded on its own, with its signature page, "
                   "from the portal.")  # fmt: skip
    else:
        _para(pdf, "No documents yet.")

    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    _para(pdf, "This copy does not include psychotherapy notes (a clinician's separate notes "
               "of sessions), which the law keeps apart from the record. To ask for a "
               f"correction, or for anything not included here, contact {practice.name} at "
               f"{practice.phone} or {practice.email}.")  # fmt: skip
    return bytes(pdf.output())
