"""What the database refuses on a page: a clear 409 or 422, not a 500 with the row in the log."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from confide.core.dberrors import explain


class DatabaseRefusalMiddleware:
    """Answer a page whose change the database refused outside an action the page door ran
    (those land on the form's field: core/doors.py). The API answers the same refusals in its
    own error shape (confide/api/errors.py)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        found = explain(exc) if isinstance(exc, IntegrityError | DataError) else None
        if found is None:
            return None
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = ""
        field = "" if found.field == "body" else found.field.replace("_", " ").capitalize()
        context = {"message": found.message, "field": field, "back": back}
        staff = request.path.startswith("/staff/") and getattr(
            request.user, "is_staff_member", False
        )
        template = "refused_staff.html" if staff else "refused.html"
        return render(request, template, context, status=found.status)
