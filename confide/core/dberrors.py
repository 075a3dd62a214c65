"""What the database refused, said to the person who sent it, never copied into a log.

A constraint is the last line of defence: validation should have caught the value first, but a
race (two people saving at once), a row deleted a moment ago, or data the forms never foresaw
reach the database, which refuses. `explain()` turns that refusal into a status and a field
name: 409 when the change conflicts with a record that exists (unique, exclusion, still in use),
422 when a value is not allowed (check, not null, a missing referenced record, too long, NUL).
It reads only the constraint, table and column names, never the values PostgreSQL quotes back.

`refusals()` raises it as the exceptions every door already maps (`Conflict` 409, a
`ValidationError` naming the field 422): the page door runs each action inside it, so the
refusal lands on the form's field (core/doors.py). The API maps raw database errors the same
way (api/errors.py), and DatabaseRefusalMiddleware answers any page that got one outside an
action with a clear page instead of a 500.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, DataError, IntegrityError

from confide.core.errors import Conflict

CONFLICT, INVALID = 409, 422

_KEY_COLUMNS = re.compile(r"Key \(([^)]*)\)")
_SQLITE = re.compile(r"^(UNIQUE|NOT NULL|CHECK|FOREIGN KEY) constraint failed(?:: (.*))?$")


@dataclass(frozen=True)
class Refusal:
    status: int
    field: str
    message: str

    def as_exception(self) -> Exception:
        """The exception every door maps: Conflict (409) or a field's ValidationError (422)."""
        field = "" if self.field == "body" else self.field
        if self.status == CONFLICT:
            return Conflict(self.message, field=field)
        return ValidationError({field or "__all__": self.message})


@contextmanager
def refusals() -> Iterator[None]:
    """Turn what the database refuses inside into a Conflict or a field's ValidationError."""
    try:
        yield
    except (IntegrityError, DataError) as exc:
        refusal = explain(exc)
        if refusal is None:
            raise
        raise refusal.as_exception() from None


def explain(exc: DatabaseError) -> Refusal | None:
    """The refusal behind an IntegrityError or DataError; None for anything else."""
    if not isinstance(exc, IntegrityError | DataError):
        return None
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "sqlstate", None):
        return _postgres(exc, diag)
    message = str(exc).split("\n", 1)[0]
    if "NUL (0x00)" in message:  # psycopg refuses these before PostgreSQL sees them
        return Refusal(INVALID, "body", "Text cannot contain NUL characters (\\u0000).")
    if match := _SQLITE.match(message):
        return _sqlite(match.group(1), match.group(2) or "")
    if isinstance(exc, DataError):
        return Refusal(INVALID, "body", "A value is not valid for its field.")
    return Refusal(CONFLICT, "body", "This change conflicts with the records as they are now.")


def _postgres(exc: DatabaseError, diag: Any) -> Refusal:
    state: str = diag.sqlstate
    table = diag.table_name or ""
    detail = diag.message_detail or ""
    columns = _key_columns(detail)
    field = _field(table, columns[0]) if columns else "body"
    if state == "23505":  # unique_violation
        return Refusal(CONFLICT, field, f"Another record already has this {_label(field)}.")
    if state == "23P01":  # exclusion_violation
        return Refusal(CONFLICT, field, f"This {_label(field)} clashes with another record.")
    if state == "23503":  # foreign_key_violation
        if "still referenced" in detail:
            return Refusal(CONFLICT, "body", "This record is still in use, so it stays.")
        return Refusal(INVALID, field, "This refers to a record that does not exist (any more).")
    if state == "23502":  # not_null_violation
        field = _field(table, diag.column_name or "")
        return Refusal(INVALID, field, "This field is required.")
    if state == "23514":  # check_violation
        return _check(table, diag.constraint_name or "")
    if state == "22001":  # string_data_right_truncation
        return Refusal(INVALID, "body", "A value is longer than its field allows.")
    if state.startswith("22"):  # any other data exception
        return Refusal(INVALID, "body", "A value is not valid for its field.")
    return Refusal(CONFLICT, "body", "This change conflicts with the records as they are now.")


def _sqlite(kind: str, where: str) -> Refusal:
    first = where.split(",")[0].strip()
    table, _, column = first.rpartition(".")
    if kind == "UNIQUE":
        field = _field(table, column)
        return Refusal(CONFLICT, field, f"Another record already has this {_label(field)}.")
    if kind == "NOT NULL":
        return Refusal(INVALID, _field(table, column), "This field is required.")
    if kind == "CHECK":
        return _check("", first)
    return Refusal(INVALID, "body", "This refers to a record that does not exist (any more).")


def _check(table: str, name: str) -> Refusal:
    """A check constraint: the first field its condition names, and its own message if any."""
    for model in apps.get_models():
        if table and model._meta.db_table != table:
            continue
        for constraint in model._meta.constraints:
            if constraint.name == name:
                condition = getattr(constraint, "condition", None)
                field = next(_fields_of(condition), "body") if condition is not None else "body"
                return Refusal(INVALID, field, f"Not allowed: {_sentence(name)}.")
    return Refusal(INVALID, "body", f"Not allowed: {_sentence(name) or 'a rule of the records'}.")


def _fields_of(condition: Any) -> Iterator[str]:
    for child in getattr(condition, "children", []):
        if isinstance(child, tuple):
            yield child[0].split("__", 1)[0]
        else:
            yield from _fields_of(child)


def _key_columns(detail: str) -> list[str]:
    match = _KEY_COLUMNS.search(detail)
    if not match:
        return []
    return [c.strip().strip('"') for c in match.group(1).split(",") if c.strip()]


def _field(table: str, column: str) -> str:
    """The model field behind a table's column, or the column itself."""
    for model in apps.get_models():
        if model._meta.db_table == table:
            for f in model._meta.concrete_fields:
                if f.column == column:
                    return f.name
    return column or "body"


def _label(field: str) -> str:
    return "value" if field == "body" else field.replace("_", " ")


def _sentence(name: str) -> str:
    return name.replace("_", " ").strip()
