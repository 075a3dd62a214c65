"""E-signature: a typed full name and a ticked attestation; who, when, from where, which
browser, the exact version and its SHA-256; a PDF with a signature page; nothing changes
after; a new version asks again; a consent or a release can be withdrawn."""

import base64
import hashlib
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from confide.accounts.tokens import issue_token
from confide.audit.models import AuditEvent
from confide.paperwork import actions
from confide.paperwork.models import Document, DocumentTemplate, Immutable, Kind, Status
from confide.practice.models import Guardian
from tests.factories import actor, sign_in
from tests.factories.onboarding import invite, mail_to

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (X11; Linux x86_64) Chromium"


@pytest.fixture
def invited(practice, django_capture_on_commit_callbacks):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    for user in (practice.adult.user, Guardian.objects.get(client=practice.teen).user):
        user.set_password("a perfectly good password")
        user.save()
    mail.outbox.clear()
    return practice


def doc(client, kind):
    return Document.objects.get(client=client, kind=kind, status=Status.PENDING)


def sign(browser, document, **changes):
    data = {"typed_name": "Marisol Quenby", "attest": "on", "sha256": document.content_sha256}
    data.update(changes)
    return browser.post(
        reverse("paperwork:document", args=[document.pk]),
        {k: v for k, v in data.items() if v is not None},
        headers={"User-Agent": UA},
        REMOTE_ADDR="198.51.100.7",
    )


