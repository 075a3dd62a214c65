"""Bulk exports whose worker died: marked failed, with the reason, so clients stop polling.

A worker notes its id and a heartbeat on the job as it writes (bulk.write_export). A job is
given up on when the worker that had it starts again (`manage.py worker --worker-id ...`
announces its start, and a restarted worker runs nothing it had before), when its heartbeat
is older than CONFIDE_EXPORT_STALL_MINUTES, or when it has waited in the queue longer than
CONFIDE_EXPORT_QUEUE_HOURS. The status URL answers the failure at once (`settle`, called on
every poll), so no cron job is needed for a client to learn of it.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from confide.interop.models import ExportJob, JobStatus

ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class GivenUp(Exception):
    """Raised in a worker still writing a job that was meanwhile given up on."""


def _stall() -> timedelta:
    return timedelta(minutes=settings.CONFIDE_EXPORT_STALL_MINUTES)


def _queue_limit() -> timedelta:
    return timedelta(hours=settings.CONFIDE_EXPORT_QUEUE_HOURS)


def _stalled_or_unstarted(now: Any) -> Q:
    stalled = Q(status=JobStatus.RUNNING, heartbeat_at__lt=now - _stall())
    never_started = Q(status=JobStatus.QUEUED, created_at__lt=now - _queue_limit())
    return stalled | never_started


def _reason(job: ExportJob) -> str:
    if job.status == JobStatus.QUEUED:
        hours = settings.CONFIDE_EXPORT_QUEUE_HOURS
        return f"The export never started: no worker took it within {hours} hours. Start it again."
    minutes = settings.CONFIDE_EXPORT_STALL_MINUTES
    return (
        f"The export stopped: its worker made no progress for {minutes} minutes (it was "
        "stopped or died). Start it again."
    )


def _fail(jobs: Any, reason: Any) -> int:
    """Fail each still-active job, each with its reason; remove what it had written."""
    from confide.interop.bulk import job_dir

    failed = 0
    for job in jobs:
        text = reason(job) if callable(reason) else reason
        if ExportJob.objects.filter(pk=job.pk, status__in=ACTIVE).update(
            status=JobStatus.FAILED, error=text[:300], finished_at=timezone.now()
        ):
            shutil.rmtree(job_dir(job), ignore_errors=True)
            failed += 1
    return failed


def settle(job: ExportJob) -> ExportJob:
    """The job as a client should see it: failed now if its worker has stopped."""
    if job.status not in ACTIVE:
        return job
    if not ExportJob.objects.filter(_stalled_or_unstarted(timezone.now()), pk=job.pk).exists():
        return job
    _fail([job], _reason)
    job.refresh_from_db()
    return job


def fail_stalled() -> int:
    """Fail every job whose worker has stopped moving or that no worker ever took."""
    return _fail(ExportJob.objects.filter(_stalled_or_unstarted(timezone.now())), _reason)


def fail_abandoned_by(worker_id: str) -> int:
    """A worker starts again as `worker_id`: whatever it was writing before died with it."""
    if not worker_id:
        return 0
    jobs = ExportJob.objects.filter(status__in=ACTIVE, worker_id=worker_id)
    jobs = jobs | ExportJob.objects.filter(pk__in=_jobs_claimed_by(worker_id), status__in=ACTIVE)
    reason = "The export stopped: its worker was restarted while writing it. Start it again."
    return _fail(jobs.distinct(), reason)


def _jobs_claimed_by(worker_id: str) -> list[str]:
    """Exports whose task that worker had claimed but not begun (it died in between); the task
    results themselves are marked failed too, so django-tasks tells the truth about them."""
    try:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the database backend is always installed
        return []
    ids: list[str] = []
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, task_path="confide.interop.tasks.run_export"
    )
    for result in running:
        if result.worker_ids and result.worker_ids[-1] == worker_id:
            ids.extend(str(a) for a in (result.args_kwargs.get("args") or [])[:1])
            result.set_failed(WorkerRestarted(f"Worker {worker_id} restarted while running this."))
    return ids


class WorkerRestarted(Exception):
    """The reason recorded on a task result whose worker restarted under it."""


def on_worker_start(sender: Any, worker_id: str, **kwargs: Any) -> None:
    """confide.core.signals.worker_started: fail what this worker left, and any stalled job."""
    fail_abandoned_by(worker_id)
    fail_stalled()
