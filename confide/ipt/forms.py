from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from confide.core.forms import set_choices
from confide.ipt import course as course_mod
from confide.ipt import modalities, problem_areas
from confide.ipt.actions import PERSON_FIELDS
from confide.ipt.models import (
    PROGRESS_LABELS,
    Decision,
    EventKind,
    LifeEvent,
    Person,
    SymptomKind,
)

DATE = forms.DateInput(attrs={"type": "date"})
SHORT = forms.TextInput()
LONG = forms.Textarea(attrs={"rows": 3})


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            "name": SHORT,
            "recent_change_on": DATE,
            **{
                f: LONG
                for f in (
                    "satisfying",
                    "unsatisfying",
                    "can_talk_about",
                    "cannot_talk_about",
                    "recent_change",
                    "wants_to_change",
                )
            },
            "ring": forms.RadioSelect,
        }
        help_texts = {"name": "A first name or a label such as 'Mum' is enough."}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if len(name) > 100:
            raise forms.ValidationError("Keep the name or label under 100 characters.")
        return name


class EventForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="What happened",
        choices=[("Life events", EventKind.choices), ("Symptoms", SymptomKind.choices)],
    )

    class Meta:
        model = LifeEvent
        fields = ["kind", "on", "description"]
        widgets = {"on": DATE, "description": SHORT}

    def clean_on(self) -> Any:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return on


class FormulationForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="Problem area(s)", widget=forms.CheckboxSelectMultiple, choices=[]
    )
    dispute_stage = forms.ChoiceField(
        label="Stage of the role dispute",
        required=False,
        choices=[("", "Not a role dispute")]
        + [(k, v) for k, v in problem_areas.DISPUTE_STAGES.items()],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Formulation",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Link the episode, framed as a treatable illness, to the problem area.",
    )
    focus = forms.CharField(label="Focus of treatment", widget=LONG)
    course = forms.ChoiceField(label="Course", choices=list(course_mod.COURSE_LABELS.items()))
    sessions = forms.IntegerField(
        label="Number of sessions",
        min_value=8,
        max_value=16,
        help_text="12-16 for a standard course; IPT-A is 12 and a brief course 8.",
    )
    weeks = forms.IntegerField(label="Time frame (weeks)", min_value=8, max_value=26)

    def __init__(self, *args: Any, population: str = "adults", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "areas", [(a.slug, a.label) for a in problem_areas.areas_for(population)])
        if population != "adolescents":
            set_choices(
                self,
                "course",
                [c for c in course_mod.COURSE_LABELS.items() if c[0] != course_mod.IPT_A],
            )


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(
        label="Date the client accepted the formulation",
        widget=DATE,
        help_text="Acceptance makes it the treatment contract and locks this version.",
    )


class PlanSettingsForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label="What you have noticed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(modalities.INDICATORS.items()),
    )
    professional = forms.BooleanField(
        label="Works in a demanding career (tailor for professionals)", required=False
    )


class AdjunctForm(forms.Form):
    modality = forms.ChoiceField(choices=list(modalities.LABELS.items()), widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label="Decision", choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why (and any changes)", widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(forms.Form):
    area = forms.ChoiceField(label="Problem area", choices=[])
    text = forms.CharField(label="Goal", widget=forms.Textarea(attrs={"rows": 2}))
    progress = forms.TypedChoiceField(
        label="Progress", coerce=int, choices=list(enumerate(PROGRESS_LABELS))
    )

    def __init__(self, *args: Any, areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", [(a, problem_areas.AREAS[a].label) for a in areas])


class NoteForm(forms.Form):
    session = forms.TypedChoiceField(label="Session", coerce=int, choices=[])
    held_on = forms.DateField(label="Session date", widget=DATE)
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, course: course_mod.Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "session",
            [(s.number, f"Session {s.number} ({s.phase_label} phase)") for s in course.sessions],
        )


class AddendumForm(forms.Form):
    body = forms.CharField(label="Addendum", widget=forms.Textarea(attrs={"rows": 3}))