def drawn_png() -> str:
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    for x in range(40, 260):
        image.putpixel((x, 50 + (x % 7)), (0, 0, 0, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_client_signs_and_everything_about_the_signature_is_kept(invited, client):
    sign_in(client, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    page = client.get(reverse("paperwork:document", args=[consent.pk])).content.decode()
    assert "Interpersonal Psychotherapy" in page and "Type your full name" in page
    response = sign(client, consent, drawn_signature=drawn_png())
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.status == Status.SIGNED and consent.signer_name == "Marisol Quenby"
    assert consent.signed_by == invited.adult.user and consent.signer_capacity == "Self"
    assert consent.signer_ip == "198.51.100.7" and consent.user_agent == UA
    assert consent.content_sha256 == hashlib.sha256(consent.content.encode()).hexdigest()
    assert consent.version == DocumentTemplate.objects.get(kind=Kind.TREATMENT_CONSENT).current
    assert bytes(consent.drawn_signature).startswith(b"\x89PNG")
    pdf = bytes(consent.pdf)
    assert pdf.startswith(b"%PDF") and len(pdf) > 3000
    event = AuditEvent.objects.get(object_id=str(consent.pk), detail__startswith="Signed:")
    assert event.actor == invited.adult.user and consent.content_sha256[:12] in event.detail


def test_the_signed_pdf_has_the_text_and_a_signature_page(invited, client):
    from pypdf import PdfReader

    sign_in(client, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    sign(client, consent)
    response = client.get(reverse("paperwork:document_pdf", args=[consent.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Interpersonal Psychotherapy" in text
    last = reader.pages[-1].extract_text()
    consent.refresh_from_db()
    assert "Signature" in last and "Marisol Quenby" in last and consent.content_sha256 in last
    assert AuditEvent.objects.filter(action="export", object_id=str(consent.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"attest": None}, "attest", "Tick the box to confirm that you sign this document."),
        ({"typed_name": "Marisol"}, "typed_name", "Type your full name: first and last name."),
        ({"typed_name": ""}, "typed_name", "Type your full name to sign."),
        ({"drawn_signature": "data:image/png;base64,AAAA"}, "drawn_signature", "could not be read"),
    ],
)
def test_a_signature_needs_a_full_name_and_the_attestation(
    invited, client, changes, field, message
):
    sign_in(client, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    response = sign(client, consent, **changes)
    assert response.status_code == 422 and message in response.content.decode()
    consent.refresh_from_db()
    assert consent.status == Status.PENDING and consent.signed_at is None


def test_text_that_changed_since_it_was_opened_is_not_signed(invited, client):
    sign_in(client, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    response = sign(client, consent, sha256="0" * 64)
    assert (
        response.status_code == 422
        and "has changed since you opened it" in response.content.decode()
    )


def test_a_signed_document_cannot_change(invited, client):
    sign_in(client, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    sign(client, consent)
    stored = Document.objects.get(pk=consent.pk)
    stored.content = "Something else entirely."
    with pytest.raises(Immutable):
        stored.save()
    with pytest.raises(Immutable):
        stored.save(update_fields=["content"])
    version = stored.version
    version.body = "Changed"
    with pytest.raises(Immutable):
        version.save()
    # A second signature is refused.
    assert sign(client, consent).status_code == 403


def test_a_new_version_asks_everyone_who_signed_to_sign_again(
    invited, client, django_capture_on_commit_callbacks
):
    sign_in(client, invited.adult.user)
    signed = doc(invited.adult, Kind.FINANCIAL_POLICY)
    sign(client, signed)
    waiting = doc(invited.teen, Kind.FINANCIAL_POLICY)
    template = DocumentTemplate.objects.get(kind=Kind.FINANCIAL_POLICY)
    with django_capture_on_commit_callbacks(execute=True):
        version = actions.publish_template(
            actor(invited.admin), template, title=template.title,
            body=template.body + "\n\nLate cancellations: 24 hours.",
        )  # fmt: skip
    assert version.number == 2
    signed.refresh_from_db()
    assert signed.status == Status.SIGNED and signed.version.number == 1  # untouched
    again = doc(invited.adult, Kind.FINANCIAL_POLICY)
    assert again.version == version and "24 hours" in again.content
    waiting.refresh_from_db()
    assert waiting.version == version  # not yet signed: shows the new text
    assert [m.subject for m in mail_to("marisol@example.com")] == [
        "Paperwork waiting in your portal at Greenwich Psychology Group"
    ]
    # Publishing the same text again is not a new version.
    assert (
        actions.publish_template(
            actor(invited.admin), template, title=template.title, body=template.body
        )
        is None
    )


def test_only_an_admin_edits_templates_and_only_with_known_placeholders(invited):
    template = DocumentTemplate.objects.get(kind=Kind.RELEASE)
    with pytest.raises(actions.PermissionDenied):
        actions.publish_template(actor(invited.alice), template, title="x", body="y")
    with pytest.raises(actions.ValidationError, match="Unknown placeholder"):
        actions.publish_template(
            actor(invited.admin), template, title="x", body=template.body + "{{ ssn }}"
        )
    with pytest.raises(actions.ValidationError, match="recipient"):
        actions.publish_template(actor(invited.admin), template, title="x", body="No names.")


def test_a_guardian_signs_the_minors_consent_and_the_teen_cannot(invited, client):
    ingrid = Guardian.objects.get(client=invited.teen).user
    minor = doc(invited.teen, Kind.MINOR_CONSENT)
    teen_browser = client.__class__()
    invited.teen.user.set_password("a perfectly good password")
    invited.teen.user.save()
    sign_in(teen_browser, invited.teen.user)
    assert sign(teen_browser, minor, typed_name="Theo Lindqvist").status_code == 403
    sign_in(client, ingrid)
    assert sign(client, minor, typed_name="Ingrid Lindqvist").status_code == 302
    minor.refresh_from_db()
    assert minor.signed_by == ingrid
    assert minor.signer_capacity == "Parent or guardian of Theo Lindqvist"


def test_a_guardian_without_authority_to_consent_cannot_sign(invited, client):
    link = Guardian.objects.get(client=invited.teen)
    link.may_consent = False
    link.save()
    sign_in(client, link.user)
    minor = doc(invited.teen, Kind.MINOR_CONSENT)
    assert sign(client, minor, typed_name="Ingrid Lindqvist").status_code == 403


def test_someone_elses_document_is_not_found(invited, client):
    sign_in(client, invited.adult.user)
    minor = doc(invited.teen, Kind.MINOR_CONSENT)
    assert client.get(reverse("paperwork:document", args=[minor.pk])).status_code == 404
    assert sign(client, minor).status_code == 404


def test_a_consent_is_withdrawn_and_recorded_but_a_notice_is_not_revocable(invited, client):
    sign_in(client, invited.adult.user)
    telehealth = doc(invited.adult, Kind.TELEHEALTH_CONSENT)
    notice = doc(invited.adult, Kind.PRIVACY_NOTICE)
    sign(client, telehealth)
    sign(client, notice)
    client.post(reverse("paperwork:revoke", args=[telehealth.pk]), {"reason": "In person only"})
    telehealth.refresh_from_db()
    assert telehealth.status == Status.REVOKED and telehealth.revoked_by == invited.adult.user
    assert telehealth.revocation_reason == "In person only" and telehealth.intact
    assert not actions.has_consent(invited.adult, Kind.TELEHEALTH_CONSENT)
    assert AuditEvent.objects.filter(detail__startswith="Revoked: Telehealth").exists()
    response = client.post(reverse("paperwork:revoke", args=[notice.pk]), follow=True)
    assert "Only a signed consent or release can be revoked." in response.content.decode()
    notice.refresh_from_db()
    assert notice.status == Status.SIGNED


def test_a_release_names_its_recipient_and_ends_on_its_date(invited, client):
    ends = timezone.localdate() + timedelta(days=180)
    sign_in(client, invited.intake)
    response = client.post(
        reverse("paperwork_staff:release_new", args=[invited.adult.pk]),
        {"recipient": "Dr. Ruth Ames, Greenwich Family Medicine", "information": "Attendance",
         "purpose": "Coordination of care", "expires_on": ends.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    release = doc(invited.adult, Kind.RELEASE)
    assert "Dr. Ruth Ames, Greenwich Family Medicine" in release.content
    assert release.expires_on == ends and f"{ends:%B}" in release.content
    past = client.post(
        reverse("paperwork_staff:release_new", args=[invited.adult.pk]),
        {"recipient": "Someone", "information": "x", "purpose": "y",
         "expires_on": timezone.localdate().isoformat()},
    )  # fmt: skip
    assert past.status_code == 422 and "Choose an end date after today." in past.content.decode()
    portal = client.__class__()
    sign_in(portal, invited.adult.user)
    sign(portal, release)
    assert actions.has_consent(invited.adult, Kind.RELEASE)
    Document.objects.filter(pk=release.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )
    assert not actions.has_consent(invited.adult, Kind.RELEASE)


def test_the_api_lists_documents_with_version_status_signer_and_hash(invited, client):
    portal = client.__class__()
    sign_in(portal, invited.adult.user)
    consent = doc(invited.adult, Kind.TREATMENT_CONSENT)
    sign(portal, consent)
    raw, _ = issue_token(invited.alice)
    response = client.get(
        f"/api/v1/clients/{invited.adult.pk}/documents", headers={"Authorization": f"Bearer {raw}"}
    )
    assert response.status_code == 200
    rows = {r["kind"]: r for r in response.json()}
    consent.refresh_from_db()
    assert rows["treatment_consent"] == {
        "id": str(consent.pk), "kind": "treatment_consent", "title": consent.title,
        "version": 1, "status": "signed", "signer_role": "client", "signer": "Marisol Quenby",
        "signed_at": rows["treatment_consent"]["signed_at"], "sha256": consent.content_sha256,
        "expires_on": None, "revoked_at": None,
    }  # fmt: skip
    assert (
        rows["privacy_notice"]["status"] == "pending" and rows["privacy_notice"]["signer"] is None
    )
    raw_bob, _ = issue_token(invited.bob)
    hidden = client.get(
        f"/api/v1/clients/{invited.adult.pk}/documents",
        headers={"Authorization": f"Bearer {raw_bob}"},
    )
    assert hidden.status_code == 404 and "Marisol" not in hidden.content.decode()


def test_the_document_list_costs_the_same_queries_however_many_documents(
    invited, client, django_assert_max_num_queries
):
    raw, _ = issue_token(invited.alice)
    url = f"/api/v1/clients/{invited.adult.pk}/documents"
    headers = {"Authorization": f"Bearer {raw}"}
    client.get(url, headers=headers)
    for _ in range(10):
        actions.create_release(
            actor(invited.intake), invited.adult, recipient="A", purpose="B", information="C",
            expires_on=timezone.localdate() + timedelta(days=30),
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        assert len(client.get(url, headers=headers).json()) == 14
