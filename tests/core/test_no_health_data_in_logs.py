"""No health information in the logs: what the database refuses never writes the row there.

PostgreSQL answers a refused write with the row itself (`DETAIL:  Failing row contains (...)`,
`Key (email)=(...)`), and Django's SQL log lines carry every parameter. Each kind of database
error is provoked here through the API and through the pages, with SQL logging on, and the
captured log (pytest's and the console handler's own output) must not hold the client's name,
date of birth, e-mail or phone, while the person sending gets a clear 409 or 422.
"""

from __future__ import annotations

import io
import json
import logging
import sys
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connection
from django.urls import reverse

from confide.core.logscrub import Scrub, scrub_database_message, scrub_sql
from confide.practice.models import Client
from tests.factories import make_user, sign_in, token_for

NAME = {"first_name": "Wilhelmina", "last_name": "Zarkovsky"}
PERSON = {
    **NAME,
    "date_of_birth": "1971-08-19",
    "email": "wilhelmina.z@example.org",
    "phone": "(860) 555-0177",
}
MARKERS = ("Wilhelmina", "Zarkovsky", "1971-08-19", "1971", "wilhelmina.z", "555-0177")

# Each kind of refusal: the DDL that makes the database refuse this client, its undoing, and
# the status the sender must get. `twin` adds a client the new one then collides with.
KINDS = {
    "unique": (
        ["CREATE UNIQUE INDEX tmp_one_email ON practice_client (email)"],
        ["DROP INDEX IF EXISTS tmp_one_email"],
        409,
        True,
    ),
    "foreign key": (
        [
            "CREATE TABLE tmp_known_phone (phone varchar(40) PRIMARY KEY)",
            "ALTER TABLE practice_client ADD CONSTRAINT tmp_phone_known FOREIGN KEY (phone)"
            " REFERENCES tmp_known_phone (phone) NOT VALID",
        ],
        [
            "ALTER TABLE practice_client DROP CONSTRAINT IF EXISTS tmp_phone_known",
            "DROP TABLE IF EXISTS tmp_known_phone",
        ],
        422,
        False,
    ),
    "check": (
        [
            "ALTER TABLE practice_client ADD CONSTRAINT tmp_born_late"
            " CHECK (date_of_birth > '1980-01-01') NOT VALID"
        ],
        ["ALTER TABLE practice_client DROP CONSTRAINT IF EXISTS tmp_born_late"],
        422,
        False,
    ),
    "not null": (
        ["ALTER TABLE practice_client ALTER COLUMN user_id SET NOT NULL"],
        ["ALTER TABLE practice_client ALTER COLUMN user_id DROP NOT NULL"],
        422,
        False,
    ),
    "exclusion": (
        [
            "ALTER TABLE practice_client ADD CONSTRAINT tmp_one_family"
            " EXCLUDE USING gist (last_name WITH =)"
        ],
        ["ALTER TABLE practice_client DROP CONSTRAINT IF EXISTS tmp_one_family"],
        409,
        True,
    ),
    "data too long": (
        ["ALTER TABLE practice_client ALTER COLUMN phone TYPE varchar(8)"],
        ["ALTER TABLE practice_client ALTER COLUMN phone TYPE varchar(40)"],
        422,
        False,
    ),
}


# --- the filter itself (both databases) ------------------------------------------------------


def test_a_database_message_keeps_what_went_wrong_and_loses_the_row():
    raw = (
        'duplicate key value violates unique constraint "practice_client_email_key"\n'
        "DETAIL:  Key (email)=(wilhelmina.z@example.org) already exists."
    )
    assert scrub_database_message(raw) == (
        'duplicate key value violates unique constraint "practice_client_email_key"'
    )
    quoted = "invalid input syntax for type uuid: \"Wilhelmina Zarkovsky\"\nLINE 1: SELECT 'W'"
    assert scrub_database_message(quoted) == 'invalid input syntax for type uuid: "…"'


def test_sql_keeps_its_shape_and_loses_its_values():
    sql = "INSERT INTO t (a, b) VALUES ('Wilhelmina', E'it''s\\\\x'), 1971"
    assert scrub_sql(sql) == "INSERT INTO t (a, b) VALUES ('…', '…'), 1971"


ROW = "DETAIL:  Failing row contains (Wilhelmina, Zarkovsky, 1971-08-19)."
REFUSED = f'new row for relation "practice_client" violates check constraint "x"\n{ROW}'


def test_a_logged_exception_is_rewritten_before_any_handler_sees_it():
    try:
        try:
            raise RuntimeError(ROW)
        except RuntimeError as inner:
            raise IntegrityError(REFUSED) from inner
    except IntegrityError as exc:
        args = (exc,)
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed: %s", args, sys.exc_info()
        )
    record.msg = "Failed: %s " + ROW
    Scrub().filter(record)
    text = logging.Formatter().format(record)
    assert 'violates check constraint "x"' in text and "RuntimeError" in text
    assert not any(marker in text for marker in MARKERS), text
    assert record.exc_info is None  # nothing left for a handler to re-render


