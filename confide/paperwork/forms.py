"""The paperwork forms: signing a document, the intake forms, and the staff's forms for
guardians, sharing and releases."""

from __future__ import annotations

import base64
import binascii
import io
from typing import Any

from django import forms
from PIL import Image, UnidentifiedImageError

from confide.paperwork.models import FormKind
from confide.paperwork.pdf import ATTESTATION

PNG_PREFIX = "data:image/png;base64,"
MAX_SIGNATURE_BYTES = 300_000
MAX_SIGNATURE_SIDE = 2000
YES_NO = [("no", "No"), ("yes", "Yes")]


def clean_signature_png(value: str) -> bytes | None:
    """A drawn signature from the page's canvas: a PNG, re-encoded so that nothing but the
    picture is kept. Empty means none was drawn (drawing is optional)."""
    if not value:
        return None
    if not value.startswith(PNG_PREFIX) or len(value) > MAX_SIGNATURE_BYTES * 4 // 3 + 100:
        raise forms.ValidationError("The drawn signature could not be read; draw it again.")
    try:
        raw = base64.b64decode(value[len(PNG_PREFIX) :], validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            if image.format != "PNG" or max(image.size) > MAX_SIGNATURE_SIDE:
                raise ValueError("not a signature-sized PNG")
            image.load()
            out = io.BytesIO()
            image.convert("RGBA").save(out, format="PNG")
    except (binascii.Error, ValueError, OSError, UnidentifiedImageError):
        raise forms.ValidationError(
            "The drawn signature could not be read; draw it again."
        ) from None
    return out.getvalue()


class SignForm(forms.Form):
    typed_name = forms.CharField(
        label="Type your full name",
        max_length=200,
        help_text="Your first and last name, as you would sign them.",
        error_messages={"required": "Type your full name to sign."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    attest = forms.BooleanField(
        label=ATTESTATION,
        error_messages={"required": "Tick the box to confirm that you sign this document."},
    )
    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    drawn_signature = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_drawn_signature(self) -> bytes | None:
        return clean_signature_png(self.cleaned_data.get("drawn_signature", ""))


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=300,
        help_text="Not needed; please do not include health details.",
    )


class IntakeFormBase(forms.Form):
    """An intake form: answers kept as given (cleaned), some written into the record."""

    # question answered "yes" -> (the field that must then be filled in, the message)
    details_for: dict[str, tuple[str, str]] = {}

    def __init__(self, *args: Any, for_guardian: bool = False, **kwargs: Any) -> None:
        """`for_guardian`: a minor's guardian fills it in about the minor."""
        super().__init__(*args, **kwargs)
        self.for_guardian = for_guardian

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question, (details, message) in self.details_for.items():
            if data.get(question) == "yes" and not data.get(details, "").strip():
                self.add_error(details, message)
        return data

    def answers(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items()}


class DemographicsForm(IntakeFormBase):
    preferred_name = forms.CharField(
        label="Name you would like us to use", max_length=100, required=False
    )
    pronouns = forms.CharField(label="Pronouns", max_length=30, required=False)
    gender_identity = forms.CharField(label="Gender identity", max_length=60, required=False)
    street = forms.CharField(label="Street address", max_length=200)
    city = forms.CharField(label="Town or city", max_length=100)
    state = forms.CharField(label="State", max_length=50)
    postal_code = forms.CharField(label="ZIP code", max_length=20)
    phone = forms.CharField(
        label="Mobile or home phone",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("phone", "Phone"), ("email", "Email"), ("text", "Text message")],
        widget=forms.RadioSelect,
    )
    language = forms.CharField(label="Language you prefer for sessions", max_length=60)
    occupation = forms.CharField(label="Work, study or school", max_length=100, required=False)

    def __init__(self, *args: Any, for_guardian: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, for_guardian=for_guardian, **kwargs)
        self.fields["language"].initial = "English"
        self.fields["state"].help_text = "Where you live: for video sessions, where you join from."
        if for_guardian:
            # Contact preferences of a minor are the guardian's; the minor's name is not.
            for name in ("phone", "preferred_contact"):
                del self.fields[name]
            self.fields["preferred_name"].label = "Name the young person would like us to use"
            self.fields["occupation"].label = "School and grade"


class EmergencyContactForm(IntakeFormBase):
    name = forms.CharField(label="Name", max_length=200)
    relationship = forms.CharField(
        label="Relationship to you", max_length=100, help_text="For example partner, parent."
    )
    phone = forms.CharField(
        label="Phone",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )


class MedicationForm(IntakeFormBase):
    takes_medication = forms.ChoiceField(
        label="Are you taking any medication at the moment, including over-the-counter ones?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    medications = forms.CharField(
        label="Which medication?",
        required=False,
        max_length=2000,
        help_text="One per line: the name, the dose and how often, if you know them.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    prescriber = forms.CharField(
        label="Who prescribes it?", required=False, max_length=200,
        help_text="The doctor or nurse practitioner, and their phone number if you have it.",
    )  # fmt: skip
    allergies = forms.CharField(label="Allergies to medication", required=False, max_length=500)

    # A "yes" needs its details.
    details_for = {"takes_medication": ("medications", "Say which medication you take.")}


class PriorTreatmentForm(IntakeFormBase):
    had_therapy = forms.ChoiceField(
        label="Have you had counselling, therapy or psychiatric care before?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    therapy_details = forms.CharField(
        label="What, when and with whom?",
        required=False,
        max_length=2000,
        help_text="For example: therapy for anxiety in 2021 with a counsellor in Stamford.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    hospital = forms.ChoiceField(
        label="Have you ever stayed in hospital for your mental health?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    hospital_details = forms.CharField(
        label="When, and where?", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    other_providers = forms.CharField(
        label="Other professionals involved in your care now",
        required=False,
        max_length=1000,
        help_text="Your doctor, a psychiatrist: name and phone. We contact them only with your "
        "written permission (a release of information).",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    details_for = {"had_therapy": ("therapy_details", "Tell us briefly about the earlier care.")}


FORMS: dict[str, type[IntakeFormBase]] = {
    FormKind.DEMOGRAPHICS: DemographicsForm,
    FormKind.EMERGENCY_CONTACT: EmergencyContactForm,
    FormKind.MEDICATION: MedicationForm,
    FormKind.PRIOR_TREATMENT: PriorTreatmentForm,
}


class ReleaseForm(forms.Form):
    recipient = forms.CharField(
        label="Who may receive the information",
        max_length=200,
        help_text="A named person or organisation, with an address or phone if you have one.",
    )
    information = forms.CharField(
        label="What information",
        max_length=300,
        help_text="For example: dates of attendance and a summary of treatment.",
    )
    purpose = forms.CharField(
        label="Why", max_length=300, help_text="For example: coordination of care with my doctor."
    )
    expires_on = forms.DateField(
        label="End date",
        help_text="The authorisation ends on this day.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GuardianForm(forms.Form):
    name = forms.CharField(label="Full name", max_length=200)
    relationship = forms.CharField(
        label="Relationship",
        max_length=100,
        required=False,
        help_text="For example mother, father, legal guardian.",
    )
    email = forms.EmailField(
        label="E-mail", required=False, help_text="Needed to invite them to the portal."
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    may_consent = forms.BooleanField(
        label="Has legal authority to consent to treatment", required=False, initial=True
    )


class SharingForm(forms.Form):
    """What the portal shares beyond the defaults; the guardians' choice only for a minor."""

    guardians_see_answers = forms.BooleanField(
        label="Parents and guardians see this client's questionnaires and scores", required=False
    )
    client_sees_plan = forms.BooleanField(
        label="The portal copy of the record includes the treatment plan", required=False
    )

    def __init__(self, *args: Any, minor: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not minor:
            del self.fields["guardians_see_answers"]
