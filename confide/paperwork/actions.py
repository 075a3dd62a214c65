"""Changes to paperwork: the portal invitation with its packet, publishing a template's new
version, signing and revoking documents, releases, and intake forms.

Every door (the portal, the staff pages, the admin, the API) calls these with an `Actor`, so
the permission checks and the audit trail are the same whichever way a change arrives. Audit
rows name the document or form kind, never an answer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from confide.accounts.actions import send_invitation
from confide.accounts.models import Invitation, User
from confide.assessments import catalog
from confide.assessments.actions import record_assessment
from confide.assessments.models import Assessment, Source
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.notify import sms
from confide.notify.actions import notify, record_text_consent, withdraw_text_consent
from confide.notify.models import Channel
from confide.paperwork import rendering
from confide.paperwork.models import (
    REVOCATION_FIELDS,
    Document,
    DocumentTemplate,
    FormKind,
    FormStatus,
    IntakeForm,
    Kind,
    Packet,
    Signer,
    Status,
    TemplateVersion,
    sha256,
)
from confide.paperwork.pdf import signed_document_pdf
from confide.practice import access
from confide.practice.actions import OWN_ACCOUNT_AGE, open_portal_accounts, update_client
from confide.practice.info import practice_info
from confide.practice.models import Client, ClientStatus

WAITING_KIND = "paperwork_waiting"
# Optional in a packet: the packet is complete without it (a client may prefer e-mail).
OPTIONAL = frozenset({Kind.TEXT_CONSENT})
RELEASE_PLACEHOLDERS = {"recipient", "purpose", "information", "expires_on"}
KNOWN_PLACEHOLDERS = {"practice", "practice_phone", "practice_email", "client"}
KNOWN_PLACEHOLDERS |= RELEASE_PLACEHOLDERS


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- templates and their versions ------------------------------------------------------


def check_template_text(kind: str, body: str) -> None:
    """Only known placeholders; a release keeps the ones that make it a valid authorisation."""
    found = rendering.placeholders(body)
    if unknown := found - KNOWN_PLACEHOLDERS:
        names = ", ".join("{{ " + name + " }}" for name in sorted(unknown))
        raise ValidationError({"body": f"Unknown placeholder(s): {names}."})
    if kind == Kind.RELEASE and not found >= RELEASE_PLACEHOLDERS:
        raise ValidationError(
            {"body": "A release must name its recipient, purpose, information and end date: "
             "keep {{ recipient }}, {{ purpose }}, {{ information }} and {{ expires_on }}."}
        )  # fmt: skip


@transaction.atomic
def publish_template(
    actor: Actor, template: DocumentTemplate, *, title: str, body: str, **flags: bool
) -> TemplateVersion | None:
    """Save the practice's text; a changed title or text becomes a new version, and everyone
    whose signature was on an older one is asked to sign again. Returns the new version."""
    _require(
        access.may_edit_templates(actor.user), "Only a practice admin edits document templates."
    )
    check_template_text(template.kind, body)
    template.title, template.body = title.strip(), body
    for name, value in flags.items():
        setattr(template, name, value)
    template.save()
    current = template.current
    if current is not None and (current.title, current.body) == (template.title, body):
        return None
    version = TemplateVersion.objects.create(
        template=template,
        number=(current.number + 1) if current else 1,
        title=template.title,
        body=body,
        published_by=actor.user,
    )
    record(
        Action.CREATE,
        actor=actor,
        obj=version,
        detail=f"{template.get_kind_display()}: version {version.number} published",
    )
    if current is not None:
        _ask_again(actor, template, version)
    return version


def _ask_again(actor: Actor, template: DocumentTemplate, version: TemplateVersion) -> None:
    """A new version: pending copies show it; signed ones are asked for a new signature."""
    for document in Document.objects.pending().filter(kind=template.kind).select_related("client"):
        if document.kind == Kind.RELEASE:
            continue
        document.version, document.title = version, version.title
        document.content = rendering.fill(version.body, _values(document.client, document))
        document.content_sha256 = sha256(document.content)
        document.save(update_fields=["version", "title", "content", "content_sha256"])
    if template.kind == Kind.RELEASE:
        return  # a signed release stays in force for its term; new releases use the new text
    signed = (
        Document.objects.in_force()
        .filter(kind=template.kind)
        .exclude(version=version)
        .exclude(client__status=ClientStatus.DISCHARGED)
        .select_related("client")
    )
    for old in signed:
        if Document.objects.pending().filter(client=old.client, kind=old.kind).exists():
            continue
        document = _new_document(
            actor, old.client, template, signer_role=old.signer_role, packet=None
        )
        _tell_waiting(old.client, document.signer_role, version)


def _tell_waiting(client: Client, role: str, version: TemplateVersion) -> None:
    for user in _people_for(client, role):
        _notify_waiting(user, client, f"{version.pk}:{user.pk}:{client.pk}")


def _notify_waiting(user: User, client: Client, key: str) -> None:
    """A content-free e-mail: there is paperwork to look at in the portal (once per key)."""
    notify(
        WAITING_KIND,
        channel=Channel.EMAIL,
        to=user.email,
        key=f"paperwork-waiting:{key}",
        recipient=user,
        recipient_role=user.role,
        params={"user": str(user.uuid)},
        client_id=client.pk,
    )


def _people_for(client: Client, role: str) -> list[User]:
    """Those with portal accounts who act in `role` for this client."""
    if role == Signer.GUARDIAN:
        links = client.guardians.active().filter(user__is_active=True).select_related("user")
        return [g.user for g in links if g.user.email and g.user.has_usable_password()]
    user = client.user
    if user is not None and user.is_active and user.email and user.has_usable_password():
        return [user]
    return []


# --- documents ---------------------------------------------------------------------------


def _values(client: Client, document: Document | None = None) -> dict[str, str]:
    practice = practice_info()
    values = {
        "practice": practice.name,
        "practice_phone": practice.phone,
        "practice_email": practice.email,
        "client": client.full_name,
    }
    if document is not None and document.kind == Kind.RELEASE:
        details = document.details
        values.update(
            recipient=details.get("recipient", ""),
            purpose=details.get("purpose", ""),
            information=details.get("information", ""),
            expires_on=rendering.long_date(document.expires_on),
        )
    return values


def _new_document(
    actor: Actor,
    client: Client,
    template: DocumentTemplate,
    *,
    signer_role: str,
    packet: Packet | None,
    details: Mapping[str, str] | None = None,
    expires_on: date | None = None,
) -> Document:
    version = template.current
    if version is None:
        raise ValidationError({"kind": f"{template.get_kind_display()} has no text yet."})
    document = Document(
        client=client,
        packet=packet,
        version=version,
        kind=template.kind,
        signer_role=signer_role,
        details=dict(details or {}),
        expires_on=expires_on,
        title=version.title,
        created_by=actor.user,
    )
    document.content = rendering.fill(version.body, _values(client, document))
    document.content_sha256 = sha256(document.content)
    document.save()
    record(
        Action.CREATE,
        actor=actor,
        obj=document,
        client_id=client.pk,
        detail=f"Sent to sign: {template.get_kind_display()} v{version.number}",
    )
    return document


def _texts_follow(actor: Actor, client: Client, *, consent: bool) -> None:
    """A signed consent to texts turns texts on for the mobile number on the record (notify's
    consent, which a STOP still overrides); its withdrawal turns them off. With no valid number
    on the record yet there is nothing to turn on: the number given later is (intake forms)."""
    if not sms.normalise(client.phone):
        return
    if consent:
        record_text_consent(actor, client.phone, client_id=client.pk, source="paperwork")
    else:
        withdraw_text_consent(actor, client.phone, client_id=client.pk)


def has_consent(client: Client, kind: str) -> bool:
    """Whether the client has a signed, unrevoked, unexpired document of this kind (for
    example `text_consent` before texting them)."""
    return Document.objects.in_force().filter(client=client, kind=kind).exists()


# --- the packet --------------------------------------------------------------------------


@dataclass(frozen=True)
class PacketPlan:
    documents: list[tuple[str, str]] = field(default_factory=list)  # (kind, signer role)
    forms: list[tuple[str, str]] = field(default_factory=list)  # (form kind, for role)


def plan_for(client: Client) -> PacketPlan:
    """What a new client completes before the first session. A minor's guardian signs and
    fills in everything; a teen with their own account answers the questionnaires."""
    minor = client.is_minor
    who = Signer.GUARDIAN if minor else Signer.CLIENT
    kinds = [Kind.PRIVACY_NOTICE]
    kinds += [Kind.MINOR_CONSENT] if minor else [Kind.TREATMENT_CONSENT]
    kinds += [Kind.TELEHEALTH_CONSENT, Kind.FINANCIAL_POLICY]
    if client.preferred_contact == "text":
        kinds.append(Kind.TEXT_CONSENT)
    forms: list[tuple[str, str]] = [
        (kind, who)
        for kind in (
            FormKind.DEMOGRAPHICS,
            FormKind.EMERGENCY_CONTACT,
            FormKind.MEDICATION,
            FormKind.PRIOR_TREATMENT,
        )
    ]
    # The questionnaires are self-report: the client answers them, a child with the clinician.
    if not minor or (client.age >= OWN_ACCOUNT_AGE and client.user_id is not None):
        forms.append((FormKind.BASELINE, Signer.CLIENT))
    return PacketPlan(documents=[(k, who) for k in kinds], forms=forms)


def baseline_instruments(client: Client) -> list[str]:
    from confide.outcomes.actions import available_measures, measures_for

    available = set(available_measures())
    return [code for code in measures_for(client) if code in available]


@transaction.atomic
def prepare_packet(actor: Actor, client: Client) -> Packet | None:
    """Create what is still missing of the client's packet (nothing twice: a document already
    signed or waiting, a form already sent or waiting, is left as it is)."""
    _require(access.may_invite(actor.user, client), "You cannot send paperwork to this client.")
    plan = plan_for(client)
    templates = {t.kind: t for t in DocumentTemplate.objects.filter(active=True)}
    have_docs = set(
        Document.objects.filter(client=client, status__in=[Status.PENDING, Status.SIGNED])
        .exclude(kind=Kind.RELEASE)
        .values_list("kind", flat=True)
    )
    have_forms = set(client.intake_forms.values_list("kind", flat=True))
    new_docs = [(k, r) for k, r in plan.documents if k in templates and k not in have_docs]
    new_forms = [(k, r) for k, r in plan.forms if k not in have_forms]
    if not new_docs and not new_forms:
        return None
    packet = Packet.objects.create(client=client, created_by=actor.user)
    for kind, role in new_docs:
        _new_document(actor, client, templates[kind], signer_role=role, packet=packet)
    for kind, role in new_forms:
        form = IntakeForm.objects.create(
            client=client,
            packet=packet,
            kind=kind,
            for_role=role,
            instruments=baseline_instruments(client) if kind == FormKind.BASELINE else [],
        )
        record(
            Action.CREATE, actor=actor, obj=form, client_id=client.pk,
            detail=f"Intake form requested: {form.get_kind_display()}",
        )  # fmt: skip
    record(Action.CREATE, actor=actor, obj=packet, client_id=client.pk, detail="Packet sent")
    return packet


@dataclass(frozen=True)
class PacketStatus:
    required: int
    done: int
    outstanding: list[str]

    @property
    def complete(self) -> bool:
        return self.required > 0 and not self.outstanding

    @property
    def started(self) -> bool:
        return self.required > 0


def packet_status(
    client: Client,
    documents: Iterable[Document] | None = None,
    forms: Iterable[IntakeForm] | None = None,
) -> PacketStatus:
    """How far the client's paperwork has got (all packets; optional items, releases and
    withdrawn documents not counted). Pass what the caller has loaded to save the queries."""
    docs = list(client.documents.all() if documents is None else documents)
    filled = list(client.intake_forms.all() if forms is None else forms)
    counted = [
        d for d in docs
        if d.kind not in OPTIONAL and d.kind != Kind.RELEASE and d.status != Status.REVOKED
    ]  # fmt: skip
    outstanding = [d.get_kind_display() for d in counted if d.status == Status.PENDING]
    outstanding += [f.get_kind_display() for f in filled if f.status == FormStatus.PENDING]
    required = len(counted) + len(filled)
    return PacketStatus(
        required=required, done=required - len(outstanding), outstanding=outstanding
    )


def _packet_progress(actor: Actor, client: Client) -> None:
    """Mark packets whose every required item is done as complete (audited once)."""
    for packet in client.paperwork_packets.filter(completed_at__isnull=True):
        waiting = (
            packet.documents.pending().exclude(kind__in=OPTIONAL).exists()
            or packet.forms.filter(status=FormStatus.PENDING).exists()
        )
        if not waiting:
            packet.completed_at = timezone.now()
            packet.save(update_fields=["completed_at"])
            record(
                Action.UPDATE, actor=actor, obj=packet, client_id=client.pk,
                detail="Packet complete",
            )  # fmt: skip


# --- the invitation --------------------------------------------------------------------


@dataclass(frozen=True)
class Invited:
    invitations: list[Invitation]
    packet: Packet | None
    told: list[User]  # accounts that already had a password: told there is paperwork

    @property
    def expires_at(self) -> Any:
        return min((i.expires_at for i in self.invitations), default=None)


@transaction.atomic
def invite_to_portal(actor: Actor, client: Client) -> Invited:
    """Invite the client (or a minor's guardians, and a teen) to the portal, with the
    paperwork packet. Accounts that can already sign in are told of new paperwork instead."""
    _require(access.may_invite(actor.user, client), "You cannot invite this client.")
    users = open_portal_accounts(actor, client)
    packet = prepare_packet(actor, client)
    invitations: list[Invitation] = []
    told: list[User] = []
    for user in users:
        if user.has_usable_password():
            if packet is not None:
                told.append(user)
                _notify_waiting(user, client, f"{packet.pk}:{user.pk}")
            continue
        invitations.append(send_invitation(actor, user, client_id=client.pk))
    if not invitations and not told:
        raise ValidationError(
            {
                "invitation": "Everyone on this record can already sign in to the portal and "
                "has no new paperwork. If they have forgotten their password, they can reset it."
            }
        )
    return Invited(invitations=invitations, packet=packet, told=told)


# --- signing ---------------------------------------------------------------------------


def _capacity(user: Any, document: Document) -> str:
    if document.signer_role == Signer.GUARDIAN:
        link = access.guardianship(user, document.client)
        relation = link.relationship if link is not None else ""
        return f"Parent or guardian{f' ({relation})' if relation else ''} of {document.client}"
    return "Self"


@transaction.atomic
def sign_document(
    actor: Actor,
    document: Document,
    *,
    typed_name: str,
    attested: bool,
    shown_sha256: str,
    user_agent: str = "",
    drawn_png: bytes | None = None,
) -> Document:
    """Sign a document: the typed full name, the ticked attestation, the exact text seen.

    `shown_sha256` is the hash of the text the signer had on screen: if the document changed
    since (a new version), nothing is signed and they are asked to read it again.
    """
    fresh = (
        Document.objects.select_for_update().select_related("client", "version").get(pk=document.pk)
    )
    _require(access.may_sign(actor.user, fresh), "This document is not yours to sign.")
    if fresh.status != Status.PENDING:
        raise ValidationError(
            {"document": f"This document is already {fresh.get_status_display().lower()}."}
        )
    if shown_sha256 != fresh.content_sha256 or not fresh.intact:
        raise ValidationError(
            {"document": "This document has changed since you opened it. Read it again, then sign."}
        )
    name = " ".join(typed_name.split())
    if len(name) < 3 or " " not in name:
        raise ValidationError({"typed_name": "Type your full name: first and last name."})
    if not attested:
        raise ValidationError({"attest": "Tick the box to confirm that you sign this document."})
    fresh.signer_name = name[:200]
    fresh.signer_capacity = _capacity(actor.user, fresh)[:100]
    fresh.attested = True
    fresh.signed_at = timezone.now()
    fresh.signed_by = actor.user
    fresh.signer_ip = actor.ip
    fresh.user_agent = (user_agent or "")[:300]
    fresh.drawn_signature = drawn_png
    fresh.status = Status.SIGNED
    fresh.pdf = signed_document_pdf(fresh)
    fresh.save()
    fresh._signed_when_loaded = True
    record(
        Action.UPDATE,
        actor=actor,
        obj=fresh,
        client_id=fresh.client_id,
        detail=f"Signed: {fresh.get_kind_display()} v{fresh.version.number} "
        f"(sha256 {fresh.content_sha256[:12]})",
    )
    if fresh.kind == Kind.TEXT_CONSENT:
        _texts_follow(actor, fresh.client, consent=True)
    _packet_progress(actor, fresh.client)
    return fresh


@transaction.atomic
def revoke_document(actor: Actor, document: Document, *, reason: str = "") -> Document:
    """Withdraw a signed consent or release from now on (what was done under it stands)."""
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    _require(access.may_revoke(actor.user, fresh), "You cannot revoke this document.")
    if not fresh.revocable:
        raise ValidationError({"document": "Only a signed consent or release can be revoked."})
    fresh.status = Status.REVOKED
    fresh.revoked_at = timezone.now()
    fresh.revoked_by = actor.user
    fresh.revocation_reason = " ".join(reason.split())[:300]
    fresh.save(update_fields=sorted(REVOCATION_FIELDS))
    record(
        Action.UPDATE,
        actor=actor,
        obj=fresh,
        client_id=fresh.client_id,
        detail=f"Revoked: {fresh.get_kind_display()} v{fresh.version.number}",
    )
    if fresh.kind == Kind.TEXT_CONSENT:
        _texts_follow(actor, fresh.client, consent=False)
    return fresh


@transaction.atomic
def create_release(
    actor: Actor,
    client: Client,
    *,
    recipient: str,
    purpose: str,
    information: str,
    expires_on: date,
) -> Document:
    """A release of information to a named person or organisation, to be signed, with an end."""
    _require(
        access.may_invite(actor.user, client) or access.may_act_for(actor.user, client),
        "You cannot make a release for this client.",
    )
    errors = {}
    for name, value, limit in (
        ("recipient", recipient, 200),
        ("purpose", purpose, 300),
        ("information", information, 300),
    ):
        if not value.strip():
            errors[name] = "This is needed on a release."
        elif len(value) > limit:
            errors[name] = f"Keep this under {limit} characters."
    if expires_on is None or expires_on <= timezone.localdate():
        errors["expires_on"] = "Choose an end date after today."
    if errors:
        raise ValidationError(errors)
    template = DocumentTemplate.objects.get(kind=Kind.RELEASE)
    details = {"recipient": recipient.strip(), "purpose": purpose.strip()}
    details["information"] = information.strip()
    role = Signer.GUARDIAN if client.is_minor else Signer.CLIENT
    return _new_document(
        actor, client, template, signer_role=role, packet=None, details=details,
        expires_on=expires_on,
    )  # fmt: skip


# --- intake forms ----------------------------------------------------------------------

# What each form writes into the client's record (the rest stays with the form).
WRITES: dict[str, dict[str, str]] = {
    FormKind.DEMOGRAPHICS: {"preferred_name": "preferred_name", "phone": "phone",
                            "preferred_contact": "preferred_contact"},
    FormKind.EMERGENCY_CONTACT: {"name": "emergency_contact_name",
                                 "relationship": "emergency_contact_relationship",
                                 "phone": "emergency_contact_phone"},
}  # fmt: skip


def _fresh_pending(actor: Actor, form: IntakeForm) -> IntakeForm:
    fresh = IntakeForm.objects.select_for_update().select_related("client").get(pk=form.pk)
    _require(access.may_fill(actor.user, fresh), "This form is not yours to fill in.")
    if fresh.status != FormStatus.PENDING:
        raise ValidationError({"form": "This form has already been sent."})
    return fresh


def _submitted(actor: Actor, fresh: IntakeForm, answers: Mapping[str, Any]) -> IntakeForm:
    fresh.answers = json.dumps(answers, default=str)
    fresh.status = FormStatus.SUBMITTED
    fresh.submitted_at = timezone.now()
    fresh.submitted_by = actor.user
    fresh.save(update_fields=["answers", "status", "submitted_at", "submitted_by"])
    record(
        Action.UPDATE,
        actor=actor,
        obj=fresh,
        client_id=fresh.client_id,
        detail=f"Intake form filled in: {fresh.get_kind_display()}",
    )
    _packet_progress(actor, fresh.client)
    return fresh


@transaction.atomic
def submit_intake_form(actor: Actor, form: IntakeForm, answers: Mapping[str, Any]) -> IntakeForm:
    """Keep a filled-in intake form; write what belongs in the record into the record."""
    fresh = _fresh_pending(actor, form)
    if fresh.kind == FormKind.BASELINE:
        raise ValidationError({"form": "Questionnaires are answered with submit_baseline."})
    writes = {
        target: answers[source]
        for source, target in WRITES.get(fresh.kind, {}).items()
        if answers.get(source) not in (None, "")
    }
    if fresh.for_role == Signer.GUARDIAN:
        # A guardian's phone is not the minor's (access.GUARDIAN_RECORD_FIELDS).
        writes = {k: v for k, v in writes.items() if k in access.GUARDIAN_RECORD_FIELDS}
    if writes:
        update_client(actor, fresh.client, writes)
        if "phone" in writes and has_consent(fresh.client, Kind.TEXT_CONSENT):
            _texts_follow(actor, fresh.client, consent=True)  # the number the consent is for
    return _submitted(actor, fresh, answers)


@transaction.atomic
def submit_baseline(
    actor: Actor,
    form: IntakeForm,
    answers: Mapping[str, tuple[list[int | None], dict[str, int | None]]],
) -> list[Assessment]:
    """Store the baseline questionnaires through the one assessment-recording action (which
    also opens a risk alert for a positive safety answer)."""
    fresh = _fresh_pending(actor, form)
    stored = []
    for code in fresh.instruments:
        responses, extras = answers[code]
        assessment = record_assessment(
            catalog.get_instrument(code),
            responses,
            extras=extras,
            source=Source.INTAKE,
            actor=actor,
            client=fresh.client,
        )
        record(
            Action.CREATE,
            actor=actor,
            obj=assessment,
            client_id=fresh.client_id,
            detail="Baseline questionnaire from intake paperwork",
        )
        stored.append(assessment)
    _submitted(actor, fresh, {"assessments": [str(a.pk) for a in stored]})
    return stored


@transaction.atomic
def review_intake_form(actor: Actor, form: IntakeForm) -> IntakeForm:
    fresh = IntakeForm.objects.select_for_update().select_related("client").get(pk=form.pk)
    _require(
        access.may_review_intake(actor.user, fresh.client),
        "Intake answers are reviewed by the client's clinician.",
    )
    if fresh.status != FormStatus.SUBMITTED:
        raise ValidationError({"form": "Only a form that has been sent can be reviewed."})
    fresh.status = FormStatus.REVIEWED
    fresh.reviewed_at = timezone.now()
    fresh.reviewed_by = actor.user
    fresh.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    record(
        Action.UPDATE,
        actor=actor,
        obj=fresh,
        client_id=fresh.client_id,
        detail=f"Intake form reviewed: {fresh.get_kind_display()}",
    )
    return fresh


def answers_of(form: IntakeForm) -> dict[str, Any]:
    return json.loads(form.answers) if form.answers else {}


def baseline_of(form: IntakeForm) -> list[Assessment]:
    """The questionnaires a baseline form stored (none for the other forms)."""
    ids = answers_of(form).get("assessments", [])
    return list(form.client.assessments.filter(pk__in=ids)) if ids else []


def to_do(user: Any, clients: Iterable[Client]) -> tuple[list[Document], list[IntakeForm]]:
    """What this portal user still has to sign and fill in, over the records they open (a
    fixed number of queries per record, however many items are waiting)."""
    roles = {c.pk: access.capacities(user, c) for c in clients}
    documents = [
        d
        for d in Document.objects.pending().filter(client_id__in=roles).select_related("client")
        if d.signer_role in roles[d.client_id].sign
    ]
    forms = [
        f
        for f in IntakeForm.objects.filter(
            client_id__in=roles, status=FormStatus.PENDING
        ).select_related("client")
        if f.for_role in roles[f.client_id].fill
    ]
    return documents, forms
