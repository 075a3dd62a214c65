"""The portal for clients and guardians, and the client's own record (right of access):
guardians see appointments and their own paperwork, never the minor's answers unless the
clinician shares them; downloads are audited; psychotherapy notes are never in them."""

import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from confide.accounts.models import ApiToken
from confide.accounts.tokens import issue_token
from confide.assessments.actions import record_assessment
from confide.assessments.models import Source
from confide.audit.models import AuditEvent
from confide.instruments import get
from confide.ipt.models import Formulation, Goal, Note, Plan
from confide.practice import access
from confide.practice.actions import close_portal_access, set_sharing
from confide.practice.models import Client, Guardian
from confide.scheduling.models import Appointment
from tests.factories import actor, sign_in
from tests.factories.onboarding import invite

pytestmark = pytest.mark.django_db
NOTE = "Talked about the argument with his father; very private."


@pytest.fixture
def family(practice, places, django_capture_on_commit_callbacks):
    """Theo (15) with his own account and his mother Ingrid; a scored PHQ-9, an appointment,
    a plan and a session note on his record."""
    invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    teen = Client.objects.get(pk=practice.teen.pk)
    for user in (teen.user, Guardian.objects.get(client=teen).user):
        user.set_password("a perfectly good password")
        user.save()
    record_assessment(get("phq9"), [2] * 9, source=Source.CLINICIAN, client=teen)
    start = timezone.now() + timedelta(days=5)
    Appointment.objects.create(
        clinician=practice.alice_clinician, client=teen, start=start,
        end=start + timedelta(minutes=50), format="virtual",
    )  # fmt: skip
    Formulation.objects.create(
        client=teen, areas=["role_dispute"], text="t", focus="f", sessions=12, weeks=12,
        course="standard",
    )  # fmt: skip
    plan = Plan.objects.create(client=teen)
    Goal.objects.create(plan=plan, area="role_dispute", text="Talk with dad calmly")
    Note.objects.create(
        client=teen, session=1, phase="initial", held_on=date(2026, 3, 2), body=NOTE,
        author=practice.alice,
    )  # fmt: skip
    practice.teen = teen
    return practice


def ingrid(family):
    return Guardian.objects.get(client=family.teen).user


def pdf_text(response) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_a_guardian_sees_appointments_and_paperwork_but_not_the_teens_answers(family, client):
    sign_in(client, ingrid(family))
    page = client.get("/portal/").content.decode()
    assert "Theo's care" in page and "Read and sign: Consent for the treatment of a minor" in page
    assert "Your appointments" in page
    assert "How Theo has been doing" not in page and "PHQ-9" not in page
    assert access.may_see_answers(ingrid(family), family.teen) is False


def test_the_clinician_shares_scores_with_guardians_and_it_is_audited(family, client):
    with pytest.raises(access.PermissionDenied):
        set_sharing(actor(family.intake), family.teen, guardians_see_answers=True,
                    client_sees_plan=True)  # fmt: skip
    sign_in(client, family.alice)
    client.post(
        reverse("paperwork_staff:sharing", args=[family.teen.pk]),
        {"guardians_see_answers": "on", "client_sees_plan": "on"},
    )
    event = AuditEvent.objects.get(object_type="sharing")
    assert event.actor == family.alice and "guardians see answers on" in event.detail
    guardian = client.__class__()
    sign_in(guardian, ingrid(family))
    assert "How Theo has been doing" in guardian.get("/portal/").content.decode()


def test_the_teen_sees_their_own_scores_and_questionnaires(family, client):
    sign_in(client, family.teen.user)
    page = client.get("/portal/").content.decode()
    assert "Hello, Theo" in page and "How you have been doing" in page
    assert "Consent for the treatment of a minor" not in page  # the guardian's to sign


def test_a_guardian_of_two_children_chooses_whose_portal(
    family, client, django_capture_on_commit_callbacks
):
    invite(family.child, family.intake, django_capture_on_commit_callbacks)
    sign_in(client, ingrid(family))
    page = client.get("/portal/").content.decode()
    assert "Pia" in page and "Theo" in page
    assert client.get(reverse("portal:client", args=[family.child.pk])).status_code == 200
    assert client.get(reverse("portal:client", args=[family.adult.pk])).status_code == 404


