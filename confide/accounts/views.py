"""Signing in and out, and the second factor: set-up, verification, recovery codes."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from confide.accounts import second_factor as factor
from confide.accounts.forms import CodeForm, SignInForm
from confide.accounts.lockout import lockout_response
from confide.accounts.models import Role, User
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor

CODE_HINT = "The 6-digit code from your authenticator app, or one of your recovery codes."
STAFF_HOME = "/staff/"
CLIENT_HOME = "/portal/"
ADMIN_HOME = "/admin/"


def signed_in(request: HttpRequest) -> User:
    """The signed-in user of a @login_required view."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def home_for(user: Any) -> str:
    """Where a person lands after signing in: staff pages, or the client portal."""
    role = getattr(user, "role", "")
    if role in (Role.ADMIN, Role.INTAKE, Role.CLINICIAN):
        return STAFF_HOME
    if role == Role.CLIENT:
        return CLIENT_HOME
    # An account without a role (such as one made by createsuperuser) has only the admin site.
    return ADMIN_HOME if getattr(user, "is_staff", False) else "/"


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


class SignInView(LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm

    def get_success_url(self) -> str:
        target = self.get_redirect_url() or reverse("accounts:home")
        user = self.request.user
        if factor.requires_second_factor(user):
            step = "accounts:verify" if factor.has_second_factor(user) else "accounts:setup"
            return _with_next(step, target)
        return target

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=422)


sign_in = never_cache(SignInView.as_view())


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        logout(request)
        messages.info(request, "You have signed out.")
    return redirect("accounts:login")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect(home_for(request.user))


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app; on success, show the recovery codes once."""
    user = signed_in(request)
    target = _safe_next(request, home_for(user))
    if not factor.requires_second_factor(user):
        return redirect(target)
    if factor.has_second_factor(user):
        if factor.is_verified(user):
            messages.info(request, "Two-step verification is already set up.")
            return redirect(_with_next("accounts:two_step", target))
        # Replacing an app needs the old one first: a password alone must not be enough.
        return redirect(_with_next("accounts:verify", target))

    device = factor.pending_app(user)
    form = CodeForm(request.POST or None, hint="The 6-digit code your app shows for Confide.")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(factor.normalise(form.cleaned_data["code"])):
            codes = factor.confirm_app(user, device)
            otp_login(request, device)
            # A more trusted session gets a new key.
            request.session.cycle_key()
            record(
                Action.UPDATE,
                actor=page_actor(request),
                object_type="second_factor",
                object_id=str(user.uuid),
                detail="Authenticator app set up; recovery codes issued",
            )
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": target})
        form.add_error(
            "code",
            "That code is not right. Enter the newest 6-digit code your app shows, and check "
            "that your phone's clock is set automatically.",
        )
    uri = device.config_url
    context = {
        "form": form,
        "next": target,
        "secret": factor.secret_for_display(device),
        "uri": uri,
        "qr_svg": factor.qr_svg(uri),
    }
    return render(request, "accounts/setup.html", context, status=422 if form.errors else 200)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = signed_in(request)
    target = _safe_next(request, home_for(user))
    if not factor.requires_second_factor(user) or factor.is_verified(user):
        return redirect(target)
    if not factor.has_second_factor(user):
        return redirect(_with_next("accounts:setup", target))
    credentials = {"username": user.get_username(), "factor": "otp"}
    if not AxesProxyHandler.is_allowed(request, credentials):
        return _lock_out(request)

    form = CodeForm(request.POST or None, hint=CODE_HINT)
    if request.method == "POST" and form.is_valid():
        if factor.is_throttled(user, form.cleaned_data["code"]):
            # django-otp makes each wrong code wait longer; a code sent too soon is not tried.
            form.add_error("code", "Too many wrong codes. Wait a minute, then try again.")
            context = {"form": form, "next": target}
            return render(request, "accounts/verify.html", context, status=422)
        device = factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            if isinstance(device, StaticDevice):
                # Probably without their phone: say how many codes are left, offer new ones.
                left = factor.recovery_codes_left(user)
                messages.warning(request, f"You used a recovery code; {left} left.")
                return redirect(_with_next("accounts:two_step", target))
            return redirect(target)
        # Wrong codes count towards the same lockout as wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return _lock_out(request)
        form.add_error(
            "code",
            "That code is not right. Enter the newest code from your app, or an unused "
            "recovery code.",
        )
    status = 422 if form.errors else 200
    return render(request, "accounts/verify.html", {"form": form, "next": target}, status=status)


def _lock_out(request: HttpRequest) -> HttpResponse:
    request.confide_logout_reason = "Session ended: locked out"  # type: ignore[attr-defined]
    logout(request)
    return lockout_response(request)


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A verified staff member replaces their recovery codes (the old ones stop working)."""
    user = signed_in(request)
    if not factor.requires_second_factor(user) or not factor.is_verified(user):
        return redirect("accounts:home")
    if request.method != "POST":
        context = {
            "left": factor.recovery_codes_left(user),
            "next": _safe_next(request, home_for(user)),
        }
        return render(request, "accounts/two_step.html", context)
    codes = factor.new_recovery_codes(user)
    record(
        Action.UPDATE,
        actor=page_actor(request),
        object_type="second_factor",
        object_id=str(user.uuid),
        detail="Recovery codes replaced",
    )
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": home_for(user)})
