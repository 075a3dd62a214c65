"""The practice's money: fee schedule, billing identities, diagnoses, charges, adjustments,
invoices, payments, refunds and Good Faith Estimates. Amounts are `Decimal` (two places) in
the database; balances are computed by `ledger.py`, never stored, so they cannot drift.

A final charge is never edited: a correction is an `Adjustment` beside it.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from confide.billing import codes
from confide.billing.npi import npi_problem
from confide.practice.models import Client, Clinician, Location

USER = settings.AUTH_USER_MODEL


def money_field(**kwargs: Any) -> models.DecimalField:
    return models.DecimalField(max_digits=10, decimal_places=2, **kwargs)


def validate_npi(value: str) -> None:
    if value and (problem := npi_problem(value)):
        raise ValidationError(problem)


def validate_code(value: str) -> None:
    if problem := codes.code_problem(value):
        raise ValidationError(problem)


class Level(models.Model):
    """A clinician level the fee schedule prices by (e.g. psychologist, licensed therapist)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self) -> str:
        return self.name


class PracticeBilling(models.Model):
    """The practice as an insurer sees it, and its billing policy. One row (pk=1)."""

    legal_name = models.CharField(max_length=200, blank=True)
    tin = models.CharField(
        "tax identification number (EIN)", max_length=10, blank=True, help_text="12-3456789"
    )
    npi = models.CharField(
        "group NPI", max_length=10, blank=True, validators=[validate_npi], help_text="Type 2"
    )
    billing_location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    telehealth_modifier = models.CharField(
        max_length=2, choices=[(m, m) for m in codes.TELEHEALTH_MODIFIERS], default="95"
    )
    telehealth_place = models.CharField(
        "place of service for video sessions",
        max_length=2,
        choices=[("10", "10: in the client's home"), ("02", "02: elsewhere")],
        default="10",
    )
    late_cancel_hours = models.PositiveSmallIntegerField(
        "late cancellation: fewer than this many hours' notice", default=24
    )
    late_cancel_fee = money_field(
        null=True, blank=True, help_text="Empty: late cancellations are not charged."
    )
    no_show_fee = money_field(null=True, blank=True, help_text="Empty: no-shows are not charged.")
    invoice_due_days = models.PositiveSmallIntegerField(default=14)
    session_code = models.CharField(
        "session code for estimates",
        max_length=5,
        default="90834",
        validators=[validate_code],
        help_text="The code a Good Faith Estimate prices a course's sessions with.",
    )

    class Meta:
        verbose_name = verbose_name_plural = "practice billing"

    def __str__(self) -> str:
        return self.legal_name or "Practice billing"

    @classmethod
    def current(cls) -> PracticeBilling:
        row, _ = cls.objects.get_or_create(
            pk=1, defaults={"legal_name": settings.CONFIDE_PRACTICE["name"]}
        )
        return row


class ClinicianBilling(models.Model):
    """A clinician's billing identity: never shown on public pages."""

    clinician = models.OneToOneField(Clinician, on_delete=models.CASCADE, related_name="billing")
    level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.SET_NULL, related_name="clinicians"
    )
    npi = models.CharField("NPI", max_length=10, blank=True, validators=[validate_npi])
    taxonomy = models.CharField(
        max_length=10, blank=True, help_text="Healthcare provider taxonomy code, e.g. 103T00000X"
    )
    licence_number = models.CharField(max_length=40, blank=True)
    licence_state = models.CharField(max_length=2, blank=True, help_text="e.g. NY")

    def __str__(self) -> str:
        return f"Billing identity of {self.clinician}"


class Service(models.Model):
    """A line of the fee schedule: a code number, the practice's own words, a default fee."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.CharField(max_length=5, unique=True, validators=[validate_code])
    name = models.CharField(
        max_length=120, help_text="In the practice's own words (CPT descriptors are the AMA's)."
    )
    minutes = models.PositiveSmallIntegerField(default=50, validators=[MinValueValidator(1)])
    fee = money_field(validators=[MinValueValidator(Decimal("0.01"))])
    modifiers = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Fee(models.Model):
    """A fee for one service at one clinician level, or for one clinician (which wins)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="fees")
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.CASCADE)
    clinician = models.ForeignKey(Clinician, null=True, blank=True, on_delete=models.CASCADE)
    amount = money_field(validators=[MinValueValidator(Decimal("0.01"))])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=True, clinician__isnull=False)
                | Q(level__isnull=False, clinician__isnull=True),
                name="fee_for_level_or_clinician",
            ),
            models.UniqueConstraint(fields=["service", "level"], name="one_fee_per_level"),
            models.UniqueConstraint(fields=["service", "clinician"], name="one_fee_per_clinician"),
        ]

    def __str__(self) -> str:
        return f"{self.service.code} for {self.level or self.clinician}: {self.amount}"


