"""The packet sent with the invitation: what each kind of client completes, sent once."""

import pytest
from django.core import mail

from confide.accounts.models import Role
from confide.paperwork import actions
from confide.paperwork.models import Document, FormKind, IntakeForm, Kind, Signer
from confide.practice.models import Guardian
from tests.factories import actor
from tests.factories.onboarding import invite, mail_to

pytestmark = pytest.mark.django_db


def kinds(client):
    return sorted((d.kind, d.signer_role) for d in Document.objects.filter(client=client))


def forms(client):
    return sorted((f.kind, f.for_role) for f in IntakeForm.objects.filter(client=client))


def test_an_adult_signs_the_four_documents_and_fills_in_five_forms(
    practice, django_capture_on_commit_callbacks
):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    assert kinds(practice.adult) == sorted(
        (k, Signer.CLIENT)
        for k in (Kind.PRIVACY_NOTICE, Kind.TREATMENT_CONSENT, Kind.TELEHEALTH_CONSENT,
                  Kind.FINANCIAL_POLICY)
    )  # fmt: skip
    assert [k for k, _ in forms(practice.adult)] == sorted(FormKind.values)
    baseline = IntakeForm.objects.get(client=practice.adult, kind=FormKind.BASELINE)
    assert baseline.instruments == ["phq9", "gad7"]
    # The practice's name is filled in; no placeholder is left for the client to see.
    consent = Document.objects.get(client=practice.adult, kind=Kind.TREATMENT_CONSENT)
    assert "Greenwich Psychology Group" in consent.content and "{{" not in consent.content


def test_a_client_who_prefers_texts_is_offered_the_text_consent_as_optional(
    practice, django_capture_on_commit_callbacks
):
    practice.adult.preferred_contact = "text"
    practice.adult.save()
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    assert (Kind.TEXT_CONSENT, Signer.CLIENT) in kinds(practice.adult)
    status = actions.packet_status(practice.adult)
    assert "Consent to text messages" not in status.outstanding and status.required == 9


def test_a_teen_and_their_guardian_are_both_invited(practice, django_capture_on_commit_callbacks):
    invited = invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    assert sorted(i.user.role for i in invited.invitations) == [Role.CLIENT, Role.GUARDIAN]
    assert len(mail_to("ingrid@example.com")) == len(mail_to("theo@example.com")) == 1
    guardian = Guardian.objects.get(client=practice.teen)
    assert guardian.name == "Ingrid Lindqvist" and guardian.user.role == Role.GUARDIAN
    # The guardian signs and fills in; the teen answers the questionnaires.
    assert {role for _, role in kinds(practice.teen)} == {Signer.GUARDIAN}
    assert (Kind.MINOR_CONSENT, Signer.GUARDIAN) in kinds(practice.teen)
    assert (Kind.TREATMENT_CONSENT, Signer.GUARDIAN) not in kinds(practice.teen)
    assert (FormKind.BASELINE, Signer.CLIENT) in forms(practice.teen)
    assert (FormKind.MEDICATION, Signer.GUARDIAN) in forms(practice.teen)


def test_a_young_child_has_no_account_and_no_questionnaires_to_fill_in(
    practice, django_capture_on_commit_callbacks
):
    invited = invite(practice.child, practice.intake, django_capture_on_commit_callbacks)
    assert [i.user.role for i in invited.invitations] == [Role.GUARDIAN]
    assert practice.child.user is None
    assert FormKind.BASELINE not in [k for k, _ in forms(practice.child)]


def test_one_guardian_account_for_two_children(practice, django_capture_on_commit_callbacks):
    invite(practice.teen, practice.intake, django_capture_on_commit_callbacks)
    ingrid = Guardian.objects.get(client=practice.teen).user
    ingrid.set_password("a perfectly good password")
    ingrid.save()
    mail.outbox.clear()
    invited = invite(practice.child, practice.intake, django_capture_on_commit_callbacks)
    assert Guardian.objects.get(client=practice.child).user == ingrid
    # She can already sign in: told of the new paperwork, not sent a password link.
    assert invited.invitations == [] and invited.told == [ingrid]
    [message] = mail_to("ingrid@example.com")
    assert message.subject == "Paperwork waiting in your portal at Greenwich Psychology Group"
    assert "Pia" not in message.body


def test_inviting_again_sends_nothing_twice(practice, django_capture_on_commit_callbacks):
    invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    before = (Document.objects.count(), IntakeForm.objects.count())
    again = invite(practice.adult, practice.intake, django_capture_on_commit_callbacks)
    assert again.packet is None and len(again.invitations) == 1  # a new link, same paperwork
    assert (Document.objects.count(), IntakeForm.objects.count()) == before


def test_the_api_sends_the_invitation_and_answers_with_its_expiry(
    practice, client, django_capture_on_commit_callbacks
):
    from confide.accounts.tokens import issue_token

    raw, _ = issue_token(practice.intake)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/clients/{practice.adult.pk}/invitation",
            headers={"Authorization": f"Bearer {raw}"},
        )
    assert response.status_code == 201
    body = response.json()
    assert body["expires_at"] and body["sent_to"] == ["client"]
    assert len(mail_to("marisol@example.com")) == 1


def test_the_api_names_the_missing_address(practice, client):
    from confide.accounts.tokens import issue_token

    practice.adult.email = ""
    practice.adult.save()
    raw, _ = issue_token(practice.intake)
    response = client.post(
        f"/api/v1/clients/{practice.adult.pk}/invitation",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "email", "message": "The client has no e-mail address to send a link to."}
    ]


@pytest.mark.parametrize("who", ["bob", "client"])
def test_the_api_hides_clients_from_the_wrong_people(practice, client, who):
    from confide.accounts.models import User
    from confide.accounts.tokens import issue_token

    user = practice.bob if who == "bob" else User.objects.create_user("c", role=Role.CLIENT)
    raw, _ = issue_token(user)
    response = client.post(
        f"/api/v1/clients/{practice.adult.pk}/invitation",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == (404 if who == "bob" else 403)
    assert "Marisol" not in response.content.decode()


def test_accepting_a_consultation_request_invites_the_new_client(
    practice, places, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from confide.intake.actions import accept_request
    from confide.intake.models import ConsultationRequest

    cr = ConsultationRequest.objects.create(
        first_name="Nadia", last_name="Okonkwo", email="nadia@example.com",
        preferred_contact="email", for_whom="self", age_group="adults",
        date_of_birth=practice.adult.date_of_birth, concerns=["loneliness"], format="virtual",
        days=[1], day_parts=["morning"], consent=True,
    )  # fmt: skip
    from datetime import datetime, time

    from confide.practice.models import Location
    from confide.scheduling.models import Availability

    greenwich = Location.objects.get(slug="greenwich")
    practice.alice_clinician.locations.set([greenwich])
    for weekday in range(7):
        Availability.objects.create(
            clinician=practice.alice_clinician, location=greenwich, weekday=weekday,
            starts=time(9), ends=time(19),
        )  # fmt: skip
    today = timezone.localdate()
    day = today + timedelta(days=(1 - today.weekday()) % 7 or 7)  # next Tuesday
    start = datetime.combine(day, time(15), timezone.get_current_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        client, _ = accept_request(
            actor(practice.intake), cr, clinician=practice.alice_clinician, start=start,
            end=start + timedelta(minutes=50), format="virtual",
        )  # fmt: skip
    assert client.user.role == Role.CLIENT
    assert [m.subject for m in mail_to("nadia@example.com")][-1].startswith("Your account at")
    assert actions.packet_status(client).required == 9
