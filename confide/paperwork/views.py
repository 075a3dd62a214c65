"""Paperwork in the portal: read and sign a document, download it signed, withdraw a consent,
and fill in the intake forms. Who may do what is access.py's; the changes are actions.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from confide.assessments import catalog
from confide.audit.actor import Actor
from confide.audit.log import record
from confide.audit.models import Action
from confide.core.doors import page_actor, role_required, run_action, run_with_message, submit
from confide.outcomes.public_views import risk_answered
from confide.paperwork import access as paperwork_access
from confide.paperwork import actions
from confide.paperwork.forms import FORMS, RevokeForm, SignForm
from confide.paperwork.models import Document, FormKind, FormStatus, IntakeForm, Signer, Status
from confide.paperwork.rendering import to_html
from confide.practice import access
from confide.screening.forms import InstrumentForm

PORTAL_ROLES = ("client", "guardian")


def _home(client: Any) -> str:
    return reverse("portal:client", args=[client.pk])


@role_required(*PORTAL_ROLES)
def document(request: HttpRequest, document_id: Any) -> HttpResponse:
    actor = page_actor(request)
    doc = paperwork_access.document_for(actor, document_id)
    may_sign = doc.status == Status.PENDING and access.may_sign(actor.user, doc)
    if request.method == "POST" and not may_sign:
        raise PermissionDenied("This document is not yours to sign.")
    form = SignForm(request.POST or None, initial={"sha256": doc.content_sha256})
    done = submit(
        request,
        form,
        lambda data: actions.sign_document(
            actor,
            doc,
            typed_name=data["typed_name"],
            attested=data["attest"],
            shown_sha256=data["sha256"],
            user_agent=request.headers.get("User-Agent", ""),
            drawn_png=data["drawn_signature"],
        ),
    )
    if done.ok and done.ran:
        messages.success(request, f"Signed: {doc.title}. Thank you.")
        return redirect(_home(doc.client))
    if done.ran:
        # The text may have changed meanwhile: show the current one, to be read and signed.
        doc.refresh_from_db()
        shown = request.POST.copy()
        shown["sha256"] = doc.content_sha256
        form.data = shown
    context = {
        "doc": doc,
        "html": to_html(doc.content),
        "form": form,
        "may_sign": may_sign,
        "may_revoke": doc.revocable and access.may_revoke(actor.user, doc),
        "revoke_form": RevokeForm(),
        "home": _home(doc.client),
        "for_guardian": doc.signer_role == Signer.GUARDIAN,
    }
    return render(request, "paperwork/document.html", context, status=done.status)


def signed_pdf(actor: Actor, doc: Document) -> HttpResponse:
    """The signed PDF as a download (portal and staff alike), audited as an export."""
    if not doc.pdf:
        raise Http404("This document has not been signed.")
    record(
        Action.EXPORT,
        actor=actor,
        obj=doc,
        client_id=doc.client_id,
        detail="Signed document downloaded (PDF)",
    )
    response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{doc.kind}-v{doc.version.number}.pdf"'
    return response


@role_required(*PORTAL_ROLES)
def document_pdf(request: HttpRequest, document_id: Any) -> HttpResponse:
    actor = page_actor(request)
    return signed_pdf(actor, paperwork_access.document_for(actor, document_id))


@require_POST
@role_required(*PORTAL_ROLES)
def revoke(request: HttpRequest, document_id: Any) -> HttpResponse:
    actor = page_actor(request)
    doc = paperwork_access.document_for(actor, document_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if run_with_message(request, lambda: actions.revoke_document(actor, doc, reason=reason)).ok:
        messages.success(request, f"Withdrawn from now on: {doc.title}.")
    return redirect(_home(doc.client))


def _initial(intake: IntakeForm) -> dict[str, Any]:
    client = intake.client
    if intake.kind == FormKind.DEMOGRAPHICS:
        return {
            "preferred_name": client.preferred_name,
            "phone": client.phone,
            "preferred_contact": client.preferred_contact,
        }
    if intake.kind == FormKind.EMERGENCY_CONTACT:
        return {
            "name": client.emergency_contact_name,
            "relationship": client.emergency_contact_relationship,
            "phone": client.emergency_contact_phone,
        }
    return {}


@role_required(*PORTAL_ROLES)
def intake_form(request: HttpRequest, form_id: Any) -> HttpResponse:
    actor = page_actor(request)
    intake = paperwork_access.form_to_fill(actor, form_id)
    if intake.status != FormStatus.PENDING:
        messages.info(request, f"{intake.get_kind_display()}: already sent. Thank you.")
        return redirect(_home(intake.client))
    if intake.kind == FormKind.BASELINE:
        return _baseline(request, actor, intake)
    form_class = FORMS[intake.kind]
    for_guardian = intake.for_role == Signer.GUARDIAN
    form = form_class(request.POST or None, initial=_initial(intake), for_guardian=for_guardian)
    done = submit(
        request, form, lambda _: actions.submit_intake_form(actor, intake, form.answers())
    )
    if done.ok and done.ran:
        messages.success(request, f"Sent: {intake.get_kind_display()}. Thank you.")
        return redirect(_home(intake.client))
    context = {"intake": intake, "form": form, "home": _home(intake.client)}
    return render(request, "paperwork/intake_form.html", context, status=done.status)


def _empty_form() -> Form:
    form = Form(data={})
    form.is_valid()
    return form


def _baseline(request: HttpRequest, actor: Actor, intake: IntakeForm) -> HttpResponse:
    instruments = [catalog.get_instrument(code) for code in intake.instruments]
    data = request.POST if request.method == "POST" else None
    forms = [InstrumentForm(i, data) for i in instruments]
    context: dict[str, Any] = {"intake": intake, "forms": forms, "home": _home(intake.client)}
    if request.method != "POST":
        return render(request, "paperwork/baseline.html", context)
    status = 422
    if all(f.is_valid() for f in forms):
        answers = {f.instrument.code: (list(f.responses()), f.extras()) for f in forms}
        holder = forms[0] if forms else _empty_form()  # where an action's refusal is shown
        done = run_action(holder, lambda: actions.submit_baseline(actor, intake, answers))
        if done.ok and done.value is not None:
            context.update(risk=any(a.risk for a in done.value), stored=done.value)
            return render(request, "paperwork/baseline_done.html", context)
        status = done.status
    context["risk"] = risk_answered(forms)
    return render(request, "paperwork/baseline.html", context, status=status)
