"""What money adds to the staff client page and the client portal (see staff/panels.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from confide.audit.actor import Actor
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.billing import estimates, forms, rules
from confide.billing.balances import client_balance, invoice_balances
from confide.billing.models import BillingAccount, Estimate, EstimateStatus, InvoiceStatus
from confide.core.panels import Panel


def client_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """The account at a glance: balance, how the client pays, estimates and drafts. Money is
    not clinical, so intake and admin see it too."""
    live = list(client.estimates.live().select_related("clinician"))
    for est in live:
        est.excess = estimates.excess_of(est) if est.status == EstimateStatus.ISSUED else 0
    record_many(Action.READ, live, actor=actor, client_of=lambda e: e.client_id)
    context = {
        "client": client,
        "balance": client_balance(client),
        "estimates": live,
        "drafts": client.charges.drafts().count(),
        "account": BillingAccount.objects.filter(client=client).first(),
        "today": timezone.localdate(),
    }
    return Panel("billing/_client_panel.html", context, order=30)


def diagnoses_panel(actor: Actor, client: Any, clinical: bool) -> Panel | None:
    """ICD-10-CM diagnoses, on the chart for those who may read clinical content."""
    if not rules.may_read_diagnoses(actor.user, client):
        return None
    rows = list(client.diagnoses.all())
    record_many(Action.READ, rows, actor=actor, client_of=lambda d: d.client_id)
    return Panel(
        "billing/_diagnoses_panel.html",
        {
            "client": client,
            "diagnoses": rows,
            "may_diagnose": rules.may_enter_diagnosis(actor.user, client),
        },
        order=35,
    )


def portal_panel(actor: Actor, client: Any) -> Panel | None:
    """The client's own invoices (pay by card), estimates, superbills and statements."""
    invoices = list(client.invoices.exclude(status=InvoiceStatus.VOID)[:24])
    owed = invoice_balances([i.pk for i in invoices])
    for invoice in invoices:
        invoice.owed = owed[invoice.pk].balance
    issued = list(
        Estimate.objects.filter(client=client, status=EstimateStatus.ISSUED).select_related(
            "clinician"
        )
    )
    if not invoices and not issued and not client.charges.final().exists():
        return None
    record_many(Action.READ, invoices + issued, actor=actor, client_of=lambda o: o.client_id)
    today = timezone.localdate()
    context = {
        "client": client,
        "balance": client_balance(client),
        "invoices": invoices,
        "estimates": issued,
        "period_form": forms.PeriodForm(initial={"from": today - timedelta(days=90), "to": today}),
        "months": forms.month_choices(),
    }
    return Panel("billing/_portal_panel.html", context, order=40)
