"""FHIR in and out for one client: each function checks access and writes the audit row."""

from __future__ import annotations

import shutil
import uuid
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from confide.assessments import catalog
from confide.assessments.models import Assessment, Source
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.instruments import ResponseError
from confide.interop import bulk, dedupe, export, extra, mapping
from confide.interop.importer import ImportProblem, parse_response
from confide.interop.models import ExportJob, JobStatus
from confide.outcomes.actions import record_client_assessment
from confide.practice import access
from confide.practice.models import Client, Location


def client_bundle(actor: Actor, client_id: Any, *, include_notes: bool = False) -> dict:
    """The client's record as a FHIR Bundle: for their clinicians, or an admin with break-glass.

    Notes are included only when asked for and only when the caller may read them.
    """
    client = access.clinical_client_for(
        actor,
        client_id,
        action=Action.EXPORT,
        what="A FHIR export",
        detail="FHIR Bundle" + (" with notes" if include_notes else ""),
    )
    client = export.with_record(Client.objects.filter(pk=client.pk)).get()
    questionnaires = mapping.Questionnaires(export.base_url())
    instruments = export.InstrumentCache()
    clinicians = list(export.clinicians_of(client))
    location_ids = {place.pk for c in clinicians for place in c.locations.all()}
    appointments = client.exported_appointments  # type: ignore[attr-defined] # prefetched
    location_ids |= {a.location_id for a in appointments if a.location_id}
    resources: list[dict[str, Any]] = [
        *export.client_resources(client, questionnaires, instruments),
    ]
    for clinician in clinicians:
        resources.extend(export.clinician_resources(clinician))
    resources.extend(export.location_resources(Location.objects.filter(pk__in=location_ids)))
    resources.extend(extra.client_extras(client, actor.user, include_notes=include_notes))
    return mapping.bundle(resources, export.base_url(), timezone.now())


def _subject_id(reference: str, base_url: str) -> str:
    for prefix in ("Patient/", f"{base_url}/fhir/Patient/"):
        if reference.startswith(prefix):
            return reference[len(prefix) :]
    raise ValidationError({"subject.reference": "Name the client as Patient/<id>."})


def import_questionnaire_response(actor: Actor, data: Any) -> tuple[Assessment, bool]:
    """Store a completed questionnaire from another system as an assessment of its client.

    Returns (assessment, created): the same response sent again (same identifier, or same id
    from the same source) gives back the assessment stored the first time, with created False,
    and opens no second alert. Raises ValidationError (422) naming each unknown questionnaire,
    item or answer code; dedupe.ImportConflict (409) for a known response with other answers;
    Http404 when the subject is not a client the caller may see; PermissionDenied (403) unless
    the caller may record the client's questionnaires (the same rule as every other door).
    Stores everything or nothing.
    """
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
    client = access.visible_client(actor, client_id)
    access.require_clinical(actor, client, "Importing a questionnaire")
    if earlier := _imported_before(actor, client, parsed):
        return earlier, False
    try:
        with transaction.atomic():
            try:
                assessment = record_client_assessment(
                    actor,
                    client,
                    parsed.instrument,
                    parsed.responses,
                    parsed.extras,
                    source=Source.FHIR_IMPORT,
                    taken_at=parsed.authored,
                    detail="FHIR QuestionnaireResponse import",
                )
            except ResponseError as exc:
                raise ValidationError({exc.field: str(exc)}) from None
            dedupe.remember(client, assessment, parsed, actor.user)
    except IntegrityError:
        # The same response arrived twice at once and the other request stored it first.
        if earlier := _imported_before(actor, client, parsed):
            return earlier, False
        raise
    return assessment, True


def _imported_before(actor: Actor, client: Client, parsed: Any) -> Assessment | None:
    """The assessment an earlier import of this response stored (a read, so audited)."""
    earlier = dedupe.find(client, parsed, actor.user)
    if earlier is None:
        return None
    record(
        Action.READ,
        actor=actor,
        obj=earlier,
        client_id=client.pk,
        detail="FHIR QuestionnaireResponse import: already stored",
    )
    return earlier


# --- the bulk export ---------------------------------------------------------------------


def start_export(actor: Actor, *, types: list[str], request_url: str) -> ExportJob:
    """Queue a bulk export for the requester (admin: practice; clinician: own clients)."""
    from confide.interop.tasks import run_export

    if not access.may_bulk_export(actor.user):
        raise PermissionDenied("Bulk export is for practice admins and clinicians.")
    unknown = sorted(set(types) - set(bulk.TYPES))
    if unknown:
        known = ", ".join(bulk.TYPES)
        raise ValidationError(
            {"_type": f"Unknown resource type(s): {', '.join(unknown)}; known: {known}."}
        )
    job = ExportJob.objects.create(
        requested_by=actor.user,
        request_url=request_url,
        types=list(dict.fromkeys(types)),
        transaction_time=timezone.now(),
    )
    record(Action.EXPORT, actor=actor, obj=job, detail="FHIR bulk export started")
    run_export.enqueue(str(job.pk))
    return job


def open_export_file(actor: Actor, job: ExportJob, name: str) -> IO[bytes]:
    """One finished file of the requester's export, audited as a download."""
    file = job.files.filter(name=name).first() if job.status == JobStatus.DONE else None
    if file is None:
        raise Http404("No such file.")
    record(Action.EXPORT, actor=actor, obj=job, detail=f"Downloaded {name}")
    return (bulk.job_dir(job) / file.name).open("rb")


def delete_export(actor: Actor, job: ExportJob) -> None:
    shutil.rmtree(bulk.job_dir(job), ignore_errors=True)
    record(Action.DELETE, actor=actor, obj=job, detail="FHIR bulk export deleted")
    job.delete()
