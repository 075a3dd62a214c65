"""A hash chain over the audit trail, so that a changed or removed row is found out.

Every event gets one link: `digest = HMAC(key, previous digest + the event's fields)`. Changing an
event, removing one, or removing a link breaks every digest from there on, and without the key
(CONFIDE_AUDIT_KEY, or one derived from SECRET_KEY) nobody can forge a new chain. On PostgreSQL
the app's role cannot change the tables at all (confide/audit/roles.py); on SQLite, where whoever
can write the file can drop the triggers, the chain is what tells (`manage.py verify_audit`).

Links are written once the event's own transaction has committed, in a short transaction that
holds the chain's lock (PostgreSQL: an advisory lock; SQLite: the IMMEDIATE write lock) only while
it appends. Chaining inside the event's transaction would hold that lock until its commit, make
every audited request wait on every other, and deadlock against their row locks; and a rolled
back event would leave a hole. So the chain follows commit order, one line whatever the number of
writers. An event whose process died between its commit and its link is chained by the next
`verify_audit --chain`, or by the next writer that starts at or before it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils.crypto import salted_hmac

from confide.audit.models import AuditEvent, AuditLink

logger = logging.getLogger(__name__)

# What the digest covers, in this order. Adding a field to AuditEvent does not change old links.
FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_username",
    "actor_role",
    "action",
    "object_type",
    "object_id",
    "client_id",
    "via",
    "ip",
    "detail",
)
GENESIS = "0" * 64
BATCH = 500
# pg_advisory_xact_lock key: "audit chain" in ASCII, as one bigint.
_LOCK = int.from_bytes(b"auditchn", "big") >> 1


def digest(previous: str, event: dict[str, Any]) -> str:
    """The link digest of `event` (a `values(*FIELDS)` row) after the link `previous`."""
    fields = [_plain(event[name]) for name in FIELDS]
    message = previous + json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    secret = getattr(settings, "CONFIDE_AUDIT_KEY", "") or settings.SECRET_KEY
    return salted_hmac(
        "confide.audit.chain", message, secret=secret, algorithm="sha256"
    ).hexdigest()


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def chain_after_commit(event_ids: Iterable[int]) -> None:
    """Chain these new events (and any still unchained after the first) once they commit."""
    ids = list(event_ids)
    if ids:
        first = min(ids)
        transaction.on_commit(lambda: chain_pending(since=first), robust=True)


def chain_pending(since: int | None = None) -> int:
    """Append a link for every committed event not yet chained (with an id of at least `since`),
    in id order; return how many were chained."""
    chained, clashes = 0, 0
    while True:
        try:
            added = _append_batch(since)
        except IntegrityError:
            # Another writer took the same place: not under the lock, but never fatal.
            clashes += 1
            if clashes > 3:
                raise
            continue
        chained += added
        if added < BATCH:
            return chained


def _append_batch(since: int | None) -> int:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
        head = AuditLink.objects.order_by("-seq").only("seq", "digest").first()
        pending = AuditEvent.objects.filter(
            ~Exists(AuditLink.objects.filter(event_id=OuterRef("pk")))
        )
        if since is not None:
            pending = pending.filter(pk__gte=since)
        rows = list(pending.order_by("pk").values(*FIELDS)[:BATCH])
        seq, previous = (head.seq, head.digest) if head else (0, GENESIS)
        links = []
        for row in rows:
            seq += 1
            previous = digest(previous, row)
            links.append(AuditLink(seq=seq, event_id=row["id"], digest=previous))
        AuditLink.objects.bulk_create(links)
    return len(links)


@dataclass(frozen=True)
class Verdict:
    links: int
    head: AuditLink | None
    unchained: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(chunk: int = 2000) -> Verdict:
    """Walk the chain from the first link and report the first one that does not hold."""
    previous, expected, head = GENESIS, 1, None
    for links in _chunks(AuditLink.objects.order_by("seq"), chunk):
        events = {
            e["id"]: e
            for e in AuditEvent.objects.filter(pk__in=[link.event_id for link in links])
            .order_by()
            .values(*FIELDS)
        }
        for link in links:
            problem = ""
            event = events.get(link.event_id)
            if link.seq != expected:
                problem = f"links {expected} to {link.seq - 1} are missing"
            elif event is None:
                problem = f"event {link.event_id} is missing: it was removed after it was chained"
            elif digest(previous, event) != link.digest:
                when = f"{event['at']:%Y-%m-%d %H:%M:%S} UTC"
                problem = (
                    f"event {link.event_id} (at {when}) or this link was changed after it was "
                    "chained"
                )
            if problem:
                return Verdict(
                    expected - 1, head, _unchained(), broken_at=link.seq, problem=problem
                )
            previous, expected, head = link.digest, expected + 1, link
    return Verdict(expected - 1, head, _unchained())


def _unchained() -> int:
    return AuditEvent.objects.filter(
        ~Exists(AuditLink.objects.filter(event_id=OuterRef("pk")))
    ).count()


def _chunks(queryset: Any, size: int) -> Iterator[list[AuditLink]]:
    batch: list[AuditLink] = []
    for item in queryset.iterator(chunk_size=size):
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
