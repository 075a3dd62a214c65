"""Forms for measurement-based care (the questions themselves reuse the public check's form)."""

from __future__ import annotations

from typing import Any

from django import forms

from confide.core.forms import set_choices
from confide.outcomes.models import SCHEDULABLE


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(
        label="What was done",
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: called the client, safety plan reviewed, next contact agreed.",
        error_messages={
            "required": "Say what was done before acknowledging the alert.",
            "min_length": "Say what was done (at least 5 characters).",
        },
    )


class ScheduleForm(forms.Form):
    instruments = forms.MultipleChoiceField(
        label="Questionnaires before each session",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one questionnaire."},
    )

    def __init__(self, *args: Any, available: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "instruments", [(code, label) for code, label in available if code in SCHEDULABLE]
        )
