"""One error shape for the whole API: {"detail": ..., "errors": [{"field", "message"}]}.

Every exception an action raises is mapped here, once: ValidationError 422 naming the field,
Conflict (a taken slot) 409, PermissionDenied 403, Http404 404; and what the database itself
refused (IntegrityError, DataError) 409 or 422 naming the field, never the row (core/dberrors.py).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from confide.core.dberrors import explain
from confide.core.errors import Conflict, error_body
from confide.instruments import ResponseError

__all__ = ["error_body", "field_path", "install"]

# Where ninja says a value came from; the client only needs the field's own path.
_SOURCES = {"body", "query", "path", "form", "header", "cookie"}


def field_path(loc: list[Any] | tuple[Any, ...]) -> str:
    """('body', 'payload', 'responses', 3) -> 'responses[3]'."""
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": field_path(e.get("loc", ())), "message": str(e.get("msg", "Invalid."))}
            for e in exc.errors
        ]
        names = ", ".join(e["field"] for e in errors)
        return api.create_response(
            request, error_body(f"Invalid input: {names}.", errors), status=422
        )

    @api.exception_handler(ResponseError)
    def response_error(request: HttpRequest, exc: ResponseError) -> HttpResponse:
        errors = [{"field": exc.field, "message": str(exc)}]
        return api.create_response(request, error_body(str(exc), errors), status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return api.create_response(request, error_body(str(exc)), status=exc.status_code)

    @api.exception_handler(DjangoValidationError)
    def model_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {"field": field if field != "__all__" else "body", "message": " ".join(msgs)}
                for field, msgs in exc.message_dict.items()
            ]
        else:
            errors = [{"field": "body", "message": m} for m in exc.messages]
        names = ", ".join(e["field"] for e in errors)
        return api.create_response(
            request, error_body(f"Invalid input: {names}.", errors), status=422
        )

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        # A taken slot and the like: the field to change, and what to do instead.
        errors = [{"field": exc.field or "body", "message": exc.message}]
        return api.create_response(request, error_body(exc.message, errors), status=409)

    @api.exception_handler(IntegrityError)
    @api.exception_handler(DataError)
    def database_refused(request: HttpRequest, exc: IntegrityError | DataError) -> HttpResponse:
        found = explain(exc)
        if found is None:  # pragma: no cover - explain() answers for both kinds
            raise exc
        errors = [{"field": found.field, "message": found.message}]
        detail = found.message if found.field == "body" else f"{found.field}: {found.message}"
        return api.create_response(request, error_body(detail, errors), status=found.status)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, error_body(str(exc) or "Not allowed."), status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Not found and not yours to see are deliberately the same answer.
        return api.create_response(request, error_body("Not found."), status=404)
