"""The page door: who may open a staff page, who is acting, and running an action from a form.

A view parses the request, calls one action (`verb_noun(actor, ...)`) and shows the answer. What
goes wrong comes back the same way from every page: a `ValidationError` becomes the form's
field errors (422), a `Conflict` such as a taken slot 409, a `PermissionDenied` 403, each shown
in the form's error summary. What the database itself refuses (a value two people saved at
once, a row deleted a moment ago) comes back as one of those too (core/dberrors.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from confide.audit.actor import Actor, Via, role_of
from confide.core.dberrors import refusals
from confide.core.errors import Conflict

T = TypeVar("T")
View = Callable[..., HttpResponse]

STAFF = ("admin", "intake", "clinician")


def role_required(*roles: str) -> Callable[[View], View]:
    """Open the page to these roles only: anonymous visitors sign in first, others get 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise PermissionDenied("This page is not part of your role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def page_actor(request: HttpRequest) -> Actor:
    """The person behind a page request (anonymous visitors are an actor with no user)."""
    return Actor.from_request(request, Via.PAGE)


def door_of(request: HttpRequest | None) -> Via:
    """Which door a request came through, for code every door runs (sign-in, sessions)."""
    path = getattr(request, "path", "") or ""
    if path.startswith("/api/"):
        return Via.API
    if path.startswith("/admin/"):
        return Via.ADMIN
    return Via.PAGE


def actor_of(request: HttpRequest | None, user: Any = None) -> Actor:
    """The actor of any request (or of none: Confide itself), by the door it came through."""
    if request is None:
        return Actor(user=user, via=Via.PAGE)
    return Actor.from_request(request, door_of(request), user=user)


@dataclass
class Done(Generic[T]):
    """What running an action from a page gave: its value, or the status to answer with."""

    value: T | None = None
    status: int = 200
    ran: bool = True

    @property
    def ok(self) -> bool:
        return self.ran and self.status < 400


def add_errors(
    form: BaseForm, exc: ValidationError, rename: Mapping[str, str] | None = None
) -> None:
    """Copy an action's field-named errors onto the form (unknown fields go to the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.message_dict.items():
        target = (rename or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)


def run_action(
    form: BaseForm, change: Callable[[], T], *, rename: Mapping[str, str] | None = None
) -> Done[T]:
    """Run one action; map what it raises onto the form and the status (422, 409, 403)."""
    try:
        with refusals():
            return Done(change())
    except Conflict as exc:
        target = (rename or {}).get(exc.field, exc.field)
        form.add_error(target if target in form.fields else None, exc.message)
        return Done(status=409)
    except ValidationError as exc:
        add_errors(form, exc, rename)
        return Done(status=422)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or "You are not allowed to do this.")
        return Done(status=403)


def submit(
    request: HttpRequest,
    form: BaseForm,
    change: Callable[[dict[str, Any]], T],
    *,
    rename: Mapping[str, str] | None = None,
) -> Done[T]:
    """On POST, validate the form and run `change(cleaned_data)`; on GET, run nothing (200)."""
    if request.method != "POST":
        return Done(ran=False)
    if not form.is_valid():
        return Done(status=422)
    return run_action(form, lambda: change(form.cleaned_data), rename=rename)


def run_with_message(request: HttpRequest, change: Callable[[], T]) -> Done[T]:
    """For a button without a form (sign, mark attended): errors become a message on the page
    the person is sent back to."""
    try:
        with refusals():
            return Done(change())
    except Conflict as exc:
        messages.error(request, exc.message)
        return Done(status=409)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return Done(status=422)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "You are not allowed to do this.")
        return Done(status=403)
