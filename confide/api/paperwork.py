"""Portal invitations and paperwork (staff, token auth; API.md 'Clients and paperwork')."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema, Status

from confide.api.auth import staff_actor, token_auth
from confide.audit.log import record_many
from confide.audit.models import Action
from confide.paperwork import actions
from confide.practice import access

router = Router(auth=token_auth, tags=["paperwork"])


class InvitationOut(Schema):
    expires_at: datetime | None
    sent_to: list[str]
    packet: UUID | None


@router.post(
    "/clients/{client_id}/invitation",
    response={201: InvitationOut},
    summary="Invite the client to the portal, with the paperwork packet",
    description="Sends a one-time link (valid CONFIDE_INVITE_DAYS) to each person on the record "
    "without a password yet: an adult client, or a minor's guardians (and a teen with an e-mail "
    "address). Accounts that can already sign in are told of new paperwork instead. "
    "`expires_at` is the earliest link's expiry, null when nobody needed a link. 422 names "
    "`email` or `guardian_email` when there is no address to send to.",
)
def post_invitation(request: HttpRequest, client_id: str) -> Status:
    actor = staff_actor(request)
    client = access.client_for(actor, client_id)
    invited = actions.invite_to_portal(actor, client)
    roles = [i.user.role for i in invited.invitations] + [u.role for u in invited.told]
    return Status(
        201,
        {
            "expires_at": invited.expires_at,
            "sent_to": roles,
            "packet": invited.packet.pk if invited.packet else None,
        },
    )


class DocumentOut(Schema):
    id: UUID
    kind: str
    title: str
    version: int
    status: str
    signer_role: str
    signer: str | None
    signed_at: datetime | None
    sha256: str
    expires_on: date | None
    revoked_at: datetime | None


@router.get(
    "/clients/{client_id}/documents",
    response=list[DocumentOut],
    summary="Documents sent to the client to sign",
    description="`status` is `pending`, `signed` or `revoked`; `sha256` is the hash of the exact "
    "text (it is what was signed once `signed_at` is set); `signer` is the typed name.",
)
def list_documents(request: HttpRequest, client_id: str) -> list[dict[str, Any]]:
    actor = staff_actor(request)
    client = access.client_for(actor, client_id)
    documents = list(client.documents.select_related("version").order_by("created_at"))
    record_many(Action.READ, documents, actor=actor, client_of=lambda d: d.client_id)
    return [
        {
            "id": d.pk,
            "kind": d.kind,
            "title": d.title,
            "version": d.version.number,
            "status": d.status,
            "signer_role": d.signer_role,
            "signer": d.signer_name or None,
            "signed_at": d.signed_at,
            "sha256": d.content_sha256,
            "expires_on": d.expires_on,
            "revoked_at": d.revoked_at,
        }
        for d in documents
    ]
