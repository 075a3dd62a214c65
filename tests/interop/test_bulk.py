"""The bulk export: kick-off, status, manifest, files; who may export what; flat queries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from fhir.resources.R4B import get_fhir_model_class

from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.models import AuditEvent
from confide.instruments import get
from confide.interop.models import ExportJob, JobStatus
from confide.practice.models import Assignment, Client
from tests.factories import build_world, call, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db, settings, tmp_path):
    settings.CONFIDE_EXPORT_DIR = tmp_path / "exports"
    return build_world()


def kick_off(client, token, query=""):
    return call(client, token, "get", f"/api/v1/fhir/$export{query}")


def run(client, token, query=""):
    response = kick_off(client, token, query)
    assert response.status_code == 202, response.content
    status_url = response["Content-Location"]
    assert status_url.startswith("http://testserver/api/v1/fhir/$export-status/")
    status = call(client, token, "get", status_url)
    assert status.status_code == 200, status.content
    return status_url, status.json()


def lines(client, token, url):
    response = call(client, token, "get", url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+ndjson"
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def test_an_admin_exports_the_whole_practice_as_valid_ndjson(client, world):
    token = token_for(client, world.admin)
    _, manifest = run(client, token)
    assert manifest["requiresAccessToken"] is True and manifest["error"] == []
    assert manifest["request"].endswith("/api/v1/fhir/$export")
    by_type = {o["type"]: o for o in manifest["output"]}
    assert {
        "Patient",
        "Practitioner",
        "PractitionerRole",
        "QuestionnaireResponse",
        "Observation",
    } <= set(by_type)
    assert by_type["Patient"]["count"] == 2
    for output in manifest["output"]:
        resources = lines(client, token, output["url"])
        assert len(resources) == output["count"]
        for resource in resources:
            assert resource["resourceType"] == output["type"]
            get_fhir_model_class(output["type"]).model_validate(resource)
    names = {p["name"][0]["family"] for p in lines(client, token, by_type["Patient"]["url"])}
    assert names == {"Quillfeather", "Thistlewood"}
    exported = AuditEvent.objects.filter(action="export", via="worker")
    assert {e.client_id for e in exported} == {world.carol.pk, world.dave.pk}


def test_a_clinicians_export_holds_only_their_clients(client, world):
    token = token_for(client, world.alice)
    _, manifest = run(client, token)
    body = b""
    for output in manifest["output"]:
        body += json.dumps(lines(client, token, output["url"])).encode()
    assert b"Quillfeather" in body
    assert b"Thistlewood" not in body and str(world.dave.pk).encode() not in body
    assert str(world.bob_clinician.pk).encode() not in body


def test_type_filter_and_unknown_types(client, world):
    token = token_for(client, world.admin)
    _, manifest = run(client, token, "?_type=Patient,Observation")
    assert {o["type"] for o in manifest["output"]} == {"Patient", "Observation"}
    response = kick_off(client, token, "?_type=Patient,Secrets")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "_type"
    assert "Secrets" in response.json()["errors"][0]["message"]


def test_intake_clients_and_outsiders_cannot_start_an_export(client, world):
    for who in (world.intake, world.carol_user, world.outsider):
        assert kick_off(client, token_for(client, who)).status_code == 403
    assert not ExportJob.objects.exists()


def test_status_and_files_are_the_requesters_alone(client, world):
    admin = token_for(client, world.admin)
    status_url, manifest = run(client, admin)
    other = token_for(client, world.alice)
    assert call(client, other, "get", status_url).status_code == 404
    assert call(client, other, "get", manifest["output"][0]["url"]).status_code == 404
    assert call(client, "nope", "get", manifest["output"][0]["url"]).status_code == 401
    job = ExportJob.objects.get()
    bad = f"/api/v1/fhir/$export-files/{job.pk}/..%2F..%2Fsettings.py"
    assert call(client, admin, "get", bad).status_code == 404


def test_a_running_export_answers_202_with_progress(client, world):
    from django.utils import timezone

    job = ExportJob.objects.create(
        requested_by=world.admin,
        request_url="x",
        transaction_time=timezone.now(),
        status=JobStatus.RUNNING,
        clients_total=8,
        clients_done=2,
    )
    response = call(
        client, token_for(client, world.admin), "get", f"/api/v1/fhir/$export-status/{job.pk}"
    )
    assert response.status_code == 202
    assert response["X-Progress"] == "25% (2 of 8 clients)"


def test_delete_removes_the_job_and_its_files(client, world, settings):
    token = token_for(client, world.admin)
    status_url, _ = run(client, token)
    job = ExportJob.objects.get()
    assert (settings.CONFIDE_EXPORT_DIR / str(job.pk) / "Patient.ndjson").exists()
    assert call(client, token, "delete", status_url).status_code == 202
    assert not ExportJob.objects.exists()
    assert not (settings.CONFIDE_EXPORT_DIR / str(job.pk)).exists()


def _add_clients(world, count):
    for n in range(count):
        person = Client.objects.create(
            first_name=f"Extra{n}", last_name="Person", date_of_birth=date(1980, 1, 1)
        )
        Assignment.objects.create(client=person, clinician=world.alice_clinician)
        record_assessment(get("gad7"), [1] * 7, source=Source.CLINICIAN, client=person)


def test_queries_stay_flat_as_clients_grow(client, world, settings):
    from django.utils import timezone

    from confide.interop.bulk import write_export

    settings.CONFIDE_EXPORT_CHUNK_SIZE = 100

    def queries():
        job = ExportJob.objects.create(
            requested_by=world.admin, request_url="x", transaction_time=timezone.now()
        )
        job = ExportJob.objects.select_related("requested_by").get(pk=job.pk)
        with CaptureQueriesContext(connection) as captured:
            write_export(job)
        return len(captured)

    queries()  # warm
    few = queries()
    _add_clients(world, 12)
    assert queries() == few


def _write(world):
    from django.utils import timezone

    from confide.interop.bulk import write_export

    job = ExportJob.objects.create(
        requested_by=world.admin, request_url="x", transaction_time=timezone.now()
    )
    job = ExportJob.objects.select_related("requested_by").get(pk=job.pk)
    write_export(job)
    return job


def test_a_sampled_export_writes_what_a_fully_checked_one_writes(world, settings):
    """Production checks a sample; the files are the same as when every resource is checked."""
    _add_clients(world, 6)
    full = _write(world)
    settings.CONFIDE_EXPORT_CHECK_FIRST, settings.CONFIDE_EXPORT_CHECK_EVERY = 1, 1000
    sampled = _write(world)

    def files(job):
        folder = settings.CONFIDE_EXPORT_DIR / str(job.pk)
        return {
            p.name: sorted(
                (json.loads(x) for x in p.read_bytes().splitlines()), key=lambda r: r["id"]
            )
            for p in folder.iterdir()
        }

    assert files(sampled) == files(full) and files(full)["Observation.ndjson"]  # same JSON


def test_a_mapper_that_drifts_from_canonical_fhir_fails_the_export_loudly(
    world, settings, monkeypatch
):
    from confide.interop import mapping

    monkeypatch.setattr(mapping, "instant", lambda value: value.isoformat())  # "+00:00", not Z
    with pytest.raises(mapping.MappingDrift, match="not canonical"):
        _write(world)
    job = ExportJob.objects.get()
    assert job.status == JobStatus.FAILED and "MappingDrift" in job.error
    assert not (settings.CONFIDE_EXPORT_DIR / str(job.pk)).exists()  # no half-written files


def test_the_sample_is_the_first_of_each_type_then_one_in_every():
    from confide.interop.mapping import _Sample

    sample = _Sample(first=2, every=3)
    due = [sample.due("Observation") for _ in range(7)]
    assert due == [True, True, True, False, False, True, False]
    assert sample.due("Patient")  # counted per type
