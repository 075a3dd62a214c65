"""Sign-in and second-factor forms, with messages that say what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The username or password is not right. Both are case-sensitive.",
        "inactive": "This account is not active. Ask the practice admin.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username."
        self.fields["password"].error_messages["required"] = "Enter your password."
        self.fields["username"].widget.attrs.update(autocomplete="username", autofocus=False)
        self.fields["password"].widget.attrs.update(autocomplete="current-password")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        strip=True,
        error_messages={"required": "Enter a code."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
