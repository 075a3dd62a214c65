"""The demo practice's money: a fee schedule by clinician level, billing identities with valid
(made-up) NPIs, diagnoses on its clients, charges for its attended sessions (the last week's
left as drafts for review), invoices paid and unpaid, and Good Faith Estimates issued and due.
Deterministic and safe to run again; everything goes through the actions as Confide itself."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from confide.audit.actor import Actor, Via
from confide.billing import actions, codes, npi
from confide.billing.models import (
    Charge,
    ChargeStatus,
    ClinicianBilling,
    Diagnosis,
    Estimate,
    Invoice,
    Level,
    PracticeBilling,
    Service,
)
from confide.practice.models import Assignment, ClientStatus, Clinician

DEMO = Actor.system(Via.DEMO)
LEVELS = (("doctoral", "Psychologist or psychiatrist"), ("licensed", "Licensed therapist"))
# Self-pay fees: (doctoral, licensed). The licensed fee is the service's default.
FEES = {
    "90791": ("350.00", "250.00"),
    "90832": ("150.00", "110.00"),
    "90834": ("250.00", "175.00"),
    "90837": ("300.00", "210.00"),
    "90846": ("250.00", "175.00"),
    "90847": ("275.00", "190.00"),
    "90853": ("90.00", "75.00"),
    "90839": ("350.00", "260.00"),
    "90840": ("175.00", "130.00"),
}
TAXONOMY = {"PhD": "103TC0700X", "PsyD": "103TC0700X", "MD": "2084P0800X",
            "LCSW": "1041C0700X", "LMFT": "106H00000X", "LMHC": "101YM0800X"}  # fmt: skip
# Diagnoses by population (billable ICD-10-CM codes; the first is primary).
DIAGNOSES = {
    "adults": [["F32.1"], ["F33.1"], ["F43.23"], ["F41.1", "F32.0"], ["F33.0", "Z63.0"]],
    "perinatal": [["F53.0"], ["F32.1"]],
    "adolescents": [["F32.1"], ["F43.23"], ["F32.0", "F41.1"]],
    "children": [["F43.23"], ["F93.0"]],
}


def fake_npi(seed: str) -> str:
    """A valid-looking NPI (check digit right) that is clearly the demo's: 1 then digits."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    digits = "1" + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return digits + str(npi.check_digit(digits))


def load_fee_schedule() -> list[Service]:
    """The starter schedule with the demo's fees (also what tests start from)."""
    levels = {
        slug: Level.objects.get_or_create(slug=slug, defaults={"name": name, "display_order": i})[0]
        for i, (slug, name) in enumerate(LEVELS)
    }
    services = []
    for code, minutes, name in codes.STARTER_SCHEDULE:
        doctoral, licensed = FEES[code]
        service = Service.objects.filter(code=code).first()
        if service is None:
            service = actions.save_service(
                DEMO, code=code, name=name, minutes=minutes, fee=licensed
            )
            actions.set_fee(DEMO, service, amount=doctoral, level=levels["doctoral"])
            actions.set_fee(DEMO, service, amount=licensed, level=levels["licensed"])
        services.append(service)
    return services


def _identities() -> None:
    doctoral = Level.objects.get(slug="doctoral")
    licensed = Level.objects.get(slug="licensed")
    for clinician in Clinician.objects.prefetch_related("locations"):
        if ClinicianBilling.objects.filter(clinician=clinician).exists():
            continue
        first = clinician.credentials.split(",")[0].strip()
        place = clinician.locations.first()
        actions.save_clinician_billing(
            DEMO,
            clinician,
            npi=fake_npi(clinician.full_name),
            taxonomy=TAXONOMY.get(first, "101YM0800X"),
            licence_number=f"{random.Random(clinician.last_name).randint(10000, 99999)}",  # noqa: S311
            licence_state="CT" if place and place.slug == "greenwich" else "NY",
            level=doctoral if first in ("PhD", "PsyD", "MD") else licensed,
        )


def _practice() -> None:
    row = PracticeBilling.current()
    if row.tin:
        return
    from confide.practice.models import Location

    actions.save_practice_billing(
        DEMO,
        legal_name="Greenwich Psychology Group, PLLC",
        tin="12-3456789",
        npi=fake_npi("practice"),
        billing_location=Location.objects.order_by("display_order").first(),
        late_cancel_fee=Decimal("100.00"),
        no_show_fee=Decimal("100.00"),
    )


