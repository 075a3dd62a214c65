"""The money documents as PDF (fpdf2, pure Python): superbills, invoices, statements and Good
Faith Estimates. Each is built from the same rows and the same `ledger` rule as the pages.

Diagnosis codes are clinical. A document made for someone who may not read them (an admin
without break-glass) says so where the codes would be, instead of leaving them out silently;
the copies for the client and their clinician carry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from fpdf import FPDF

from confide.billing import codes, ledger
from confide.billing.estimate import DISPUTE_THRESHOLD
from confide.billing.money import format_usd
from confide.outcomes.report import _t

WITHHELD = (
    "Diagnosis codes are withheld from this copy: they are visible to the client and to the "
    "client's clinicians. This copy is not for submission to an insurer."
)
LETTERS = "ABCDEFGHIJKL"


class Document(FPDF):
    def __init__(self, title: str, author: str) -> None:
        super().__init__(format="Letter")
        self.set_title(_t(title))
        self.set_author(_t(author))
        self.set_auto_page_break(True, margin=15)
        self.footer_text = f"{author} · {title}"

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=7)
        self.cell(0, 5, _t(f"{self.footer_text} · page {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 15) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, _t(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def subheading(self, text: str) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", 11)
        self.cell(0, 6, _t(text), new_x="LMARGIN", new_y="NEXT")

    def para(self, text: str, size: int = 9, style: str = "") -> None:
        self.set_font("Helvetica", style, size)
        self.multi_cell(0, size * 0.5, _t(text), new_x="LMARGIN", new_y="NEXT")

    def facts(self, rows: Sequence[tuple[str, str]]) -> None:
        self.set_font("Helvetica", size=9)
        for label, value in rows:
            if not value:
                continue
            self.set_font("Helvetica", "B", 9)
            self.cell(45, 5, _t(label))
            self.set_font("Helvetica", size=9)
            self.multi_cell(0, 5, _t(value), new_x="LMARGIN", new_y="NEXT")

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.set_font("Helvetica", size=8)
        with self.table(col_widths=tuple(widths), text_align="LEFT", line_height=5) as table:
            table.row([_t(h) for h in header])
            for row in rows:
                table.row([_t(c) for c in row])

    def pdf_bytes(self) -> bytes:
        return bytes(self.output())


def _practice_facts(provider: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Practice", provider.get("practice", "")),
        ("Address", ", ".join(provider.get("address", []))),
        ("Phone", provider.get("phone", "")),
        ("Tax ID (EIN)", provider.get("tin", "")),
        ("Group NPI", provider.get("group_npi", "")),
    ]


def _clinician_facts(provider: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("Clinician", provider.get("clinician", "")),
        ("NPI", provider.get("npi", "") or "not on file"),
        ("Taxonomy", provider.get("taxonomy", "")),
        ("Licence", provider.get("licence", "")),
    ]


def _client_facts(client: Any) -> list[tuple[str, str]]:
    return [
        ("Client", client.full_name),
        ("Date of birth", f"{client.date_of_birth:%m/%d/%Y}"),
        ("Phone", client.phone),
        ("Guardian", client.guardian_name if client.is_minor else ""),
    ]


def _diagnosis_section(doc: Document, diagnoses: Sequence[dict[str, Any]], redact: bool) -> None:
    doc.subheading("Diagnoses (ICD-10-CM)")
    if redact:
        doc.para(WITHHELD, style="I")
        return
    if not diagnoses:
        doc.para("None recorded yet.")
        return
    doc.grid(
        ["", "Code", "Description", ""],
        [
            [LETTERS[i], d["code"], d["description"], "primary" if d.get("primary") else ""]
            for i, d in enumerate(diagnoses[: len(LETTERS)])
        ],
        (8, 22, 130, 20),
    )


# --- superbill ----------------------------------------------------------------------------


def superbill_pdf(
    sections: Sequence[Any], client: Any, first: date, last: date, redact: bool
) -> bytes:
    """One section per rendering clinician: identities, diagnoses, each service with its code,
    modifiers, place, diagnosis pointers, fee and the amount paid."""
    provider = sections[0].provider if sections else {}
    doc = Document("Superbill", provider.get("practice", ""))
    for section in sections or [None]:
        doc.add_page()
        doc.heading("Superbill: statement of services for insurance reimbursement")
        doc.para(f"Dates of service {first:%m/%d/%Y} to {last:%m/%d/%Y}. "
                 f"Prepared {timezone.localdate():%m/%d/%Y}.")  # fmt: skip
        if section is None:
            doc.facts(_client_facts(client))
            doc.para("No services in these dates.")
            break
        doc.subheading("Provider")
        doc.facts(_practice_facts(section.provider) + _clinician_facts(section.provider))
        doc.subheading("Client")
        doc.facts(_client_facts(client))
        _diagnosis_section(doc, section.diagnoses, redact)
        pointers = "" if redact else "".join(LETTERS[: min(4, len(section.diagnoses))])
        doc.subheading("Services")
        doc.grid(
            ["Date", "CPT", "Modifiers", "POS", "Units", "Dx", "Description", "Fee", "Paid"],
            [
                [
                    f"{line.on:%m/%d/%Y}",
                    line.code,
                    " ".join(line.modifiers),
                    line.place,
                    str(line.units),
                    pointers,
                    line.description,
                    format_usd(line.amount),
                    format_usd(line.paid),
                ]
                for line in section.lines
            ],
            (20, 13, 17, 10, 10, 10, 55, 22, 22),
        )
        doc.ln(2)
        doc.facts(
            [
                ("Total charges", format_usd(section.total)),
                ("Amount paid", format_usd(section.paid)),
                ("Balance", format_usd(section.total - section.paid)),
            ]
        )
        places = sorted({line.place for line in section.lines})
        doc.para(
            "Places of service: "
            + "; ".join(f"{p} {codes.PLACES_OF_SERVICE.get(p, '')}" for p in places)
            + ". Code descriptions are the practice's own words.",
            size=8,
        )
        doc.ln(6)
        doc.para("Clinician's signature: ______________________________    Date: ____________")
    return doc.pdf_bytes()


# --- invoice and statement ----------------------------------------------------------------


def invoice_pdf(invoice: Any, view: Any, practice: dict[str, Any]) -> bytes:
    doc = Document(f"Invoice {invoice.number}", practice.get("practice", ""))
    doc.add_page()
    doc.heading(f"Invoice {invoice.number}")
    doc.facts(_practice_facts(practice))
    doc.ln(2)
    doc.facts(
        [
            ("Bill to", invoice.bill_to_name),
            ("For", invoice.client.full_name if invoice.bill_to_name != invoice.client.full_name
             else ""),
            ("Issued", f"{invoice.issued_on:%B %-d, %Y}"),
            ("Due", f"{invoice.due_on:%B %-d, %Y}"),
            ("Status", invoice.get_status_display()),
        ]
    )  # fmt: skip
    doc.subheading("Charges")
    doc.grid(
        ["Date", "Code", "Description", "Clinician", "Amount"],
        [
            [f"{c.date_of_service:%m/%d/%Y}", c.code_with_modifiers, c.description,
             c.clinician.full_name, format_usd(c.amount)]
            for c in view.charges
        ]
        + [
            [f"{a.on:%m/%d/%Y}", "", f"Adjustment: {a.get_kind_display()}", "",
             format_usd(a.amount)]
            for a in view.adjustments
        ],
        (22, 22, 80, 40, 26),
    )  # fmt: skip
    if view.payments:
        doc.subheading("Payments")
        doc.grid(
            ["Date", "Method", "Amount"],
            [[f"{p.received_on:%m/%d/%Y}", p.get_method_display(), format_usd(p.amount)]
             for p in view.payments]
            + [[f"{r.on:%m/%d/%Y}", "Refund", format_usd(-r.amount)] for r in view.refunds],
            (40, 60, 40),
        )  # fmt: skip
    doc.ln(2)
    doc.facts(
        [
            ("Total", format_usd(view.balance.billed)),
            ("Paid", format_usd(view.balance.paid)),
            ("Balance due", format_usd(view.balance.balance)),
        ]
    )
    doc.ln(2)
    doc.para("Pay by card in your portal, or by check payable to the practice.", size=8)
    return doc.pdf_bytes()


def statement_pdf(client: Any, first: date, last: date, opening: Decimal, entries: Sequence[Any],
                  practice: dict[str, Any]) -> bytes:  # fmt: skip
    doc = Document("Statement", practice.get("practice", ""))
    doc.add_page()
    doc.heading(f"Statement for {first:%B %Y}")
    doc.facts(_practice_facts(practice))
    doc.ln(2)
    doc.facts(_client_facts(client))
    rows, running = [], opening
    for e in entries:
        sign = -1 if e.kind == ledger.PAYMENT else 1
        running += sign * e.amount
        rows.append([f"{e.on:%m/%d/%Y}", e.label, format_usd(sign * e.amount), format_usd(running)])
    doc.subheading("Activity")
    doc.grid(
        ["Date", "What", "Amount", "Balance"],
        [[f"{first:%m/%d/%Y}", "Opening balance", "", format_usd(opening)], *rows],
        (25, 95, 30, 30),
    )
    doc.ln(2)
    doc.facts([("Balance on " + f"{last:%B %-d, %Y}", format_usd(running))])
    return doc.pdf_bytes()


# --- Good Faith Estimate ------------------------------------------------------------------

GFE_NOTICE = (
    "You have the right to receive a Good Faith Estimate explaining how much your care will "
    "cost. Under the law, health care providers must give clients who do not have insurance, or "
    "who are not using insurance, an estimate of the bill for items and services before they are "
    "provided.",
    "You have the right to a Good Faith Estimate for the total expected cost of any non-emergency "
    "items or services, on request or when you schedule them.",
    "If you schedule an item or service at least 3 business days in advance, you should have your "
    "Good Faith Estimate in writing within 1 business day after scheduling; at least 10 business "
    "days in advance, within 3 business days after scheduling. If you ask for an estimate before "
    "scheduling, you should have it within 3 business days after asking.",
    f"If you receive a bill that is at least {format_usd(DISPUTE_THRESHOLD)} more than your Good "
    "Faith Estimate, you can dispute the bill. You may contact us to say the billed charges are "
    "higher, ask us to update the bill to match the estimate, negotiate the bill, or ask whether "
    "financial help is available. You may also start the federal patient-provider dispute "
    "resolution process within 120 calendar days of the date on the original bill (a small fee "
    "applies).",
    "Make sure to save a copy or picture of your Good Faith Estimate and of your bill.",
    "For questions or more information about your right to a Good Faith Estimate, visit "
    "www.cms.gov/nosurprises or call 1-800-985-3059.",
)
GFE_DISCLAIMERS = (
    "This estimate shows the costs of items and services reasonably expected for your care, "
    "based on information known when it was written. It is only an estimate: the actual items, "
    "services or charges may differ.",
    "It does not include unknown or unexpected costs that may arise during treatment. Any other "
    "items or services recommended to you would be scheduled or requested separately and are not "
    "part of this estimate.",
    "A Good Faith Estimate is not a contract and does not require you to obtain the items or "
    "services from us or from any provider named here.",
)


def estimate_pdf(est: Any, lines: Sequence[Any], redact: bool) -> bytes:
    provider = est.provider or {}
    doc = Document("Good Faith Estimate", provider.get("practice", ""))
    doc.add_page()
    doc.heading("Good Faith Estimate for Health Care Items and Services")
    state = est.get_status_display() if est.status != "issued" else ""
    doc.para(
        (f"[{state}] " if state else "")
        + f"Estimate date {(est.issued_at.date() if est.issued_at else est.basis_on):%m/%d/%Y}. "
        f"Covers services from {est.period_start:%m/%d/%Y} to {est.period_end:%m/%d/%Y}."
    )
    doc.subheading("Client")
    doc.facts(_client_facts(est.client))
    doc.subheading("What this estimate is for")
    first = f" The first session is scheduled for {est.first_service_on:%m/%d/%Y}." if (
        est.first_service_on) else ""  # fmt: skip
    doc.para(
        f"{est.course}: a first consultation and about {est.sessions} sessions with the same "
        f"clinician, usually weekly.{first}"
    )
    doc.subheading("Provider")
    doc.facts(_practice_facts(provider) + _clinician_facts(provider)
              + [("State", provider.get("state", ""))])  # fmt: skip
    _diagnosis_section(doc, est.diagnoses, redact)
    doc.subheading("Expected items and services")
    doc.grid(
        ["Code", "Description", "Place", "Quantity", "Each", "Expected"],
        [
            [
                "-".join([line.code, *line.modifiers]),
                line.description,
                line.place_of_service,
                str(line.quantity),
                format_usd(line.unit_fee),
                format_usd(line.amount),
            ]
            for line in lines
        ],
        (25, 70, 15, 20, 25, 25),
    )
    doc.ln(2)
    doc.facts(
        [
            ("Total expected charges", format_usd(est.total)),
            (
                "Expected range",
                f"{format_usd(est.low)} ({est.fewest} sessions) to {format_usd(est.high)} "
                f"({est.most} sessions)",
            ),
        ]
    )
    doc.para("No other provider or facility is expected to be part of this care; nothing listed "
             "needs to be scheduled separately.", size=8)  # fmt: skip
    doc.subheading("Disclaimer")
    for text in GFE_DISCLAIMERS:
        doc.para(text, size=8)
    doc.subheading("Your rights")
    for text in GFE_NOTICE:
        doc.para(text, size=8)
    return doc.pdf_bytes()
