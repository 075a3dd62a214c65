"""Forms for the public check: who it is for, then one form per questionnaire."""

from __future__ import annotations

from typing import Any

from django import forms

from confide.instruments import Instrument, Item
from confide.screening.plan import AUDIENCES

LAYOUT_CHOICES = [
    ("paged", "One questionnaire per page"),
    ("single", "All questions on one page"),
]


class StartForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who is this check for?",
        choices=[(a.slug, a.label) for a in AUDIENCES.values()],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who this check is for."},
    )
    loneliness = forms.BooleanField(
        label="Add three short questions about loneliness",
        required=False,
        help_text="Loneliness is one of the things interpersonal therapy helps with.",
    )
    layout = forms.ChoiceField(
        label="How would you like to see the questions?",
        choices=LAYOUT_CHOICES,
        initial="paged",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how to see the questions."},
    )


def item_field_name(item: Item) -> str:
    return f"item_{item.number}"


def extra_field_name(item: Item) -> str:
    return f"extra_{item.key}"


class ItemField(forms.TypedChoiceField):
    """The radio group of one item, knowing its item (for the question renderer)."""

    def __init__(self, item: Item, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item = item


class InstrumentForm(forms.Form):
    """One radio group per item; built from the instrument's definition, never by hand."""

    # The error summary gives the message alone: it names the question already.
    summary_labels = False

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", instrument.code)
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.items:
            self.fields[item_field_name(item)] = ItemField(
                item,
                label=item.text,
                choices=[(str(pos), o.label) for pos, o in enumerate(item.options)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Answer question {item.number}: “{item.text}”.",
                    "invalid_choice": f"Choose one of the answers for question {item.number}.",
                },
            )
        for extra in instrument.extra_items:
            self.fields[extra_field_name(extra)] = ItemField(
                extra,
                label=extra.text,
                choices=[(str(pos), o.label) for pos, o in enumerate(extra.options)],
                coerce=int,
                # A safety question is never optional: unanswered is not "no risk".
                required=extra.safety,
                empty_value=None,
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer the question: “{extra.text}”."},
            )

    def responses(self) -> list[int | None]:
        return [self.cleaned_data[item_field_name(i)] for i in self.instrument.items]

    def extras(self) -> dict[str, int | None]:
        return {
            e.key: self.cleaned_data.get(extra_field_name(e)) for e in self.instrument.extra_items
        }

    def item_fields(self) -> list[forms.BoundField]:
        return [self[item_field_name(i)] for i in self.instrument.items]

    def extra_fields(self) -> list[forms.BoundField]:
        return [self[extra_field_name(e)] for e in self.instrument.extra_items]

    def hidden_inputs(self) -> list[tuple[str, object]]:
        """The answers as (name, value) pairs to carry to the next page in the form body."""
        pairs = []
        for name, value in self.cleaned_data.items():
            if value is not None:
                pairs.append((self.add_prefix(name), value))
        return pairs


class Choice:
    """One radio button as the template draws it."""

    def __init__(self, field: forms.BoundField, position: int, label: str, risk: bool) -> None:
        self.id = f"{field.auto_id}_{position}"
        self.name = field.html_name
        self.value = str(position)
        self.label = label
        self.checked = str(field.value()) == self.value
        self.risk = risk


class Question:
    """A radio group: its field, its item and its choices, for the template."""

    def __init__(self, field: forms.BoundField, optional: bool = False) -> None:
        if not isinstance(field.field, ItemField):
            raise TypeError(f"{field.name} is not a question.")
        item = field.field.item
        self.field = field
        self.item = item
        self.optional = optional
        self.id = f"q-{field.html_name}"
        self.first_input_id = f"{field.auto_id}_0"
        self.choices = [
            Choice(field, pos, option.label, risk=item.is_safety_positive(option.value))
            for pos, option in enumerate(item.options)
        ]


def questions_of(form: InstrumentForm) -> list[Question]:
    return [Question(f) for f in form.item_fields()]


def extra_questions_of(form: InstrumentForm) -> list[Question]:
    return [Question(f, optional=not f.field.required) for f in form.extra_fields()]
