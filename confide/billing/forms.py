"""Forms of the money pages. They parse; the actions decide (and raise ValidationError naming
the field, which the views put back on the form)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from confide.billing import codes
from confide.billing.models import (
    AdjustmentKind,
    ClinicianBilling,
    Coverage,
    Level,
    PaymentMethod,
    PracticeBilling,
    Service,
)
from confide.billing.money import AmountError, parse_amount
from confide.core.forms import set_queryset


class AmountField(forms.CharField):
    """Dollars and cents as typed ("175", "175.00", "$175"), read as a Decimal."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        self.allow_negative = allow_negative
        kwargs.setdefault("max_length", 12)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value in ("", None):
            return None
        try:
            return parse_amount(value, allow_negative=self.allow_negative)
        except AmountError as exc:
            raise ValidationError(str(exc)) from None


class DateInput(forms.DateInput):
    input_type = "date"


class ServiceForm(forms.Form):
    code = forms.CharField(label="Code number", max_length=5, help_text="e.g. 90834")
    name = forms.CharField(label="Description in the practice's own words", max_length=120)
    minutes = forms.IntegerField(min_value=1, max_value=480, initial=50)
    fee = AmountField(label="Default fee ($)")
    modifiers = forms.CharField(required=False, max_length=20, help_text="e.g. 95 (space between)")
    active = forms.BooleanField(required=False, initial=True)


class FeeForm(forms.Form):
    level = forms.ModelChoiceField(Level.objects.all(), required=False)
    clinician: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, help_text="A clinician's own fee wins over their level's."
    )
    amount = AmountField(label="Fee ($)", required=False, help_text="Empty removes the fee.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from confide.practice.models import Clinician

        set_queryset(self, "clinician", Clinician.objects.active())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if bool(data.get("level")) == bool(data.get("clinician")):
            raise ValidationError("Choose a level or a clinician (one of them).")
        return data


class DiagnosisForm(forms.Form):
    code = forms.CharField(
        label="ICD-10-CM code", max_length=8, help_text="Billable: F32.1, not F32"
    )
    primary = forms.BooleanField(required=False, label="Primary diagnosis")
    diagnosed_on = forms.DateField(widget=DateInput, initial=timezone.localdate)


class ChargeForm(forms.Form):
    service = forms.ModelChoiceField(Service.objects.filter(active=True), required=False)
    modifiers = forms.CharField(required=False, max_length=20)
    place_of_service = forms.ChoiceField(
        choices=[("", "---------"), *codes.PLACES_OF_SERVICE.items()], required=False
    )
    units = forms.IntegerField(min_value=1, max_value=8, initial=1)
    fee = AmountField(label="Fee ($)", required=False, help_text="Empty: the schedule's fee.")


class AdjustmentForm(forms.Form):
    amount = AmountField(
        label="Amount ($)", allow_negative=True, help_text="Negative lowers what is owed: -50.00"
    )
    kind = forms.ChoiceField(choices=AdjustmentKind.choices)
    note = forms.CharField(max_length=200, help_text="Why. No clinical detail.")
    charge = forms.UUIDField(required=False, widget=forms.HiddenInput)


class PaymentForm(forms.Form):
    amount = AmountField(label="Amount ($)")
    method = forms.ChoiceField(choices=PaymentMethod.choices)
    reference = forms.CharField(required=False, max_length=60, help_text="Check number, etc.")
    received_on = forms.DateField(widget=DateInput, initial=timezone.localdate)


class RefundForm(forms.Form):
    amount = AmountField(label="Refund ($)")
    note = forms.CharField(max_length=200, help_text="Why. No clinical detail.")


class CoverageForm(forms.Form):
    coverage = forms.ChoiceField(choices=Coverage.choices, label="How the client pays")


class PeriodForm(forms.Form):
    from_ = forms.DateField(label="From", widget=DateInput)
    to = forms.DateField(label="To", widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The URL says ?from=...&to=... as the API does.
        first = self.fields.pop("from_")
        self.fields = {"from": first, **self.fields}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, last = data.get("from"), data.get("to")
        if first and last and last < first:
            self.add_error("to", "The end date is before the start date.")
        return data


def month_choices(count: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate()
    out = []
    year, month = today.year, today.month
    for _ in range(count):
        out.append((f"{year}-{month:02d}", f"{date(year, month, 1):%B %Y}"))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


class ClinicianBillingForm(forms.ModelForm):
    class Meta:
        model = ClinicianBilling
        fields = ["level", "npi", "taxonomy", "licence_number", "licence_state"]


class PracticeBillingForm(forms.ModelForm):
    late_cancel_fee = AmountField(label="Late cancellation fee ($)", required=False)
    no_show_fee = AmountField(label="No-show fee ($)", required=False)

    class Meta:
        model = PracticeBilling
        fields = [
            "legal_name",
            "tin",
            "npi",
            "billing_location",
            "telehealth_modifier",
            "telehealth_place",
            "late_cancel_hours",
            "late_cancel_fee",
            "no_show_fee",
            "invoice_due_days",
            "session_code",
        ]
