"""Background work of the interop app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from confide.interop.bulk import write_export
from confide.interop.models import ExportJob


@task()
def run_export(job_id: str) -> None:
    """Write the NDJSON files of one bulk export job."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    write_export(job)
