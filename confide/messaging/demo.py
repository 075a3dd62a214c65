"""Demo conversation: the portal client asked their clinician something and was sent a
worksheet, so the portal and the staff inbox have something to show (idempotent)."""

from __future__ import annotations

from fpdf import FPDF

from confide.accounts.models import User
from confide.audit.actor import Actor, Via
from confide.messaging import actions
from confide.messaging.files import Upload
from confide.messaging.models import Kind, Thread
from confide.practice.models import Client


def worksheet_pdf() -> bytes:
    """A one-page interpersonal inventory worksheet, as a clinician might share one."""
    pdf = FPDF(format="Letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "My important relationships", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    prompts = (
        "Who are the people who matter most to you right now?",
        "What is satisfying in each relationship? What is not?",
        "What would you like to change, and what might help?",
    )
    for prompt in prompts:
        pdf.multi_cell(0, 8, prompt, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(18)
    return bytes(pdf.output())


def load_demo() -> int:
    """Add the conversation once; return how many threads were added."""
    client = Client.objects.filter(user__username="client").first()
    if client is None or Thread.objects.filter(client=client).exists():
        return 0
    assignment = client.assignments.select_related("clinician__user").first()
    if assignment is None or assignment.clinician.user is None:
        return 0
    portal = Actor(user=User.objects.get(username="client"), via=Via.DEMO)
    clinician = Actor(user=assignment.clinician.user, via=Via.DEMO)
    sent = actions.start_thread(
        portal,
        client,
        subject="Before our next session",
        body="I have been thinking about what we said about my sister. Could we start there?",
    )
    actions.send_message(
        clinician,
        sent.thread,
        body="Yes, let's. This worksheet may help you get ready: bring it if you like.",
        upload=Upload(worksheet_pdf(), "relationships.pdf"),
        kind=Kind.WORKSHEET,
        title="My important relationships (worksheet)",
    )
    return 1
