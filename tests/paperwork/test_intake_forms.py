"""Intake forms filled in the portal: what belongs in the record is written there through the
actions (audited), the rest is kept encrypted for the clinician, who reviews it; baseline
questionnaires go through the one assessment-recording action."""

import pytest
from django.db import connection
from django.urls import reverse

from confide.assessments.models import Assessment, Source
from confide.audit.models import AuditEvent
from confide.outcomes.models import RiskAlert
from confide.paperwork import actions
from confide.paperwork.models import FormKind, FormStatus, IntakeForm
from confide.practice.models import Client, Guardian
from tests.factories import sign_in
from tests.factories.onboarding import invite

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(practice, django_capture_on_commit_callbacks):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    return practice


def form_of(client, kind):
    return IntakeForm.objects.get(client=client, kind=kind)


def fill(browser, form, data):
    return browser.post(reverse("paperwork:form", args=[form.pk]), data)


DEMOGRAPHICS = {
    "preferred_name": "Mari", "pronouns": "she/her", "street": "15 Valley Drive",
    "city": "Greenwich", "state": "CT", "postal_code": "06831", "phone": "(203) 555-0100",
    "preferred_contact": "text", "language": "English",
}  # fmt: skip


def test_about_you_writes_the_contact_details_into_the_record(invited, client):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.DEMOGRAPHICS)
    page = client.get(reverse("paperwork:form", args=[form.pk])).content.decode()
    assert 'value="(203) 555-0199"' in page  # starts from what the practice has
    assert fill(client, form, DEMOGRAPHICS).status_code == 302
    adult = Client.objects.get(pk=invited.adult.pk)
    assert (adult.preferred_name, adult.phone, adult.preferred_contact) == (
        "Mari", "(203) 555-0100", "text",
    )  # fmt: skip
    change = AuditEvent.objects.get(object_type="client", detail__startswith="Changed:")
    assert change.actor == invited.adult.user and "phone" in change.detail
    assert "555" not in change.detail  # field names, never values
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED and actions.answers_of(form)["city"] == "Greenwich"


def test_a_missing_answer_is_a_422_naming_the_question(invited, client):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.DEMOGRAPHICS)
    response = fill(client, form, {**DEMOGRAPHICS, "city": ""})
    assert response.status_code == 422
    assert "Town or city: This field is required." in response.content.decode()


def test_the_emergency_contact_reaches_the_record(invited, client):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.EMERGENCY_CONTACT)
    fill(client, form, {"name": "Rosa Quenby", "relationship": "sister", "phone": "(203) 555-0177"})
    adult = Client.objects.get(pk=invited.adult.pk)
    assert adult.emergency_contact_name == "Rosa Quenby"
    assert adult.emergency_contact_relationship == "sister"


