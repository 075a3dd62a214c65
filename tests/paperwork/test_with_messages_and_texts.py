"""Onboarding meets issue 18: a minor's guardian writes to the care team on their own side of
the record, never reading the teen's threads; a signed consent to texts turns texts on for the
number on the record, and withdrawing it turns them off again."""

import pytest
from django.urls import reverse

from confide.messaging import actions as messaging
from confide.messaging.models import Party, Thread
from confide.notify.actions import may_text
from confide.paperwork import actions
from confide.paperwork.models import Document, Kind, Status
from confide.practice.models import Guardian
from tests.factories import actor, sign_in
from tests.factories.onboarding import invite, mail_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(practice, django_capture_on_commit_callbacks):
    """Theo (15) and his mother Ingrid both have portal accounts with passwords."""
    invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    ingrid = Guardian.objects.get(client=practice.teen).user
    for user in (practice.teen.user, ingrid):
        user.set_password("a perfectly good password")
        user.save()
    practice.ingrid = ingrid
    return practice


def test_a_guardian_writes_on_their_own_side_and_never_sees_the_teens_threads(family, client):
    teen, ingrid = family.teen, family.ingrid
    theirs = messaging.start_thread(
        actor(teen.user), teen, subject="Just me", body="About school."
    ).thread
    sign_in(client, ingrid)
    portal = client.get(reverse("portal:home")).content.decode()
    inbox = reverse("portal_messages:inbox_for", args=[teen.pk])
    assert f'href="{inbox}"' in portal
    sent = client.post(inbox, {"subject": "Sleep", "body": "Theo sleeps badly since March."})
    assert sent.status_code == 302
    mine = Thread.objects.get(pk=sent["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert (mine.client, mine.party) == (teen, Party.GUARDIAN)
    page = client.get(inbox).content.decode()
    assert "Sleep" in page and "Just me" not in page
    assert client.get(reverse("portal_messages:thread", args=[theirs.pk])).status_code == 404
    # And the teen does not read the guardian's thread either.
    sign_in(client, teen.user)
    assert client.get(reverse("portal_messages:thread", args=[mine.pk])).status_code == 404
    assert "Sleep" not in client.get(reverse("portal_messages:inbox")).content.decode()


def test_a_guardian_of_several_chooses_whose_messages_first(family, client):
    Guardian.objects.create(
        client=family.child, name="Ingrid Lindqvist", email="ingrid@example.com",
        user=family.ingrid,
    )  # fmt: skip
    sign_in(client, family.ingrid)
    response = client.get(reverse("portal_messages:inbox"))
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")


def test_the_care_team_writes_to_the_guardians_and_they_are_told(
    family, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = messaging.start_thread(
            actor(family.alice), family.teen, subject="Next steps", body="Shall we meet?",
            party=Party.GUARDIAN,
        ).thread  # fmt: skip
    told = mail_to("ingrid@example.com")
    assert told[-1].subject.startswith("You have a new message")
    assert "Shall we meet" not in told[-1].body and "Next steps" not in told[-1].subject
    sign_in(client, family.ingrid)
    assert client.get(reverse("portal_messages:thread", args=[thread.pk])).status_code == 200


def _sign(user, document):
    return actions.sign_document(
        actor(user), document, typed_name="Marisol Quenby", attested=True,
        shown_sha256=document.content_sha256,
    )  # fmt: skip


def test_a_signed_consent_to_texts_turns_texts_on_and_withdrawing_it_off(
    practice, django_capture_on_commit_callbacks
):
    adult = practice.adult
    adult.preferred_contact = "text"
    adult.save()
    invite(adult, practice.intake, django_capture_on_commit_callbacks)
    consent = Document.objects.get(client=adult, kind=Kind.TEXT_CONSENT, status=Status.PENDING)
    assert not may_text(adult.phone)
    signed = _sign(adult.user, consent)
    assert may_text(adult.phone)
    actions.revoke_document(actor(adult.user), signed, reason="Calls only, please")
    assert not may_text(adult.phone)


def test_a_consent_signed_before_the_number_is_given_covers_the_number_given_later(
    practice, django_capture_on_commit_callbacks
):
    adult = practice.adult
    adult.preferred_contact, adult.phone = "text", ""
    adult.save()
    invite(adult, practice.intake, django_capture_on_commit_callbacks)
    _sign(adult.user, Document.objects.get(client=adult, kind=Kind.TEXT_CONSENT))
    form = adult.intake_forms.get(kind="demographics")
    answers = {
        "phone": "(203) 555-0177", "preferred_contact": "text", "street": "1 Elm St",
        "city": "Greenwich", "state": "CT", "postal_code": "06830", "language": "English",
    }  # fmt: skip
    actions.submit_intake_form(actor(adult.user), form, answers)
    assert may_text("(203) 555-0177")
