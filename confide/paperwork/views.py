"""Paperwork in the portal: read and sign a document, download it signed, withdraw a consent,
and fill in the intake forms. Who may do what is access.py's; the changes are actions.py's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from confide.assessments import catalog
from confide.audit.actor import Actor, Via
from confide.audit.log import record
from confide.audit.models import Action
from confide.outcomes.public_views import risk_answered
from confide.paperwork import actions
from confide.paperwork.forms import FORMS, RevokeForm, SignForm
from confide.paperwork.models import Document, FormKind, FormStatus, IntakeForm, Signer, Status
from confide.paperwork.rendering import to_html
from confide.practice import access
from confide.screening.forms import InstrumentForm
from confide.staff.decorators import role_required

PORTAL_ROLES = ("client", "guardian")


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, Via.PAGE)


def _home(client: Any) -> str:
    return reverse("portal:client", args=[client.pk])


def apply_errors(form: Any, exc: ValidationError) -> None:
    """A ValidationError from an action, shown on the form (on its field when it has one)."""
    for name, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
        form.add_error(name if name in form.fields else None, errors)


def _document_for(request: HttpRequest, document_id: Any) -> Document:
    """A document of a record this portal account opens; else 404, whether it exists or not."""
    document = (
        Document.objects.select_related("client", "version")
        .filter(pk=document_id, client__in=access.portal_clients(request.user))
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    return document


@role_required(*PORTAL_ROLES)
def document(request: HttpRequest, document_id: Any) -> HttpResponse:
    doc = _document_for(request, document_id)
    may_sign = doc.status == Status.PENDING and access.may_sign(request.user, doc)
    form = SignForm(request.POST or None, initial={"sha256": doc.content_sha256})
    if request.method == "POST":
        if not may_sign:
            raise PermissionDenied("This document is not yours to sign.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.sign_document(
                    _actor(request),
                    doc,
                    typed_name=data["typed_name"],
                    attested=data["attest"],
                    shown_sha256=data["sha256"],
                    user_agent=request.headers.get("User-Agent", ""),
                    drawn_png=data["drawn_signature"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
                doc.refresh_from_db()
                form.data = form.data.copy()
                form.data["sha256"] = doc.content_sha256
            else:
                messages.success(request, f"Signed: {doc.title}. Thank you.")
                return redirect(_home(doc.client))
    else:
        record(Action.READ, request=request, obj=doc, client_id=doc.client_id, via="portal")
    context = {
        "doc": doc,
        "html": to_html(doc.content),
        "form": form,
        "may_sign": may_sign,
        "may_revoke": doc.revocable and actions.may_revoke(request.user, doc),
        "revoke_form": RevokeForm(),
        "home": _home(doc.client),
        "for_guardian": doc.signer_role == Signer.GUARDIAN,
    }
    return render(request, "paperwork/document.html", context, status=422 if form.errors else 200)


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
    return signed_pdf(_actor(request), _document_for(request, document_id))


@require_POST
@role_required(*PORTAL_ROLES)
def revoke(request: HttpRequest, document_id: Any) -> HttpResponse:
    doc = _document_for(request, document_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.revoke_document(_actor(request), doc, reason=reason)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Withdrawn from now on: {doc.title}.")
    return redirect(_home(doc.client))


def _form_for(request: HttpRequest, form_id: Any) -> IntakeForm:
    found = (
        IntakeForm.objects.select_related("client")
        .filter(pk=form_id, client__in=access.portal_clients(request.user))
        .first()
    )
    if found is None or not access.may_fill(request.user, found):
        raise Http404("No such form.")
    return found


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
    intake = _form_for(request, form_id)
    if intake.status != FormStatus.PENDING:
        messages.info(request, f"{intake.get_kind_display()}: already sent. Thank you.")
        return redirect(_home(intake.client))
    if intake.kind == FormKind.BASELINE:
        return _baseline(request, intake)
    form_class = FORMS[intake.kind]
    kwargs = {"for_guardian": True} if intake.for_role == Signer.GUARDIAN else {}
    form = form_class(request.POST or None, initial=_initial(intake), **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            actions.submit_intake_form(_actor(request), intake, form.answers())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Sent: {intake.get_kind_display()}. Thank you.")
            return redirect(_home(intake.client))
    if request.method != "POST":
        record(Action.READ, request=request, obj=intake, client_id=intake.client_id, via="portal")
    context = {"intake": intake, "form": form, "home": _home(intake.client)}
    status = 422 if form.errors else 200
    return render(request, "paperwork/intake_form.html", context, status=status)


def _baseline(request: HttpRequest, intake: IntakeForm) -> HttpResponse:
    instruments = [catalog.get_instrument(code) for code in intake.instruments]
    data = request.POST if request.method == "POST" else None
    forms = [InstrumentForm(i, data) for i in instruments]
    context: dict[str, Any] = {"intake": intake, "forms": forms, "home": _home(intake.client)}
    if request.method == "POST":
        if all(f.is_valid() for f in forms):
            answers = {f.instrument.code: (list(f.responses()), f.extras()) for f in forms}
            stored = actions.submit_baseline(_actor(request), intake, answers)
            risk = any(a.risk for a in stored)
            context.update(risk=risk, stored=stored)
            return render(request, "paperwork/baseline_done.html", context)
        context["risk"] = risk_answered(forms)
        context["errors"] = [
            (f[name], error) for f in forms for name, errors in f.errors.items() for error in errors
        ]
        return render(request, "paperwork/baseline.html", context, status=422)
    record(Action.READ, request=request, obj=intake, client_id=intake.client_id, via="portal")
    return render(request, "paperwork/baseline.html", context)
