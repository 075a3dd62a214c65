"""What every form shares: the honeypot, and its errors as the error summary lists them.

The templates beside it (templates/forms/) render a field, the error summary and the honeypot
for every form, public and staff, with the ids Django 5.2 points `aria-describedby` at
(`<id>_helptext`, `<id>_error`), so a screen reader hears each field's hint and error.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

HONEYPOT = "website"


class Honeypot(forms.Form):
    """A field people never see: a robot that fills it in is shown success, and nothing is
    stored (render it with forms/_honeypot.html)."""

    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_robot(self) -> bool:
        return bool(str(self.data.get(HONEYPOT, "")).strip())


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Give a choice field of this form its choices (known only when the form is made)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field.")
    field.choices = choices


def set_queryset(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Narrow a model choice field of this form to the rows its user may choose."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field.")
    field.queryset = queryset


def error_list(form_or_forms: Any) -> list[dict[str, str]]:
    """Each error of the form(s): its message, its field's label and where to jump to (the
    field, or the first choice of a group of radios or checkboxes). Non-field errors first."""
    forms_: Iterable[Any] = (
        form_or_forms if isinstance(form_or_forms, list | tuple) else [form_or_forms]
    )
    if all(isinstance(f, dict) for f in forms_):  # already a list of errors
        return list(forms_)
    found: list[dict[str, str]] = []
    for form in forms_:
        if form is None:
            continue
        found += [{"anchor": "", "label": "", "message": str(e)} for e in form.non_field_errors()]
        labelled = getattr(form, "summary_labels", True)
        for bound in form:
            if bound.name == HONEYPOT:
                continue
            anchor = f"{bound.auto_id}_0" if bound.use_fieldset else bound.id_for_label
            label = str(bound.label) if labelled and bound.label else ""
            found += [{"anchor": anchor, "label": label, "message": str(e)} for e in bound.errors]
    return found
