"""An export whose worker died is marked failed, with the reason, so that clients stop polling."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from confide.interop import bulk
from confide.interop.models import ExportJob, JobStatus
from tests.factories import build_world, call, token_for

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.CONFIDE_EXPORT_DIR = tmp_path / "exports"
    return build_world()


def job_of(world, **fields):
    job = ExportJob.objects.create(
        requested_by=world.admin, request_url="x", transaction_time=timezone.now(), **fields
    )
    bulk.job_dir(job).mkdir(parents=True)
    (bulk.job_dir(job) / "Patient.ndjson").write_text("{}\n")  # half written
    return job


def poll(client, token, job):
    return call(client, token, "get", f"/api/v1/fhir/$export-status/{job.pk}")


def assert_failed(job, reason):
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and reason in job.error, job.error
    assert job.finished_at is not None
    assert not bulk.job_dir(job).exists()


def test_a_job_whose_worker_stopped_moving_fails_on_the_next_poll(client, world):
    quiet = timezone.now() - timedelta(minutes=16)
    job = job_of(world, status=JobStatus.RUNNING, worker_id="host-1", heartbeat_at=quiet)
    token = token_for(client, world.admin)
    response = poll(client, token, job)
    assert response.status_code == 500
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert "no progress for 15 minutes" in outcome["issue"][0]["diagnostics"]
    assert_failed(job, "Start it again")


def test_a_job_still_moving_keeps_the_client_polling(client, world):
    recent = timezone.now() - timedelta(minutes=2)
    job = job_of(world, status=JobStatus.RUNNING, worker_id="host-1", heartbeat_at=recent)
    response = poll(client, token_for(client, world.admin), job)
    assert response.status_code == 202 and response["Retry-After"]
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_a_job_no_worker_ever_took_fails_after_a_day(client, world):
    job = job_of(world)
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=25))
    response = poll(client, token_for(client, world.admin), job)
    assert response.status_code == 500
    assert_failed(job, "never started")


@pytest.mark.django_db(transaction=True)
def test_a_restarted_worker_fails_what_it_was_writing_and_what_it_had_claimed(world):
    """The database as a killed worker leaves it; then the real worker process starts again."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from confide.interop.tasks import run_export

    writing = job_of(
        world, status=JobStatus.RUNNING, worker_id="host-1", heartbeat_at=timezone.now()
    )
    other = job_of(world, status=JobStatus.RUNNING, worker_id="host-2", heartbeat_at=timezone.now())
    claimed = job_of(world)  # its task was claimed by host-1, which died before it began
    with override_settings(TASKS=DB_TASKS):
        result = run_export.enqueue(str(claimed.pk))
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["host-1"], started_at=timezone.now()
    )
    worker = run_manage(
        "worker", "--worker-id", "host-1", "--batch", "--no-startup-delay", "--no-reload",
        CONFIDE_TASK_BACKEND="django_tasks_db.backend.DatabaseBackend",
        CONFIDE_EXPORT_DIR=str(bulk.export_root()),
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert_failed(writing, "restarted")
    assert_failed(claimed, "restarted")
    other.refresh_from_db()
    assert other.status == JobStatus.RUNNING  # another worker's job is left alone
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.FAILED


def run_manage(*args, **env):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from tests.core.test_shared_limits import database_url

    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    base.update(DJANGO_SETTINGS_MODULE="confide.settings.dev", DATABASE_URL=database_url(), **env)
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=root, env=base, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


def test_a_worker_given_up_on_stops_and_does_not_bring_the_job_back(world, settings, monkeypatch):
    from tests.interop.test_bulk import _add_clients

    _add_clients(world, 3)
    settings.CONFIDE_EXPORT_CHUNK_SIZE = 1
    job = ExportJob.objects.create(
        requested_by=world.admin, request_url="x", transaction_time=timezone.now()
    )
    real = bulk.export.client_resources

    def slow_then_given_up(*args, **kwargs):
        # Meanwhile, a poll decided the worker had died.
        ExportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, error="given up")
        return real(*args, **kwargs)

    monkeypatch.setattr(bulk.export, "client_resources", slow_then_given_up)
    bulk.write_export(ExportJob.objects.select_related("requested_by").get(pk=job.pk))
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "given up")
    assert not job.files.exists() and not bulk.job_dir(job).exists()


def test_a_normal_export_notes_its_worker_and_heartbeat(client, world):
    token = token_for(client, world.admin)
    call(client, token, "get", "/api/v1/fhir/$export")
    job = ExportJob.objects.get()
    assert job.status == JobStatus.DONE and job.worker_id and job.heartbeat_at
