"""The public consultation request form, and the staff forms that handle a request."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from confide.core.forms import Honeypot, set_choices
from confide.intake.matching import AGE_GROUPS, CONCERNS
from confide.intake.models import CloseReason, ContactWay, Format, ForWhom, Status
from confide.practice.hours import DAY_NAMES_LONG, Opening, format_time, summarise
from confide.practice.models import Clinician, Language, Location, OpeningHours
from confide.screening.models import KeptScreening, hash_code

GROUPED_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
DAY_PART_CHOICES = [
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
    ("evening", "Evening"),
]


class TelInput(forms.TextInput):
    input_type = "tel"


def _required(message: str) -> dict[str, str]:
    return {"required": message}


class RequestForm(Honeypot, forms.Form):
    """What a person tells us when asking for a consultation. Also validates the API's body."""

    first_name = forms.CharField(
        label="Your first name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages=_required("Enter your first name."),
    )
    last_name = forms.CharField(
        label="Your last name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages=_required("Enter your last name."),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter your email address in the form name@example.com."},
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How would you like us to reach you?",
        choices=ContactWay.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose how you would like us to reach you."),
    )
    for_whom = forms.ChoiceField(
        label="Who is the help for?",
        choices=ForWhom.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Choose who the help is for."),
    )
    their_first_name = forms.CharField(
        label="Your child's first name", max_length=100, required=False
    )
    their_last_name = forms.CharField(
        label="Your child's last name",
        max_length=100,
        required=False,
        help_text="If it is not the same as yours.",
    )
    age_group = forms.ChoiceField(
        label="Age of the person the help is for",
        choices=AGE_GROUPS,
        widget=forms.RadioSelect,
        error_messages=_required("Choose the age group of the person the help is for."),
    )
    date_of_birth = forms.DateField(
        label="Their date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        help_text="Optional: saves a question when we call.",
        error_messages={"invalid": "Enter the date of birth as a date, such as 2010-04-23."},
    )
    concerns = forms.MultipleChoiceField(
        label="What is going on?",
        choices=CONCERNS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any that fit.",
        error_messages=_required(
            "Choose at least one thing that is going on, or “Something else”."
        ),
    )
    details = forms.CharField(
        label="Anything you would like us to know",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="In your own words, as much or as little as you like.",
        error_messages={"max_length": "Please keep this to 3,000 characters or fewer."},
    )
    format = forms.ChoiceField(
        label="How would you like to meet?",
        choices=[
            (Format.EITHER, "Either is fine"),
            (Format.VIRTUAL, "By secure video"),
            (Format.IN_PERSON, "In person"),
        ],
        widget=forms.RadioSelect,
        initial=Format.EITHER,
        error_messages=_required("Choose how you would like to meet."),
    )
    location = forms.ModelChoiceField(
        label="Which office?",
        queryset=Location.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Either office",
        error_messages={"invalid_choice": "Choose one of our offices from the list."},
    )
    languages = forms.ModelMultipleChoiceField(
        label="Languages you would like to speak in sessions",
        queryset=Language.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave empty if English is fine.",
        error_messages={"invalid_choice": "Choose languages from the list."},
    )
    days = forms.TypedMultipleChoiceField(
        label="Days that suit",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose at least one day that suits you."),
    )
    day_parts = forms.MultipleChoiceField(
        label="Times of day that suit",
        choices=DAY_PART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Choose at least one time of day that suits you."),
    )
    code = forms.CharField(
        label="Code from the symptom check",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Optional. If you kept your result, its code shares your scores with us.",
    )
    consent = forms.BooleanField(
        label="You may contact me about this request by the way I chose",
        error_messages=_required("Agree that we may contact you, so that we can reply."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hours = list(OpeningHours.objects.all())
        open_days = sorted({h.weekday for h in hours}) or list(range(7))
        set_choices(self, "days", [(d, DAY_NAMES_LONG[d]) for d in open_days])
        self.hours_summary = _hours_in_words(hours)
        if self.hours_summary:
            self.fields["day_parts"].help_text = f"We are open {self.hours_summary}."

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and sum(ch.isdigit() for ch in phone) < 7:
            raise forms.ValidationError("Enter a phone number with at least 7 digits.")
        return phone

    def clean_date_of_birth(self) -> date | None:
        born = self.cleaned_data["date_of_birth"]
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future.")
        return born

    def clean_code(self) -> KeptScreening | None:
        code = self.cleaned_data["code"].strip()
        if not code:
            return None
        kept = KeptScreening.objects.filter(code_hash=hash_code(code)).first()
        if kept is None:
            raise forms.ValidationError(
                "We could not find that code. Check it against the one you wrote down, "
                "or leave this empty."
            )
        if kept.claimed_at is not None:
            raise forms.ValidationError("This code has already been used.")
        if kept.expires_at <= timezone.now():
            raise forms.ValidationError(
                f"This code has expired (codes work for {settings.CONFIDE_KEPT_RESULT_DAYS} "
                "days). You can take the check again, or leave this empty."
            )
        return kept

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        way = data.get("preferred_contact")
        if way == ContactWay.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter your email address, so that we can email you.")
        phone_way = way in (ContactWay.PHONE, ContactWay.TEXT)
        if phone_way and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter your phone number, so that we can reach you.")
        if data.get("for_whom") == ForWhom.CHILD:
            if not data.get("their_first_name", "").strip():
                self.add_error("their_first_name", "Enter your child's first name.")
            if data.get("age_group") == "adults":
                self.add_error(
                    "age_group", "Choose the age group of your child (under 13, or 13 to 17)."
                )
        if data.get("format") == Format.VIRTUAL:
            data["location"] = None
        return data


def _hours_in_words(hours: list[OpeningHours]) -> str:
    """'Mon – Sat: 8am to 8pm' when every office keeps the same hours; else the widest day."""
    if not hours:
        return ""
    by_day: dict[int, tuple[Any, Any]] = {}
    for h in hours:
        opens, closes = by_day.get(h.weekday, (h.opens, h.closes))
        by_day[h.weekday] = (min(opens, h.opens), max(closes, h.closes))
    lines = summarise(Opening(d, o, c) for d, (o, c) in by_day.items())
    return "; ".join(lines) if lines else format_time(hours[0].opens)


# --- staff -----------------------------------------------------------------------------------


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Move to",
        choices=[(s, label) for s, label in Status.choices if s != Status.BOOKED],
    )
    close_reason = forms.ChoiceField(
        label="Reason for closing",
        choices=[("", "Not closing"), *CloseReason.choices],
        required=False,
    )
    note = forms.CharField(
        label="Note",
        max_length=300,
        required=False,
        help_text="What was done, e.g. “left a voicemail”. Kept in the request's history.",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("status") == Status.CLOSED and not data.get("close_reason"):
            self.add_error("close_reason", "Choose why the request is closed.")
        if data.get("status") != Status.CLOSED:
            data["close_reason"] = ""
        return data


class AcceptForm(forms.Form):
    """Everything the first appointment needs that the request does not already hold."""

    clinician = forms.ModelChoiceField(
        label="Clinician",
        queryset=Clinician.objects.active(),
        error_messages={"required": "Choose a clinician."},
    )
    start = forms.DateTimeField(
        label="First appointment starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter when the first appointment starts.",
            "invalid": "Enter a date and time, such as 2026-12-01 15:00.",
        },
    )
    minutes = forms.IntegerField(label="Length in minutes", min_value=15, max_value=180, initial=50)
    format = forms.ChoiceField(
        label="Format", choices=[("virtual", "By video"), ("in_person", "In person")]
    )
    location = forms.ModelChoiceField(
        label="Office (for in person)", queryset=Location.objects.all(), required=False
    )
    date_of_birth = forms.DateField(
        label="Client's date of birth",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the client's date of birth."},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("format") == "in_person" and not data.get("location"):
            self.add_error("location", "Choose the office for an in-person appointment.")
        if data.get("format") == "virtual":
            data["location"] = None
        return data
