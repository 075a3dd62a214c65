"""FHIR R4 in and out (API.md 'IPT and interoperability'), and the bulk export.

The bulk export follows the FHIR Bulk Data Access pattern: a kick-off answers 202 with a
Content-Location status URL; polling that URL answers 202 with X-Progress while the work runs
and 200 with the manifest when it is done; each file is fetched with the same bearer token.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from confide.api.auth import api_actor, staff_actor, token_auth
from confide.interop import actions, bulk

router = Router(auth=token_auth, tags=["interop"])

FHIR_JSON = "application/fhir+json"


@router.get(
    "/clients/{client_id}/fhir",
    summary="A client's record as a FHIR R4 Bundle",
    description="For the client's clinicians (and an admin with break-glass access). "
    "`?include=notes` adds the session notes as DocumentReferences.",
)
def client_fhir(request: HttpRequest, client_id: str, include: str = "") -> HttpResponse:
    actor = staff_actor(request)
    wanted = {part.strip() for part in include.split(",") if part.strip()}
    unknown = wanted - {"notes"}
    if unknown:
        raise HttpError(422, f"Unknown include value(s): {', '.join(sorted(unknown))}.")
    body = actions.client_bundle(actor, client_id, include_notes="notes" in wanted)
    return JsonResponse(body, content_type=FHIR_JSON)


@router.post(
    "/fhir/QuestionnaireResponse",
    response={200: dict, 201: dict, 409: dict},
    summary="Import a completed questionnaire (FHIR QuestionnaireResponse)",
    description="A completed PHQ-9, PHQ-2 or GAD-7 (or any Confide Questionnaire), mapped by "
    "LOINC item and answer codes, scored by Confide and stored for the subject client: 201. "
    "The same response sent again (same `identifier`, or same `id` from the same `meta.source` "
    "or account) answers 200 with the record stored the first time; under the same identity "
    "with different answers, 409.",
    openapi_extra={
        "requestBody": {
            "content": {FHIR_JSON: {"schema": {"type": "object"}}},
            "required": True,
        }
    },
)
def import_response(request: HttpRequest) -> Status:
    actor = staff_actor(request)
    try:
        data: Any = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise HttpError(400, "The body is not valid JSON.") from None
    # A response imported before with other answers is a Conflict: 409 (api/errors.py).
    assessment, created = actions.import_questionnaire_response(actor, data)
    return Status(
        201 if created else 200,
        {
            "id": str(assessment.pk),
            "client": str(assessment.client_id),
            "instrument": assessment.instrument,
            "total": assessment.total,
            "max_total": assessment.max_total,
            "severity": assessment.severity or None,
            "flags": list(assessment.flags),
            "prorated": assessment.prorated,
            "scorable": assessment.scorable,
            "source": assessment.source,
            "taken_at": assessment.taken_at.isoformat(),
        },
    )


# --- bulk export ----------------------------------------------------------------------


@router.get(
    "/fhir/$export",
    summary="Start a bulk export (FHIR Bulk Data kick-off)",
    description="Admin: the whole practice; a clinician: only their own clients. Answers 202 "
    "with Content-Location, the status URL to poll. `_type` limits the resource types.",
)
def export_kickoff(request: HttpRequest, types: str = Query("", alias="_type")) -> HttpResponse:
    wanted = [t.strip() for t in types.split(",") if t.strip()]
    job = actions.start_export(
        api_actor(request), types=wanted, request_url=request.build_absolute_uri()
    )
    response = HttpResponse(status=202)
    response["Content-Location"] = request.build_absolute_uri(bulk.status_path(job))
    return response


@router.get("/fhir/$export-status/{job_id}", summary="Bulk export status and manifest")
def export_status(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = bulk.job_for(api_actor(request), job_id)
    if job.status == bulk.JobStatus.FAILED:
        outcome = {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "exception", "diagnostics": job.error}],
        }
        return JsonResponse(outcome, status=500, content_type=FHIR_JSON)
    if job.status != bulk.JobStatus.DONE:
        response = HttpResponse(status=202)
        response["X-Progress"] = job.progress_text
        response["Retry-After"] = "5"
        return response
    manifest = bulk.manifest(job, request.build_absolute_uri)
    return JsonResponse(manifest, status=200)


@router.delete("/fhir/$export-status/{job_id}", summary="Delete a bulk export and its files")
def export_delete(request: HttpRequest, job_id: UUID) -> HttpResponse:
    actor = api_actor(request)
    actions.delete_export(actor, bulk.job_for(actor, job_id))
    return HttpResponse(status=202)


@router.get("/fhir/$export-files/{job_id}/{name}", summary="One file of a bulk export")
def export_file(request: HttpRequest, job_id: UUID, name: str) -> FileResponse:
    actor = api_actor(request)
    handle = actions.open_export_file(actor, bulk.job_for(actor, job_id), name)
    return FileResponse(handle, content_type="application/fhir+ndjson", filename=name)