class Coverage(models.TextChoices):
    SELF_PAY = "self_pay", "Self-pay (may claim from an insurer with a superbill)"
    UNINSURED = "uninsured", "Uninsured"
    INSURER_BILLED = "insurer_billed", "The practice bills the client's insurer"


GFE_COVERAGE = (Coverage.SELF_PAY, Coverage.UNINSURED)


class BillingAccount(models.Model):
    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="billing")
    coverage = models.CharField(max_length=20, choices=Coverage.choices, default=Coverage.SELF_PAY)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Billing account of client {self.client_id}"


class DiagnosisQuerySet(models.QuerySet):
    def current(self) -> DiagnosisQuerySet:
        return self.filter(resolved_on__isnull=True)

    def during(self, first: Any, last: Any) -> DiagnosisQuerySet:
        """Diagnoses that apply to services between two dates: not resolved before the first.
        One made after a session (the assessment is often written up later) still applies to
        it; one resolved before the period does not."""
        return self.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gte=first))


class Diagnosis(models.Model):
    """An ICD-10-CM diagnosis on the client's record: clinical, entered by their clinician."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="diagnoses")
    code = models.CharField(max_length=8)
    description = models.CharField(max_length=250)
    primary = models.BooleanField(default=False)
    diagnosed_on = models.DateField()
    resolved_on = models.DateField(null=True, blank=True)
    entered_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DiagnosisQuerySet.as_manager()

    class Meta:
        ordering = ["-primary", "diagnosed_on", "code"]
        verbose_name_plural = "diagnoses"
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(primary=True, resolved_on__isnull=True),
                name="one_current_primary_diagnosis",
            ),
            models.UniqueConstraint(
                fields=["client", "code"],
                condition=Q(resolved_on__isnull=True),
                name="diagnosis_once_while_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Diagnosis of client {self.client_id}"


class ChargeStatus(models.TextChoices):
    DRAFT = "draft", "Draft (for review)"
    FINAL = "final", "Final"
    VOID = "void", "Void (not charged)"


class ChargeReason(models.TextChoices):
    ATTENDED = "attended", "Session"
    LATE_CANCEL = "late_cancel", "Late cancellation"
    NO_SHOW = "no_show", "Missed appointment"
    MANUAL = "manual", "Added by hand"


class ChargeQuerySet(models.QuerySet):
    def final(self) -> ChargeQuerySet:
        return self.filter(status=ChargeStatus.FINAL)

    def drafts(self) -> ChargeQuerySet:
        return self.filter(status=ChargeStatus.DRAFT)


class Charge(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="charges")
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="charges")
    appointment = models.ForeignKey(
        "scheduling.Appointment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
    )
    reason = models.CharField(max_length=12, choices=ChargeReason.choices)
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.PROTECT, related_name="charges"
    )
    code = models.CharField(max_length=5, blank=True, help_text="Empty for a policy fee.")
    description = models.CharField(max_length=120)
    modifiers = models.JSONField(default=list, blank=True)
    place_of_service = models.CharField(max_length=2, blank=True)
    units = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    fee = money_field()
    date_of_service = models.DateField()
    status = models.CharField(
        max_length=6, choices=ChargeStatus.choices, default=ChargeStatus.DRAFT, db_index=True
    )
    invoice = models.ForeignKey(
        "Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="charges"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ChargeQuerySet.as_manager()

    class Meta:
        ordering = ["date_of_service", "created_at"]
        indexes = [
            models.Index(fields=["client", "date_of_service"]),
            models.Index(fields=["clinician", "date_of_service"]),
        ]
        constraints = [
            # One live charge per appointment: a repeated or concurrent hook cannot bill twice.
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(appointment__isnull=False) & ~Q(status="void"),
                name="one_live_charge_per_appointment",
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="charge_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"Charge {self.code or self.reason} on {self.date_of_service} ({self.status})"

    @property
    def amount(self) -> Decimal:
        return self.fee * self.units

    @property
    def code_with_modifiers(self) -> str:
        return "-".join([self.code, *self.modifiers]) if self.code else ""


class AdjustmentKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    COURTESY = "courtesy", "Courtesy discount"
    WRITE_OFF = "write_off", "Write-off"
    OTHER = "other", "Other"


class Adjustment(models.Model):
    """A signed change to what a client owes, beside a final charge or on the account."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="adjustments")
    charge = models.ForeignKey(
        Charge, null=True, blank=True, on_delete=models.PROTECT, related_name="adjustments"
    )
    invoice = models.ForeignKey(
        "Invoice", null=True, blank=True, on_delete=models.SET_NULL, related_name="adjustments"
    )
    kind = models.CharField(max_length=12, choices=AdjustmentKind.choices)
    amount = money_field()
    note = models.CharField(max_length=200, help_text="Why (no clinical detail).")
    on = models.DateField()
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="adjustment_not_zero"),
        ]

    def __str__(self) -> str:
        return f"Adjustment {self.amount} ({self.kind})"


class InvoiceStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    VOID = "void", "Void"


class InvoiceCounter(models.Model):
    """The last invoice number of each year, taken under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Invoices of {self.year}: {self.last}"


class Invoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(max_length=20, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="invoices")
    bill_to_name = models.CharField(max_length=200)
    bill_to_email = models.EmailField(blank=True)
    issued_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(
        max_length=5, choices=InvoiceStatus.choices, default=InvoiceStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-number"]

    def __str__(self) -> str:
        return f"Invoice {self.number}"


class PaymentMethod(models.TextChoices):
    CARD = "card", "Card"
    CASH = "cash", "Cash"
    CHECK = "check", "Check"
    TRANSFER = "transfer", "Bank transfer"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the card provider"
    SUCCEEDED = "succeeded", "Received"
    FAILED = "failed", "Failed"


class Payment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="payments")
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(validators=[MinValueValidator(Decimal("0.01"))])
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.SUCCEEDED
    )
    provider = models.CharField(max_length=20, blank=True, help_text="Card provider, if any.")
    provider_ref = models.CharField(max_length=120, blank=True, db_index=True)
    reference = models.CharField(max_length=60, blank=True, help_text="Check number, etc.")
    received_on = models.DateField()
    recorded_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive"),
        ]

    def __str__(self) -> str:
        return f"Payment {self.amount} by {self.method} ({self.status})"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Sent to the card provider"
    SUCCEEDED = "succeeded", "Refunded"
    FAILED = "failed", "Failed"


class Refund(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = money_field(validators=[MinValueValidator(Decimal("0.01"))])
    note = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    provider_ref = models.CharField(max_length=120, blank=True)
    on = models.DateField()
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive"),
        ]

    def __str__(self) -> str:
        return f"Refund {self.amount} ({self.status})"


class EstimateStatus(models.TextChoices):
    DRAFT = "draft", "Draft (to issue)"
    ISSUED = "issued", "Issued"
    SUPERSEDED = "superseded", "Replaced by a newer estimate"
    VOID = "void", "Withdrawn"


class EstimateReason(models.TextChoices):
    SCHEDULED = "scheduled", "A session was scheduled"
    REQUESTED = "requested", "The client asked"
    CHANGED = "changed", "The plan changed"


class EstimateQuerySet(models.QuerySet):
    def live(self) -> EstimateQuerySet:
        return self.filter(status__in=[EstimateStatus.DRAFT, EstimateStatus.ISSUED])


class Estimate(models.Model):
    """A Good Faith Estimate. Once issued its figures never change (kept six years); a change
    of plan supersedes it with a new one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="estimates")
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="estimates")
    status = models.CharField(
        max_length=10, choices=EstimateStatus.choices, default=EstimateStatus.DRAFT, db_index=True
    )
    reason = models.CharField(max_length=10, choices=EstimateReason.choices)
    basis_on = models.DateField(help_text="The day of scheduling, the request or the change.")
    first_service_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(db_index=True)
    due_rule = models.CharField(max_length=200)
    required = models.BooleanField(default=True)
    period_start = models.DateField()
    period_end = models.DateField()
    course = models.CharField(max_length=120)
    sessions = models.PositiveSmallIntegerField()
    fewest = models.PositiveSmallIntegerField()
    most = models.PositiveSmallIntegerField()
    total = money_field()
    low = money_field()
    high = money_field()
    formulation_version = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the document names, fixed when it is drafted and again when it is issued.
    provider = models.JSONField(default=dict)
    diagnoses = models.JSONField(default=list, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exceeded_at = models.DateTimeField(
        null=True, blank=True, help_text="When billed charges first ran $400 over."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EstimateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live estimate per client and provider: drafting twice at once cannot fork.
            models.UniqueConstraint(
                fields=["client", "clinician"],
                condition=Q(status__in=["draft", "issued"]),
                name="one_live_estimate_per_provider",
            ),
        ]

    def __str__(self) -> str:
        return f"Good Faith Estimate of {self.basis_on} ({self.status})"


class EstimateLine(models.Model):
    estimate = models.ForeignKey(Estimate, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=5)
    description = models.CharField(max_length=120)
    modifiers = models.JSONField(default=list, blank=True)
    place_of_service = models.CharField(max_length=2, blank=True)
    quantity = models.PositiveSmallIntegerField()
    unit_fee = money_field()
    amount = money_field()

    class Meta:
        ordering = ["estimate", "position"]

    def __str__(self) -> str:
        return f"{self.code} x{self.quantity}"