def _diagnoses() -> None:
    today = timezone.localdate()
    assignments = Assignment.objects.filter(
        primary=True, client__status=ClientStatus.ACTIVE
    ).select_related("client", "clinician__user")
    for a in assignments:
        client = a.client
        if Diagnosis.objects.filter(client=client).exists() or a.clinician.user is None:
            continue
        population = "perinatal" if client.perinatal else client.population
        choice = random.Random(f"dx {client.pk}").choice(DIAGNOSES[population])  # noqa: S311
        actor = Actor(user=a.clinician.user, via=Via.DEMO)
        for i, code in enumerate(choice):
            actions.add_diagnosis(
                actor, client, code, primary=i == 0, diagnosed_on=today - timedelta(days=60)
            )


def _charges() -> int:
    """Draft a charge for every past attended session (the diary's demo marks them in bulk,
    without the hook), finalise all but the last week's."""
    from confide.scheduling.models import Appointment

    now = timezone.now()
    done = set(
        Charge.objects.filter(appointment__isnull=False).values_list("appointment", flat=True)
    )
    added = 0
    for appt in (
        Appointment.objects.filter(status__in=["attended", "no_show"], end__lte=now)
        .exclude(pk__in=done)
        .select_related("client", "clinician")
        .prefetch_related("clinician__locations")
        .order_by("start")
    ):
        charge = actions.draft_charge_for(DEMO, appt)
        if charge is None:
            continue
        added += 1
        if appt.start < now - timedelta(days=7):
            actions.finalise_charge(DEMO, charge)
    return added


def _invoices() -> None:
    """Invoice what is final; about two in three invoices are paid, a few in part."""
    today = timezone.localdate()
    clients = (
        Charge.objects.filter(status=ChargeStatus.FINAL, invoice__isnull=True)
        .values_list("client", flat=True)
        .distinct()
    )
    from confide.practice.models import Client

    for client in Client.objects.filter(pk__in=list(clients)).order_by("last_name"):
        rng = random.Random(f"invoice {client.pk}")  # noqa: S311 - demo data
        older = Charge.objects.filter(
            client=client,
            status=ChargeStatus.FINAL,
            invoice__isnull=True,
            date_of_service__lt=today - timedelta(days=21),
        )
        for batch in (list(older), None):
            try:
                invoice = actions.create_invoice(DEMO, client, charges=batch, send=False)
            except ValidationError:  # nothing final to invoice in this batch
                continue
            roll = rng.random()
            owed = invoice_owed(invoice)
            if roll < 0.65:
                method = rng.choice(["card", "check", "transfer", "cash"])
                actions.record_payment(DEMO, invoice, amount=owed, method=method, send=False)
            elif roll < 0.8:
                actions.record_payment(
                    DEMO,
                    invoice,
                    amount=(owed / 2).quantize(Decimal("0.01")),
                    method="check",
                    send=False,
                )


def invoice_owed(invoice: Invoice) -> Decimal:
    from confide.billing.balances import invoice_balance

    return invoice_balance(invoice).balance


def _estimates() -> None:
    """Issue estimates to clients in their first weeks; leave one draft due for staff."""
    from confide.scheduling.models import Appointment

    if Estimate.objects.exists():
        return
    firsts = (
        Appointment.objects.filter(kind="intake_consultation")
        .select_related("client", "clinician")
        .order_by("-start")[:4]
    )
    for i, appt in enumerate(firsts):
        est = actions.draft_estimate(
            DEMO,
            appt.client,
            clinician=appt.clinician,
            reason="scheduled",
            basis_on=appt.local_start.date() - timedelta(days=14),
            first_service_on=appt.local_start.date(),
            format=appt.format,
        )
        if i > 0:
            actions.issue_estimate(DEMO, est, send=False)


@transaction.atomic
def load_demo() -> int:
    load_fee_schedule()
    _practice()
    _identities()
    _diagnoses()
    _estimates()  # before the charges, so they price the first consultation too
    added = _charges()
    _invoices()
    return added
