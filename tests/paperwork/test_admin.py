"""The practice edits its document texts in the admin: each saved change is a new version."""

import pytest
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.paperwork.models import DocumentTemplate, Kind, TemplateVersion
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def change(client, template, **fields):
    data = {
        "title": template.title, "body": template.body, "active": "on",
        "needs_counsel_review": "on", "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": str(template.versions.count()), "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(fields)
    return client.post(reverse("admin:paperwork_documenttemplate_change", args=[template.pk]), data)


def test_every_starting_text_is_there_marked_for_review_with_counsel(db):
    templates = DocumentTemplate.objects.all()
    assert {t.kind for t in templates} == set(Kind.values)
    assert all(t.needs_counsel_review and t.current.number == 1 for t in templates)


def test_an_edit_in_the_admin_publishes_a_new_version_audited_as_the_admin(practice, client):
    sign_in(client, practice.admin)
    template = DocumentTemplate.objects.get(kind=Kind.FINANCIAL_POLICY)
    page = client.get(reverse("admin:paperwork_documenttemplate_change", args=[template.pk]))
    assert page.status_code == 200 and "review with counsel" in page.content.decode()
    response = change(client, template, body=template.body + "\n\nNew paragraph.",
                      needs_counsel_review="")  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.current.number == 2 and "New paragraph." in template.current.body
    assert not template.needs_counsel_review
    assert TemplateVersion.objects.get(template=template, number=1).body.endswith("describes.\n")
    event = AuditEvent.objects.get(object_type="templateversion", detail__contains="version 2")
    assert event.via == "admin" and event.actor == practice.admin


def test_an_unknown_placeholder_is_refused_on_the_form(practice, client):
    sign_in(client, practice.admin)
    template = DocumentTemplate.objects.get(kind=Kind.TREATMENT_CONSENT)
    response = change(client, template, body=template.body + " {{ diagnosis }}")
    assert response.status_code == 200
    assert "Unknown placeholder(s): {{ diagnosis }}." in response.content.decode()
    assert template.versions.count() == 1


def test_signed_documents_are_read_only_in_the_admin(practice, client):
    sign_in(client, practice.admin)
    assert client.get(reverse("admin:paperwork_document_add")).status_code == 403
