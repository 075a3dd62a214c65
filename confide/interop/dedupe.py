"""The same QuestionnaireResponse imported twice is stored once.

A response is the same one when it carries the same `identifier` (system and value), or the
same `id` from the same source: `meta.source` when the sender gives it, otherwise the account
that sends it (an integration's API token). Both are scoped to the client. Confide's own export
is a source too: its QuestionnaireResponse ids are the ids of the assessments they show.

A resend with the same answers gets the record already stored; different answers under the
same identity are a conflict, never a silent overwrite or a silent drop.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC
from typing import Any

from django.db.models import Q

from confide.assessments.models import Assessment
from confide.core.errors import Conflict
from confide.interop.importer import Parsed
from confide.interop.models import ImportedResponse

_CONFLICT = (
    "A response with this {field} was already imported for this client with different "
    "answers. Confide does not overwrite a stored questionnaire: send a corrected response "
    "under a new identifier."
)


class ImportConflict(Conflict):
    """This response's identity was imported before with different answers (a 409)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def identifier_key(parsed: Parsed) -> str | None:
    if parsed.identifier is None:
        return None
    system, value = parsed.identifier
    return _digest("identifier", system, value)


def resource_key(parsed: Parsed, user: Any) -> str | None:
    if not parsed.resource_id:
        return None
    source = parsed.meta_source or f"account:{getattr(user, 'pk', '')}"
    return _digest("id", source, parsed.resource_id)


def _answers(instrument: str, responses: Any, extras: Any) -> str:
    body = {"instrument": instrument, "responses": list(responses), "extras": dict(extras or {})}
    return json.dumps(body, sort_keys=True)


def answers_digest(parsed: Parsed) -> str:
    authored = (
        parsed.authored.astimezone(UTC).isoformat(timespec="seconds") if parsed.authored else ""
    )
    return _digest(_answers(parsed.instrument, parsed.responses, parsed.extras), authored)


def _own_export(client: Any, parsed: Parsed) -> Assessment | None:
    """The assessment a response exported by this Confide shows, when it comes back."""
    try:
        pk = uuid.UUID(parsed.resource_id or "")
    except ValueError:
        return None
    earlier = Assessment.objects.filter(pk=pk, client=client).first()
    if earlier is None:
        return None
    if _answers(earlier.instrument, earlier.responses, earlier.extras) != _answers(
        parsed.instrument, parsed.responses, parsed.extras
    ):
        raise ImportConflict("id", _CONFLICT.format(field="id"))
    return earlier


def find(client: Any, parsed: Parsed, user: Any) -> Assessment | None:
    """The assessment stored for this response before, if any; raise ImportConflict when it
    was stored with different answers."""
    if own := _own_export(client, parsed):
        return own
    keys = Q()
    if key := identifier_key(parsed):
        keys |= Q(identifier_key=key)
    if key := resource_key(parsed, user):
        keys |= Q(resource_key=key)
    if not keys:
        return None
    earlier = (
        ImportedResponse.objects.filter(keys, client=client).select_related("assessment").first()
    )
    if earlier is None:
        return None
    if earlier.answers_digest != answers_digest(parsed):
        field = "identifier" if earlier.identifier_key == identifier_key(parsed) else "id"
        raise ImportConflict(field, _CONFLICT.format(field=field))
    return earlier.assessment


def remember(client: Any, assessment: Any, parsed: Parsed, user: Any) -> ImportedResponse:
    """Record the import; inside the transaction that stores the assessment."""
    return ImportedResponse.objects.create(
        assessment=assessment,
        client=client,
        identifier_key=identifier_key(parsed) or "",
        resource_key=resource_key(parsed, user) or "",
        answers_digest=answers_digest(parsed),
    )