def test_every_handler_and_the_request_and_sql_loggers_carry_the_filter():
    def scrubs(holder):
        return any(isinstance(f, Scrub) for f in holder.filters)

    root = logging.getLogger()
    assert root.handlers and all(scrubs(h) for h in root.handlers if not _pytest_handler(h))
    for name in ("django.request", "django.db.backends", "django.server", "django_tasks_db"):
        assert scrubs(logging.getLogger(name)), name
    assert not any(h for h in logging.getLogger("django").handlers), "mail_admins must stay off"


def _pytest_handler(handler):
    return type(handler).__module__.startswith("_pytest")


# --- every kind of database error, through the API and the pages (PostgreSQL) -----------------


@contextmanager
def console_output():
    """What the console handler itself writes, as the production log would hold it."""
    buffer = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if not _pytest_handler(h)]
    old = [h.setStream(buffer) for h in handlers if isinstance(h, logging.StreamHandler)]
    try:
        yield buffer
    finally:
        for h, stream in zip(handlers, old, strict=False):
            h.setStream(stream)


@pytest.fixture
def staff(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL quotes the row back (and these constraints are its DDL)")
    user = make_user("intake", "intake")
    return user


@contextmanager
def refusing(kind):
    ddl, undo, _, _ = KINDS[kind] if kind else ([], [], None, False)
    with connection.cursor() as cursor:
        for sql in ddl:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in undo:
                cursor.execute(sql)


def sql_logging_on(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    connection.force_debug_cursor = True  # Django's SQL log, with its parameters


def assert_clean(caplog, console):
    logged = caplog.text + console.getvalue()
    logged += "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    assert "INSERT INTO" in logged, "SQL logging was on: the statements must be there"
    for marker in MARKERS:
        assert marker not in logged, f"{marker!r} reached the log"


def through_both_doors(browser, staff, caplog, kind=None, **changes):
    """Add the client through the API, then through the page, with SQL logging on; return both
    answers and what the console handler wrote."""
    token = token_for(browser, staff)
    sql_logging_on(caplog)
    person = {**PERSON, **changes}
    try:
        with console_output() as console, refusing(kind):
            api = browser.post(
                "/api/v1/clients",
                json.dumps(person),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            sign_in(browser, staff)
            page = browser.post(
                reverse("staff:client_new"),
                {**person, "preferred_contact": "phone", "status": "waiting"},
            )
    finally:
        connection.force_debug_cursor = False
    return api, page, console


def twin_for(kind):
    if KINDS[kind][3]:
        Client.objects.create(**{**PERSON, "first_name": "Wilhelm"})


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_refused_write_answers_clearly_and_logs_no_health_data(staff, client, caplog, kind):
    twin_for(kind)
    api, page, console = through_both_doors(client, staff, caplog, kind)
    status = KINDS[kind][2]
    assert api.status_code == status, api.content
    body = api.json()
    assert body["detail"] and body["errors"][0]["field"]
    # The page door says what the API said, on the form (core/doors.py runs it in refusals()).
    assert page.status_code == status
    assert body["errors"][0]["message"] in page.content.decode()
    assert not any(marker in api.content.decode() for marker in MARKERS)
    assert Client.objects.filter(first_name="Wilhelmina").count() == 0
    assert_clean(caplog, console)


def test_a_nul_byte_is_a_422_and_logs_nothing_of_the_client(staff, client, caplog):
    api, page, console = through_both_doors(client, staff, caplog, preferred_name="Wil\x00helmina")
    assert api.status_code == 422, api.content
    assert "NUL" in api.json()["detail"]
    assert page.status_code == 422  # the form itself refuses it
    assert Client.objects.filter(first_name="Wilhelmina").count() == 0
    assert_clean(caplog, console)


@pytest.mark.parametrize("kind", ["unique", "check"])
def test_an_unmapped_refusal_is_a_500_whose_traceback_holds_no_health_data(
    staff, caplog, monkeypatch, kind
):
    """Should a refusal ever escape unexplained, the logged traceback is scrubbed all the same."""
    from django.test import Client as Browser

    from confide.api import errors
    from confide.core import dberrors, middleware

    for module in (dberrors, middleware, errors):
        monkeypatch.setattr(module, "explain", lambda exc: None)
    twin_for(kind)
    browser = Browser(raise_request_exception=False)
    api, page, console = through_both_doors(browser, staff, caplog, kind)
    assert (api.status_code, page.status_code) == (500, 500)
    tracebacks = [r for r in caplog.records if r.exc_text and "IntegrityError" in r.exc_text]
    assert len(tracebacks) == 2 and all(r.name == "django.request" for r in tracebacks)
    assert "violates" in tracebacks[0].exc_text  # what went wrong is still there
    assert_clean(caplog, console)
