"""Sign-in, second-factor and password forms, with messages that say what to do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm


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


class ResetRequestForm(PasswordResetForm):
    """Ask for a reset link: the page says the same whether or not the address is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "E-mail address"
        field.help_text = "The address the practice has for your account."
        field.error_messages.update(
            required="Enter your e-mail address.", invalid="Enter an e-mail address."
        )


class NewPasswordForm(SetPasswordForm):
    """Choose a password: the same rules as every password here (AUTH_PASSWORD_VALIDATORS)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. A few unrelated words make a strong password that is easy "
            "to remember; avoid common passwords and anything like your name or username."
        )
        self.fields["new_password1"].error_messages["required"] = "Enter a new password."
        self.fields["new_password2"].error_messages["required"] = "Enter the password again."


class StaffResetForm(NewPasswordForm):
    """A staff account with an authenticator app proves it has the app before a reset: an
    e-mail account alone must never be enough to take over a staff account."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=32,
        strip=True,
        help_text="The 6-digit code your app shows for Confide, or one of your recovery codes.",
        error_messages={"required": "Enter the code from your authenticator app."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
