"""Keep health information out of the logs: a filter on every handler and logger (settings).

A database error carries the very data that upset it: PostgreSQL adds `DETAIL:  Failing row
contains (...)` or `Key (email)=(...)`, quotes the offending value (`invalid input syntax for type
uuid: "Jane Doe"`) and echoes the statement (`LINE 1: ...`); Django's SQL log lines carry the
query's parameters. The filter rewrites each record before any handler formats it: a database
error keeps its first line with the quoted values blanked (the constraint, table and column
names stay: they say what went wrong without saying about whom), any other exception loses
everything from a `DETAIL:` on, and SQL keeps its shape but not its literals or parameters.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

HIDDEN = "…"

# Quoted text in a database message, and the word before it: a constraint's, table's or column's
# name stays, any other quoted text is a value.
_QUOTED = re.compile(r'(\w+ )?"[^"\n]*"')
_NAMES = {"constraint", "relation", "column", "table", "index", "type", "schema", "function",
          "sequence", "trigger", "database", "role"}  # fmt: skip


# PostgreSQL's extra fields, from the first one to the end of the message.
_PG_FIELDS = re.compile(r"\n(?:DETAIL|HINT|CONTEXT|LINE \d+|QUERY|WHERE):.*", re.DOTALL)
_DETAIL = re.compile(r"DETAIL:.*", re.DOTALL)
# SQL literals: 'it''s', E'a\\b'.
_SQL_LITERAL = re.compile(r"(?:\b[Ee])?'(?:[^'\\]|''|\\.)*'")


def _is_database_error(exc: BaseException) -> bool:
    for cls in type(exc).__mro__:
        module = cls.__module__ or ""
        if cls.__name__ in ("Error", "DatabaseError") and (
            module.startswith(("django.db", "psycopg", "sqlite3"))
        ):
            return True
    return False


def scrub_database_message(text: str) -> str:
    """'duplicate key ... "t_email_key"\\nDETAIL:  Key (email)=(a@b.c) ...' -> the first line,
    its quoted values blanked."""
    first = _PG_FIELDS.sub("", text).split("\n", 1)[0]
    return _QUOTED.sub(_keep_names, first)


def _keep_names(match: re.Match[str]) -> str:
    word = match.group(1) or ""
    return match.group(0) if word.strip() in _NAMES else f'{word}"{HIDDEN}"'


def scrub_text(text: str) -> str:
    """Any message: drop everything from a DETAIL: on."""
    return _DETAIL.sub(f"DETAIL: {HIDDEN}", text) if "DETAIL:" in text else text


def scrub_sql(sql: str) -> str:
    return _SQL_LITERAL.sub(f"'{HIDDEN}'", sql)


def scrub_exception(exc_info: Any) -> str:
    """The traceback as logging would print it, with every exception in the chain scrubbed."""
    te = traceback.TracebackException(*exc_info, capture_locals=False)
    exceptions = _chain(te, exc_info[1])
    for each, exc in exceptions:
        message = getattr(each, "_str", "")
        if exc is not None and _is_database_error(exc):
            each._str = scrub_database_message(message)  # type: ignore[attr-defined]
        else:
            each._str = scrub_text(message)  # type: ignore[attr-defined]
    return "".join(te.format()).rstrip("\n")


def _chain(
    te: traceback.TracebackException, exc: BaseException | None
) -> list[tuple[traceback.TracebackException, BaseException | None]]:
    found: list[tuple[traceback.TracebackException, BaseException | None]] = []
    seen: set[int] = set()
    stack: list[tuple[traceback.TracebackException | None, BaseException | None]] = [(te, exc)]
    while stack:
        node, value = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        found.append((node, value))
        stack.append((node.__cause__, getattr(value, "__cause__", None)))
        stack.append((node.__context__, getattr(value, "__context__", None)))
        for sub, sub_value in zip(
            node.exceptions or [], getattr(value, "exceptions", None) or [], strict=False
        ):
            stack.append((sub, sub_value))
    return found


def _scrub_args(args: Any, sql_logger: bool) -> Any:
    if isinstance(args, dict):
        return {k: _scrub_arg(v, sql_logger) for k, v in args.items()}
    if isinstance(args, tuple):
        return tuple(_scrub_arg(a, sql_logger) for a in args)
    return args


def _scrub_arg(value: Any, sql_logger: bool) -> Any:
    if isinstance(value, BaseException):
        return (
            scrub_database_message(str(value))
            if _is_database_error(value)
            else scrub_text(str(value))
        )
    if sql_logger and isinstance(value, list | tuple | dict):
        return f"[{HIDDEN}]"  # query parameters
    if isinstance(value, str):
        return scrub_sql(value) if sql_logger else scrub_text(value)
    return value


class Scrub(logging.Filter):
    """Rewrite the record in place (so every later handler sees it clean); never drop it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_confide_scrubbed", False):
            return True
        record._confide_scrubbed = True
        sql_logger = record.name.startswith("django.db.backends")
        if isinstance(record.msg, str):
            record.msg = scrub_sql(record.msg) if sql_logger else scrub_text(record.msg)
        elif isinstance(record.msg, BaseException):
            record.msg = _scrub_arg(record.msg, False)
        record.args = _scrub_args(record.args, sql_logger)
        for name in ("sql", "params"):  # Django's SQL records carry them as attributes too
            if hasattr(record, name):
                value = getattr(record, name)
                setattr(record, name, scrub_sql(value) if isinstance(value, str) else f"[{HIDDEN}]")
        if record.exc_info and record.exc_info[1] is not None:
            # Formatters print exc_text as it stands; no handler gets the raw exception.
            record.exc_text = scrub_exception(record.exc_info)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        return True
