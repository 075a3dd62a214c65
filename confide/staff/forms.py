from __future__ import annotations

from django import forms

from confide.audit.models import Action
from confide.practice.actions import CLIENT_FIELDS
from confide.practice.models import Client, ClientStatus, Clinician


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = CLIENT_FIELDS
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}


class NewClientForm(ClientForm):
    clinician = forms.ModelChoiceField(
        queryset=Clinician.objects.active(), required=False, label="Assign a clinician"
    )


class ClientSearchForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ClientStatus.choices]
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to read this client's clinical record?",
        min_length=10,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Logged with your name and the time, and visible in the audit trail.",
    )


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label="Username", required=False, max_length=150)
    client = forms.UUIDField(label="Client id", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *Action.choices]
    )
    since = forms.DateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
