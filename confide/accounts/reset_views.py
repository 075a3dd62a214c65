"""Password reset with Django's own views and token generator, under Django's URL names.

What Confide adds: the e-mail goes through the notification outbox; the request page never
says whether an address is known and is rate limited per address and per e-mail asked about;
a staff account with an authenticator app must give a code from it before its password
changes; a reset never signs anyone in, and it ends the account's other sessions and tokens.
"""

from __future__ import annotations

import uuid
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpResponse
from django.utils.decorators import method_decorator

from confide.accounts import actions
from confide.accounts import second_factor as factor
from confide.accounts.forms import NewPasswordForm, ResetRequestForm, StaffResetForm
from confide.accounts.lockout import lockout_response
from confide.core.doors import page_actor
from confide.core.ratelimit import rate_limited, retry_after


def _limit() -> tuple[int, int]:
    return settings.CONFIDE_RESET_LIMIT, settings.CONFIDE_RESET_WINDOW_SECONDS


@method_decorator(
    rate_limited("password-reset", *_limit(), template_name="429.html"), name="dispatch"
)
class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/reset_request.html"
    form_class = ResetRequestForm

    def form_valid(self, form: ResetRequestForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        # Per e-mail asked about as well as per address: nobody can flood one inbox.
        asked = email.strip().lower()
        if retry_after(self.request, "password-reset-email", *_limit(), key=asked) is None:
            actor = page_actor(self.request)
            request_id = uuid.uuid4().hex
            with transaction.atomic():
                for user in form.get_users(email):
                    actions.queue_password_reset(actor, user, request_id)
        # The same page whether the address is known, unknown or over its limit.
        return super(auth_views.PasswordResetView, self).form_valid(form)

    def form_invalid(self, form: ResetRequestForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/reset_confirm.html"
    post_reset_login = False  # never: a staff account's second factor is asked at sign-in

    def get_form_class(self) -> type[NewPasswordForm]:
        if self.user is not None and factor.has_second_factor(self.user):
            return StaffResetForm
        return NewPasswordForm

    def post(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_form_class() is StaffResetForm:
            credentials = {"username": self.user.get_username(), "factor": "otp"}
            if not AxesProxyHandler.is_allowed(request, credentials):
                return lockout_response(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: NewPasswordForm) -> HttpResponse:
        user = self.user
        if isinstance(form, StaffResetForm):
            code = form.cleaned_data["code"]
            if factor.is_throttled(user, code):
                form.add_error("code", "Too many wrong codes. Wait a minute, then try again.")
                return self.form_invalid(form)
            if factor.verify(user, code) is None:
                credentials = {"username": user.get_username(), "factor": "otp"}
                user_login_failed.send(
                    sender=__name__, credentials=credentials, request=self.request
                )
                if getattr(self.request, "axes_locked_out", False):
                    return lockout_response(self.request)
                form.add_error(
                    "code",
                    "That code is not right. Enter the newest code from your app, or an unused "
                    "recovery code.",
                )
                return self.form_invalid(form)
        actions.reset_password(
            page_actor(self.request),
            user,
            form.cleaned_data["new_password1"],
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return super(auth_views.PasswordResetConfirmView, self).form_valid(form)

    def form_invalid(self, form: NewPasswordForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/reset_complete.html"
