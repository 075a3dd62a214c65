"""FHIR in and out for one client: each function checks access and writes the audit row."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from confide.accounts.models import Role
from confide.assessments import catalog
from confide.assessments.actions import record_assessment
from confide.assessments.models import Assessment, Source
from confide.audit.log import record
from confide.audit.models import Action
from confide.instruments import ResponseError
from confide.interop import dedupe, export, extra, mapping
from confide.interop.importer import ImportProblem, parse_response
from confide.practice import access
from confide.practice.models import Client, Location


def _visible_client(user: Any, client_id: Any) -> Client:
    try:
        return Client.objects.visible_to(user).get(pk=client_id)
    except (Client.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such client.") from None


def _require_clinical(user: Any, client: Client, what: str) -> None:
    if not access.may_read_clinical(user, client):
        if access.role_of(user) == Role.ADMIN:
            raise PermissionDenied(f"{what} needs break-glass access to this client's record.")
        raise PermissionDenied(f"{what} is for the client's own clinicians.")


def client_bundle(request: HttpRequest, client_id: Any, *, include_notes: bool = False) -> dict:
    """The client's record as a FHIR Bundle: for their clinicians, or an admin with break-glass.

    Notes are included only when asked for and only when the caller may read them.
    """
    user = request.user
    client = _visible_client(user, client_id)
    _require_clinical(user, client, "A FHIR export")
    client = export.with_record(Client.objects.filter(pk=client.pk)).get()
    questionnaires = mapping.Questionnaires(export.base_url())
    instruments = export.InstrumentCache()
    clinicians = list(export.clinicians_of(client))
    location_ids = {place.pk for c in clinicians for place in c.locations.all()}
    location_ids |= {a.location_id for a in client.exported_appointments if a.location_id}
    resources: list[dict[str, Any]] = [
        *export.client_resources(client, questionnaires, instruments),
    ]
    for clinician in clinicians:
        resources.extend(export.clinician_resources(clinician))
    resources.extend(export.location_resources(Location.objects.filter(pk__in=location_ids)))
    resources.extend(extra.client_extras(client, user, include_notes=include_notes))
    record(
        Action.EXPORT,
        request=request,
        obj=client,
        client_id=client.pk,
        via="api",
        detail="FHIR Bundle" + (" with notes" if include_notes else ""),
    )
    return mapping.bundle(resources, export.base_url(), timezone.now())


def _subject_id(reference: str, base_url: str) -> str:
    for prefix in ("Patient/", f"{base_url}/fhir/Patient/"):
        if reference.startswith(prefix):
            return reference[len(prefix) :]
    raise ValidationError({"subject.reference": "Name the client as Patient/<id>."})


def import_questionnaire_response(request: HttpRequest, data: Any) -> tuple[Assessment, bool]:
    """Store a completed questionnaire from another system as an assessment of its client.

    Returns (assessment, created): the same response sent again (same identifier, or same id
    from the same source) gives back the assessment stored the first time, with created False,
    and opens no second alert. Raises ValidationError (422) naming each unknown questionnaire,
    item or answer code; dedupe.ImportConflict (409) for a known response with other answers;
    Http404 when the subject is not a client the caller may see. Stores everything or nothing.
    """
    user = request.user
    base = export.base_url()
    try:
        parsed = parse_response(data, base_url=base, instruments=catalog.all_instruments())
    except ImportProblem as problem:
        raise ValidationError(
            {
                field: [message for f, message in problem.errors if f == field]
                for field, _ in problem.errors
            }
        ) from None
    try:
        client_id = uuid.UUID(_subject_id(parsed.subject, base))
    except ValueError:
        raise Http404("No such client.") from None
    client = _visible_client(user, client_id)
    _require_clinical(user, client, "Importing a questionnaire")
    if earlier := _imported_before(request, client, parsed):
        return earlier, False
    instrument = catalog.get_instrument(parsed.instrument)
    try:
        with transaction.atomic():
            try:
                assessment = record_assessment(
                    instrument,
                    parsed.responses,
                    extras=parsed.extras,
                    source=Source.FHIR_IMPORT,
                    taken_at=parsed.authored,
                    client=client,
                    recorded_by=user,
                )
            except ResponseError as exc:
                raise ValidationError({exc.field: str(exc)}) from None
            dedupe.remember(client, assessment, parsed, user)
            record(
                Action.CREATE,
                request=request,
                obj=assessment,
                client_id=client.pk,
                via="api",
                detail="FHIR QuestionnaireResponse import",
            )
    except IntegrityError:
        # The same response arrived twice at once and the other request stored it first.
        if earlier := _imported_before(request, client, parsed):
            return earlier, False
        raise
    return assessment, True


def _imported_before(request: HttpRequest, client: Client, parsed: Any) -> Assessment | None:
    """The assessment an earlier import of this response stored (a read, so audited)."""
    earlier = dedupe.find(client, parsed, request.user)
    if earlier is None:
        return None
    record(
        Action.READ,
        request=request,
        obj=earlier,
        client_id=client.pk,
        via="api",
        detail="FHIR QuestionnaireResponse import: already stored",
    )
    return earlier
