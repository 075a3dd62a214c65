"""The invitation link: choose a password, then land in the portal (or, for staff, set up
the second factor). An expired, used or replaced link says which, and offers a way on.

The token leaves the address bar at once: the first request keeps the invitation's id in the
session and redirects, so the token never reaches a Referer header or the browser history.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from confide.accounts import actions
from confide.accounts.forms import NewPasswordForm
from confide.accounts.models import Invitation
from confide.accounts.views import home_for
from confide.core.doors import page_actor, submit

SESSION_KEY = "_confide_invitation"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _no_referrer(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    return response


def _held(request: HttpRequest) -> Invitation | None:
    return actions.invitation_by_id(request.session.get(SESSION_KEY))


def _gone(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    state = invitation.state if invitation is not None else "unknown"
    context = {"state": state, "may_ask": state in ("expired", "replaced")}
    return _no_referrer(render(request, "accounts/invitation_gone.html", context, status=410))


@never_cache
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.invitation_for_token(token)
    if invitation is None:
        return _gone(request, None)
    request.session[SESSION_KEY] = str(invitation.pk)
    return _no_referrer(redirect("accounts:invitation_welcome"))


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def welcome(request: HttpRequest) -> HttpResponse:
    invitation = _held(request)
    if invitation is None or not invitation.is_usable or not invitation.user.is_active:
        return _gone(request, invitation)
    user = invitation.user
    form = NewPasswordForm(user, request.POST or None)
    done = submit(
        request,
        form,
        lambda data: actions.accept_invitation(
            page_actor(request), invitation, data["new_password1"]
        ),
    )
    if done.ok and done.ran and done.value is not None:
        # The account as the action saved it: its new password makes the session's hash.
        request.session.pop(SESSION_KEY, None)
        login(request, done.value, backend=BACKEND)
        messages.success(request, "Your password is set. Welcome.")
        return redirect(home_for(done.value))
    if done.ran:
        fresh = actions.invitation_by_id(invitation.pk)
        if fresh is None or not fresh.is_usable or not fresh.user.is_active:
            return _gone(request, fresh)  # spent or closed meanwhile (another tab)
    context = {"form": form, "username": user.get_username(), "invited": user}
    return _no_referrer(render(request, "accounts/invitation.html", context, status=done.status))


@require_POST
def ask_again(request: HttpRequest) -> HttpResponse:
    invitation = _held(request)
    if invitation is not None and invitation.state in ("expired", "replaced"):
        actions.ask_for_new_invitation(page_actor(request), invitation)
    # The same answer however it went: the page must not confirm what the session held.
    return _no_referrer(render(request, "accounts/invitation_asked.html"))
