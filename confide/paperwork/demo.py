"""Paperwork in the demo practice: the demo client has signed their whole packet and filled in
their intake forms; the demo guardian has signed some of their teenager's paperwork and has
the rest still to do. Through the actions, so signatures, PDFs and audit rows are real.
Idempotent: nothing is sent or signed twice."""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone

from confide.accounts.models import Role, User
from confide.audit.actor import Actor, Via
from confide.paperwork import actions
from confide.paperwork.models import FormKind, FormStatus, Kind, Status
from confide.practice import access
from confide.practice.models import Client

DEMO_IP = "127.0.0.1"
DEMO_BROWSER = "Demo data (no browser)"

ANSWERS: dict[str, dict[str, str]] = {
    FormKind.DEMOGRAPHICS: {
        "pronouns": "he/him", "street": "15 Valley Drive", "city": "Greenwich", "state": "CT",
        "postal_code": "06831", "language": "English", "occupation": "Architect",
    },
    FormKind.MEDICATION: {"takes_medication": "no", "medications": "", "prescriber": "",
                          "allergies": ""},
    FormKind.PRIOR_TREATMENT: {
        "had_therapy": "yes", "therapy_details": "Counselling at university, 2016.",
        "hospital": "no", "hospital_details": "", "other_providers": "",
    },
}  # fmt: skip


def _sign_all(signer: Actor, client: Client, kinds: set[str] | None = None) -> None:
    for document in client.documents.filter(status=Status.PENDING).order_by("created_at"):
        if kinds is not None and document.kind not in kinds:
            continue
        if not access.may_sign(signer.user, document):
            continue
        actions.sign_document(
            signer,
            document,
            typed_name=signer.user.get_full_name(),
            attested=True,
            shown_sha256=document.content_sha256,
            user_agent=DEMO_BROWSER,
        )


def _fill_forms(signer: Actor, client: Client) -> None:
    for form in client.intake_forms.filter(status=FormStatus.PENDING):
        if form.kind == FormKind.BASELINE or not access.may_fill(signer.user, form):
            continue
        answers = dict(ANSWERS.get(form.kind, {}))
        if form.kind == FormKind.DEMOGRAPHICS:
            answers.update(preferred_name=client.preferred_name, phone=client.phone,
                           preferred_contact=client.preferred_contact)  # fmt: skip
        if form.kind == FormKind.EMERGENCY_CONTACT:
            answers = {
                "name": client.emergency_contact_name,
                "relationship": client.emergency_contact_relationship,
                "phone": client.emergency_contact_phone,
            }
        actions.submit_intake_form(signer, form, answers)


@transaction.atomic
def load_demo() -> None:
    staff = Actor(user=User.objects.get(username="intake"), via=Via.DEMO, ip=DEMO_IP)
    portal_user = User.objects.get(username="client")
    client = Client.objects.get(user=portal_user)
    actions.prepare_packet(staff, client)
    # Their baseline questionnaires were taken at the first session (outcomes.demo): the
    # form points at those rather than adding scores to their chart.
    first = [str(a.pk) for a in client.assessments.order_by("taken_at")[:2]]
    client.intake_forms.filter(kind=FormKind.BASELINE, status=FormStatus.PENDING).update(
        status=FormStatus.REVIEWED,
        answers=json.dumps({"assessments": first}),
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
    )
    me = Actor(user=portal_user, via=Via.DEMO, ip=DEMO_IP)
    _sign_all(me, client)
    _fill_forms(me, client)

    guardian = User.objects.get(username="guardian", role=Role.GUARDIAN)
    teen = Client.objects.filter(guardians__user=guardian).first()
    if teen is None:
        raise RuntimeError("The demo guardian has no minor in their care.")
    actions.prepare_packet(staff, teen)
    parent = Actor(user=guardian, via=Via.DEMO, ip=DEMO_IP)
    # Two signed, the rest to do: the demo portal shows both.
    _sign_all(parent, teen, {Kind.MINOR_CONSENT, Kind.PRIVACY_NOTICE})
