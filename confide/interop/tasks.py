"""Background work of the interop app (django-tasks)."""

from __future__ import annotations

from django_tasks import TaskContext, task

from confide.interop.bulk import write_export
from confide.interop.models import ExportJob


@task(takes_context=True)
def run_export(context: TaskContext, job_id: str) -> None:
    """Write the NDJSON files of one bulk export job, noting which worker writes it."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    workers = context.task_result.worker_ids
    write_export(job, worker_id=workers[-1] if workers else "")