def test_the_client_downloads_their_record_without_the_notes_and_it_is_audited(family, client):
    sign_in(client, family.teen.user)
    response = client.get(reverse("portal:record_pdf", args=[family.teen.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Record of Theo Lindqvist" in text and "Patient Health Questionnaire" in text
    assert "Talk with dad calmly" in text and "Consent for the treatment of a minor" in text
    assert "very private" not in text
    bundle = json.loads(client.get(reverse("portal:record_fhir", args=[family.teen.pk])).content)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "QuestionnaireResponse", "Observation", "Appointment", "CarePlan"} <= kinds
    assert "DocumentReference" not in kinds and "Flag" not in kinds
    assert NOTE not in json.dumps(bundle)
    exports = AuditEvent.objects.filter(action="export", client_id=family.teen.pk)
    assert {e.detail for e in exports} == {
        "Own record downloaded from the portal (PDF)",
        "Own record downloaded from the portal (FHIR Bundle)",
    }
    assert all(e.actor == family.teen.user for e in exports)


def test_a_guardians_copy_leaves_out_what_is_not_shared(family, client):
    sign_in(client, ingrid(family))
    text = pdf_text(client.get(reverse("portal:record_pdf", args=[family.teen.pk])))
    assert "Not included: the clinician has not shared the questionnaires" in text
    assert "Talk with dad calmly" not in text
    bundle = json.loads(client.get(reverse("portal:record_fhir", args=[family.teen.pk])).content)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "QuestionnaireResponse" not in kinds and "Observation" not in kinds
    assert "CarePlan" not in kinds and "Appointment" in kinds


def test_the_clinician_may_keep_the_plan_out_of_the_clients_copy(family, client):
    set_sharing(actor(family.alice), family.teen, guardians_see_answers=False,
                client_sees_plan=False)  # fmt: skip
    sign_in(client, family.teen.user)
    bundle = json.loads(client.get(reverse("portal:record_fhir", args=[family.teen.pk])).content)
    assert "CarePlan" not in {e["resource"]["resourceType"] for e in bundle["entry"]}


def test_nobody_downloads_anyone_elses_record(family, client):
    sign_in(client, ingrid(family))
    for name in ("portal:record_pdf", "portal:record_fhir"):
        assert client.get(reverse(name, args=[family.adult.pk])).status_code == 404
    sign_in(client, family.alice)  # staff use the staff export, not the portal
    assert client.get(reverse("portal:record_pdf", args=[family.teen.pk])).status_code == 403


def test_closing_portal_access_ends_sessions_and_tokens_and_keeps_the_record(family, client):
    teen_user = family.teen.user
    sign_in(client, teen_user)
    _, token = issue_token(teen_user)
    guardian_browser = client.__class__()
    sign_in(guardian_browser, ingrid(family))
    staff = client.__class__()
    sign_in(staff, family.intake)
    response = staff.post(reverse("paperwork_staff:close", args=[family.teen.pk]), follow=True)
    assert "Portal access closed" in response.content.decode()
    assert client.get("/portal/")["Location"].startswith("/accounts/login/")
    assert guardian_browser.get("/portal/")["Location"].startswith("/accounts/login/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    teen_user.refresh_from_db()
    assert not teen_user.is_active
    assert Client.objects.filter(pk=family.teen.pk).exists()
    assert not Guardian.objects.filter(client=family.teen, active=True).exists()
    # Only intake and admin close access.
    with pytest.raises(access.PermissionDenied):
        close_portal_access(actor(family.alice), family.teen)


def test_a_guardian_of_another_child_keeps_their_account_when_one_closes(
    family, client, django_capture_on_commit_callbacks
):
    invite(family.child, family.intake, django_capture_on_commit_callbacks)
    close_portal_access(actor(family.intake), family.teen)
    mother = ingrid(family)
    mother.refresh_from_db()
    assert mother.is_active
    assert list(access.portal_clients(mother)) == [family.child]


def test_the_portal_and_staff_pages_cost_the_same_queries_however_much_paperwork(family, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from confide.paperwork.actions import create_release

    portal, staff = client, client.__class__()
    sign_in(portal, ingrid(family))
    sign_in(staff, family.alice)
    staff_url = reverse("staff:client", args=[family.teen.pk])

    def queries(browser, url):
        browser.get(url)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as captured:
            page = browser.get(url).content.decode()
        return len(captured), page

    before = (queries(portal, "/portal/")[0], queries(staff, staff_url)[0])
    for n in range(8):
        create_release(
            actor(family.intake), family.teen, recipient=f"School {n}", purpose="Support",
            information="Attendance", expires_on=timezone.localdate() + timedelta(days=90),
        )  # fmt: skip
    portal_count, portal_page = queries(portal, "/portal/")
    staff_count, staff_page = queries(staff, staff_url)
    assert (portal_count, staff_count) == before
    assert portal_page.count("Read and sign:") == 4 + 8 and staff_page.count("School ") == 8


def test_a_guardians_access_ends_when_the_minor_turns_18(family, client):
    mother = ingrid(family)
    assert list(access.portal_clients(mother)) == [family.teen]
    Client.objects.filter(pk=family.teen.pk).update(date_of_birth=date(2000, 1, 1))
    teen = Client.objects.get(pk=family.teen.pk)
    assert list(access.portal_clients(mother)) == []
    assert access.guardianship(mother, teen) is None and not access.may_message(mother, teen)
    sign_in(client, mother)
    assert client.get("/portal/").status_code == 404


def test_a_guardian_adds_the_minors_appointment_to_their_calendar(family, client):
    appointment = Appointment.objects.get(client=family.teen)
    sign_in(client, ingrid(family))
    response = client.get(reverse("calendar:appointment", args=[appointment.pk]))
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content
    assert access.may_message(ingrid(family), family.teen)
