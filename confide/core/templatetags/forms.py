"""{{ form|form_errors }}: the error summary's list (core/forms.py), for one form or several."""

from __future__ import annotations

from typing import Any

from django import template

from confide.core.forms import error_list

register = template.Library()


@register.filter
def form_errors(form_or_forms: Any) -> list[dict[str, str]]:
    return error_list(form_or_forms)
