"""Who is billed, by whom, and at which fee: read by charges, estimates, invoices and the
documents alike (so none of them has to import another)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from confide.billing import codes
from confide.billing.models import ClinicianBilling, PracticeBilling, Service
from confide.practice.models import Client, Clinician


def fee_for(service: Service, clinician: Clinician) -> Decimal:
    """A clinician's own fee, else their level's, else the service's."""
    fees = {(f.level_id, f.clinician_id): f.amount for f in service.fees.all()}
    if (None, clinician.pk) in fees:
        return fees[(None, clinician.pk)]
    identity = ClinicianBilling.objects.filter(clinician=clinician).first()
    if identity and identity.level_id and (identity.level_id, None) in fees:
        return fees[(identity.level_id, None)]
    return service.fee


def place_and_modifiers(fmt: str, service: Service | None) -> tuple[str, list[str]]:
    """The place of service and modifiers a session in this format is billed with."""
    policy = PracticeBilling.current()
    mods = list(service.modifiers) if service else []
    if fmt == "virtual":
        return policy.telehealth_place, list(dict.fromkeys([policy.telehealth_modifier, *mods]))
    return codes.OFFICE, mods


def bill_to(client: Client) -> tuple[str, str]:
    """Who an invoice is addressed to: a minor's guardian, else the client."""
    if client.is_minor and client.guardian_name:
        return client.guardian_name, client.guardian_email
    return client.full_name, client.email


def provider_details(clinician: Clinician) -> dict[str, Any]:
    """What a GFE or superbill says about who provides the care (fixed when issued)."""
    from confide.scheduling.models import primary_location

    practice = PracticeBilling.current()
    identity = ClinicianBilling.objects.filter(clinician=clinician).first()
    place = practice.billing_location or primary_location(clinician)
    works_at = primary_location(clinician) or place
    return {
        "practice": practice.legal_name,
        "tin": practice.tin,
        "group_npi": practice.npi,
        "address": place.address_lines if place else [],
        "phone": place.phone if place else "",
        "state": works_at.region if works_at else "",
        "clinician": clinician.display_name,
        "npi": identity.npi if identity else "",
        "taxonomy": identity.taxonomy if identity else "",
        "licence": (
            f"{identity.licence_state} {identity.licence_number}".strip() if identity else ""
        ),
    }