def test_medication_answers_are_encrypted_at_rest_and_need_the_list(invited, client):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.MEDICATION)
    missing = fill(client, form, {"takes_medication": "yes"})
    assert (
        missing.status_code == 422 and "Say which medication you take." in missing.content.decode()
    )
    fill(client, form, {"takes_medication": "yes", "medications": "Sertraline 50 mg daily"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM paperwork_intakeform WHERE id = %s", [form.pk.hex])
        row = cursor.fetchone()
    if row is None:  # PostgreSQL keeps UUIDs natively
        with connection.cursor() as cursor:
            cursor.execute("SELECT answers FROM paperwork_intakeform WHERE id = %s", [form.pk])
            row = cursor.fetchone()
    assert row[0].startswith("fernet:") and "Sertraline" not in row[0]
    form.refresh_from_db()
    assert actions.answers_of(form)["medications"] == "Sertraline 50 mg daily"
    event = AuditEvent.objects.get(
        object_id=str(form.pk), detail__startswith="Intake form filled in"
    )
    assert "Sertraline" not in event.detail


def test_baseline_questionnaires_are_stored_once_and_a_risk_answer_alerts_the_clinician(
    invited, client
):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.BASELINE)
    data = {f"phq9-item_{n}": "1" for n in range(1, 9)}
    data["phq9-item_9"] = "2"  # thoughts of self-harm on more than half the days
    data |= {f"gad7-item_{n}": "2" for n in range(1, 8)}
    response = fill(client, form, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "988" in body and "your clinician has been alerted" in body
    stored = Assessment.objects.filter(client=invited.adult).order_by("instrument")
    assert [(a.instrument, a.total, a.source) for a in stored] == [
        ("gad7", 14, Source.INTAKE), ("phq9", 10, Source.INTAKE),
    ]  # fmt: skip
    alert = RiskAlert.objects.get(client=invited.adult)
    assert alert.clinician == invited.alice_clinician
    form.refresh_from_db()
    assert form.status == FormStatus.SUBMITTED
    # Sent once: the form is no longer open.
    again = client.get(reverse("paperwork:form", args=[form.pk]), follow=True)
    assert "already sent" in again.content.decode()


def test_an_unanswered_questionnaire_is_refused_naming_the_question(invited, client):
    sign_in(client, invited.adult.user)
    form = form_of(invited.adult, FormKind.BASELINE)
    response = fill(client, form, {"phq9-item_1": "1"})
    assert response.status_code == 422 and "Answer question 2" in response.content.decode()
    assert not Assessment.objects.filter(client=invited.adult).exists()


def test_a_guardian_fills_in_for_the_minor_but_cannot_overwrite_their_phone(invited, client):
    ingrid = Guardian.objects.get(client=invited.teen).user
    sign_in(client, ingrid)
    form = form_of(invited.teen, FormKind.DEMOGRAPHICS)
    page = client.get(reverse("paperwork:form", args=[form.pk])).content.decode()
    assert "School and grade" in page and "How should we contact you?" not in page
    data = {k: v for k, v in DEMOGRAPHICS.items() if k not in ("phone", "preferred_contact")}
    assert fill(client, form, {**data, "preferred_name": "Teddy"}).status_code == 302
    teen = Client.objects.get(pk=invited.teen.pk)
    assert teen.preferred_name == "Teddy" and teen.phone == ""
    # The teen's own questionnaires are not the guardian's to open.
    baseline = form_of(invited.teen, FormKind.BASELINE)
    assert client.get(reverse("paperwork:form", args=[baseline.pk])).status_code == 404


def test_the_clinician_reviews_and_intake_cannot_read_the_answers(invited, client):
    portal = client.__class__()
    sign_in(portal, invited.adult.user)
    form = form_of(invited.adult, FormKind.PRIOR_TREATMENT)
    fill(portal, form, {"had_therapy": "yes", "therapy_details": "CBT in 2021", "hospital": "no"})
    sign_in(client, invited.intake)
    url = reverse("paperwork_staff:review", args=[form.pk])
    assert client.get(url).status_code == 404
    sign_in(client, invited.alice)
    page = client.get(url).content.decode()
    assert "CBT in 2021" in page and "Have you had counselling" in page
    client.post(url)
    form.refresh_from_db()
    assert form.status == FormStatus.REVIEWED and form.reviewed_by == invited.alice


def test_the_intake_appointment_shows_whether_the_packet_is_complete(invited, client, places):
    from datetime import timedelta

    from django.utils import timezone

    from confide.paperwork.models import Document
    from confide.scheduling.models import Appointment

    start = timezone.now() + timedelta(days=2)
    appt = Appointment.objects.create(
        clinician=invited.alice_clinician, client=invited.adult, start=start,
        end=start + timedelta(minutes=50), format="virtual", kind="intake_consultation",
    )  # fmt: skip
    sign_in(client, invited.alice)
    page = client.get(reverse("scheduling:appointment", args=[appt.pk])).content.decode()
    assert "Paperwork: 0 of 9 done" in page
    for document in Document.objects.filter(client=invited.adult):
        document.status, document.signed_at = "signed", timezone.now()
        document.save()
    IntakeForm.objects.filter(client=invited.adult).update(status=FormStatus.SUBMITTED)
    page = client.get(reverse("scheduling:appointment", args=[appt.pk])).content.decode()
    assert "Paperwork complete" in page
    detail = client.get(reverse("staff:client", args=[invited.adult.pk])).content.decode()
    assert "Paperwork complete" in detail and "paperwork complete" in detail
