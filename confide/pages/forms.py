"""The clinician directory's filter form and the "Ask our experts" question form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from confide.core.forms import Honeypot
from confide.practice.models import (
    ClinicianQuerySet,
    Language,
    Location,
    Modality,
    Population,
    ProblemArea,
)

FORMAT_CHOICES = [
    ("", "Any"),
    ("virtual", "Online (secure video)"),
    ("in_person", "In person"),
]


class TagChoiceField(forms.ModelChoiceField):
    """A vocabulary entry picked by slug, as it appears in a shareable GET address."""

    def __init__(self, queryset: QuerySet, label: str, described: bool = False) -> None:
        super().__init__(
            queryset=queryset,
            to_field_name="slug",
            required=False,
            empty_label="Any",
            label=label,
            error_messages={"invalid_choice": f"{label}: choose one of the options in the list."},
        )
        self.described = described

    def label_from_instance(self, obj: Any) -> str:
        description = getattr(obj, "description", "")
        return f"{obj} – {description}" if self.described and description else str(obj)


class DirectoryFilterForm(forms.Form):
    population = TagChoiceField(Population.objects.all(), "Who it is for", described=True)
    concern = TagChoiceField(ProblemArea.objects.all(), "Concern", described=True)
    modality = TagChoiceField(Modality.objects.all(), "Approach")
    location = TagChoiceField(Location.objects.all(), "Location")
    format = forms.ChoiceField(
        label="Format",
        choices=FORMAT_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Format: choose one of the options in the list."},
    )
    language = TagChoiceField(Language.objects.all(), "Language")

    def filter(self, clinicians: ClinicianQuerySet) -> ClinicianQuerySet:
        """AND every filter that validated; a field with an error is left out, not guessed."""
        data = getattr(self, "cleaned_data", {})
        relations = {
            "population": "populations",
            "concern": "problem_areas",
            "modality": "modalities",
            "location": "locations",
            "language": "languages",
        }
        for field, relation in relations.items():
            if data.get(field):
                clinicians = clinicians.filter(**{relation: data[field]})
        if data.get("format") == "virtual":
            clinicians = clinicians.filter(offers_virtual=True)
        elif data.get("format") == "in_person":
            clinicians = clinicians.filter(offers_in_person=True)
        return clinicians

    @property
    def is_filtering(self) -> bool:
        return any(getattr(self, "cleaned_data", {}).values())


class TelInput(forms.TextInput):
    input_type = "tel"


class ExpertQuestionForm(Honeypot, forms.Form):
    # autocomplete tokens let browsers fill these in (WCAG 1.3.5, identify input purpose).
    name = forms.CharField(
        label="Your name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={
            "required": "Enter your name.",
            "max_length": "Your name must be 200 characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="We reply by email.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter your email address in the form name@example.com.",
        },
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=40,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
        help_text="If you would rather we call you back.",
        error_messages={"max_length": "Your phone number must be 40 characters or fewer."},
    )
    question = forms.CharField(
        label="Your question",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=(
            "Tell us only what we need to answer you. Please do not use this form for anything "
            "urgent."
        ),
        error_messages={
            "required": "Write your question.",
            "max_length": "Your question must be 3,000 characters or fewer.",
        },
    )
    consent = forms.BooleanField(
        label="You may contact me by email or phone to answer my question",
        error_messages={"required": "Agree that we may contact you, so that we can answer."},
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not any(ch.isdigit() for ch in phone):
            raise forms.ValidationError("Enter a phone number using digits, or leave it empty.")
        return phone
