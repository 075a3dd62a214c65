"""The practice's bulk FHIR export: NDJSON files, one per resource type, written as a stream.

Clients are read with `.iterator(chunk_size=...)` and each resource is written as soon as it
is built, so memory stays flat however many clients the practice has; queries grow with the
number of chunks, not of clients. What an export holds is what its requester may see
(`Client.objects.visible_to`): the whole practice for an admin, their own clients for a
clinician.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from confide.accounts.models import Role
from confide.audit.actor import Actor, Via
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.interop import export, extra, mapping, stalls
from confide.interop.models import ExportFile, ExportJob, JobStatus
from confide.practice import access
from confide.practice.models import Client, Clinician, Location, Room

__all__ = ["TYPES", "JobStatus", "job_for", "manifest", "status_path", "write_export"]

TYPES = (
    "Patient",
    "Practitioner",
    "PractitionerRole",
    "Location",
    "QuestionnaireResponse",
    "Observation",
    "Appointment",
    "Flag",
    "Condition",
    "CarePlan",
)


def chunk_size() -> int:
    return int(settings.CONFIDE_EXPORT_CHUNK_SIZE)


def export_root() -> Path:
    return Path(settings.CONFIDE_EXPORT_DIR)


def job_dir(job: ExportJob) -> Path:
    return export_root() / str(job.pk)


def status_path(job: ExportJob) -> str:
    return reverse("api-v1:export_status", kwargs={"job_id": job.pk})


def job_for(actor: Actor, job_id: Any) -> ExportJob:
    """The requester's own job; anyone else's is indistinguishable from none. A job whose
    worker stopped is failed here at the latest, so that polling ends (interop/stalls.py)."""
    if actor.user is None:
        raise Http404("No such export.")
    try:
        job = ExportJob.objects.get(pk=job_id, requested_by=actor.user)
    except (ExportJob.DoesNotExist, ValidationError, ValueError):
        raise Http404("No such export.") from None
    return stalls.settle(job)


def manifest(job: ExportJob, absolute: Callable[[str], str]) -> dict[str, Any]:
    return {
        "transactionTime": mapping.instant(job.transaction_time),
        "request": job.request_url,
        "requiresAccessToken": True,
        "output": [
            {
                "type": f.resource_type,
                "url": absolute(
                    reverse("api-v1:export_file", kwargs={"job_id": job.pk, "name": f.name})
                ),
                "count": f.count,
            }
            for f in job.files.all()
        ],
        "error": [],
    }


class _Files:
    """One NDJSON file per resource type, opened on its first resource."""

    def __init__(self, directory: Path, types: Iterable[str]) -> None:
        self.directory = directory
        self.types = set(types) or set(TYPES)
        self.handles: dict[str, IO[bytes]] = {}
        self.counts: dict[str, int] = {}

    def write(self, resources: Iterable[dict[str, Any]]) -> None:
        for resource in resources:
            kind = resource["resourceType"]
            if kind not in self.types:
                continue
            if kind not in self.handles:
                self.handles[kind] = (self.directory / f"{kind}.ndjson").open("wb")
                self.counts[kind] = 0
            self.handles[kind].write(orjson.dumps(resource) + b"\n")  # UTF-8, compact
            self.counts[kind] += 1

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()


def write_export(job: ExportJob, *, worker_id: str = "") -> None:
    """Write every file of the job, recording progress; called by the background task."""
    user = job.requested_by
    directory = job_dir(job)
    directory.mkdir(parents=True, exist_ok=True)
    files = _Files(directory, job.types)
    clients = Client.objects.visible_to(user)
    started = ExportJob.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        clients_total=clients.count(),
        worker_id=worker_id,
        heartbeat_at=timezone.now(),
    )
    if not started:
        return  # failed meanwhile (its worker was given up on) or deleted: nothing to write
    try:
        with mapping.checking_a_sample(
            first=settings.CONFIDE_EXPORT_CHECK_FIRST, every=settings.CONFIDE_EXPORT_CHECK_EVERY
        ):
            _write_resources(job, files, clients)
    except stalls.GivenUp:
        files.close()
        shutil.rmtree(directory, ignore_errors=True)
        return
    except Exception as exc:
        files.close()
        shutil.rmtree(directory, ignore_errors=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED,
            error=f"The export failed ({type(exc).__name__}).",
            finished_at=timezone.now(),
        )
        raise
    files.close()
    with transaction.atomic():
        done = ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, finished_at=timezone.now(), heartbeat_at=timezone.now()
        )
        if done:
            ExportFile.objects.bulk_create(
                ExportFile(job=job, resource_type=kind, name=f"{kind}.ndjson", count=count)
                for kind, count in sorted(files.counts.items())
            )
    if not done:
        shutil.rmtree(directory, ignore_errors=True)


def _write_resources(job: ExportJob, files: _Files, clients: QuerySet[Client]) -> None:
    user = job.requested_by
    questionnaires = mapping.Questionnaires(export.base_url())
    instruments = export.InstrumentCache()
    clinicians = Clinician.objects.prefetch_related(
        "populations", "problem_areas", "modalities", "locations"
    )
    if access.role_of(user) != Role.ADMIN:
        clinicians = clinicians.filter(user=user)
    for clinician in clinicians.iterator(chunk_size=chunk_size()):
        files.write(export.clinician_resources(clinician))
    files.write(export.location_resources(Location.objects.all()))
    files.write(
        extra.room(r)
        for r in Room.objects.select_related("location").iterator(chunk_size=chunk_size())
    )
    done: list[Client] = []
    rows = export.with_record(clients).order_by("pk").iterator(chunk_size=chunk_size())
    for client in rows:
        files.write(export.client_resources(client, questionnaires, instruments))
        files.write(extra.client_extras(client, user, with_rooms=False))
        done.append(client)
        if len(done) >= chunk_size():
            _progress(job, user, done)
            done = []
    _progress(job, user, done)


def _progress(job: ExportJob, user: Any, done: list[Client]) -> None:
    """Audit the chunk just written (one row per client) and move the progress on."""
    if not done:
        return
    actor = Actor(user=user, via=Via.WORKER)
    record_many(Action.EXPORT, done, actor=actor, client_of=lambda c: c.pk)
    job.clients_done += len(done)
    moved = ExportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        clients_done=job.clients_done, heartbeat_at=timezone.now()
    )
    if not moved:
        raise stalls.GivenUp(job.pk)
