"""Portal access and paperwork from the staff side: invite a client (with the packet), manage
guardians and what is shared with them, close portal access, make a release, record a
withdrawal, read and review intake forms. Thin: each calls one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from confide.accounts.forms import DescribedErrors
from confide.audit.actor import Actor, Via
from confide.paperwork import actions
from confide.paperwork.forms import FORMS, ReleaseForm, RevokeForm
from confide.paperwork.models import Document, FormKind, IntakeForm
from confide.paperwork.views import apply_errors, signed_pdf
from confide.practice import access
from confide.practice import actions as practice_actions
from confide.practice.models import Client, Guardian
from confide.staff.decorators import STAFF, role_required


class GuardianForm(DescribedErrors, forms.Form):
    name = forms.CharField(label="Full name", max_length=200)
    relationship = forms.CharField(
        label="Relationship",
        max_length=100,
        required=False,
        help_text="For example mother, father, legal guardian.",
    )
    email = forms.EmailField(
        label="E-mail", required=False, help_text="Needed to invite them to the portal."
    )
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    may_consent = forms.BooleanField(
        label="Has legal authority to consent to treatment", required=False, initial=True
    )


class SharingForm(forms.Form):
    guardians_see_answers = forms.BooleanField(
        label="Parents and guardians see this client's questionnaires and scores", required=False
    )
    client_sees_plan = forms.BooleanField(
        label="The portal copy of the record includes the treatment plan", required=False
    )


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, Via.PAGE)


def _back(client: Any) -> HttpResponse:
    return redirect("staff:client", client_id=client.pk)


def _run(request: HttpRequest, done: str, change: Callable[[], Any]) -> bool:
    """Run a button's action; say what happened, or why not (a ValidationError's words)."""
    try:
        change()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, done)
    return True


@require_POST
@role_required(*STAFF)
def invite(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(request, client_id)
    _run(
        request,
        "Invitation sent, with the paperwork packet.",
        lambda: actions.invite_to_portal(_actor(request), client),
    )
    return _back(client)


@require_POST
@role_required(*STAFF)
def close_portal(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(request, client_id)
    _run(
        request,
        "Portal access closed: sessions and tokens ended. The record itself is kept.",
        lambda: practice_actions.close_portal_access(_actor(request), client),
    )
    return _back(client)


def _form_page(
    request: HttpRequest,
    client: Client,
    form: forms.Form,
    *,
    title: str,
    done: str,
    change: Callable[[dict[str, Any]], Any],
) -> HttpResponse:
    """A staff form that runs one action: its errors on the form (422), else back to the
    client's page saying what was done."""
    if request.method == "POST" and form.is_valid():
        try:
            change(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return _back(client)
    context = {"client": client, "form": form, "title": title}
    status = 422 if form.errors else 200
    return render(request, "paperwork/staff_form.html", context, status=status)


@role_required(*STAFF)
def guardian_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(request, client_id)
    return _form_page(
        request,
        client,
        GuardianForm(request.POST or None),
        title="Add a parent or guardian",
        done="Guardian added. Invite them to the portal when ready.",
        change=lambda data: practice_actions.add_guardian(_actor(request), client, **data),
    )


@require_POST
@role_required(*STAFF)
def guardian_remove(request: HttpRequest, guardian_id: Any) -> HttpResponse:
    guardian = Guardian.objects.filter(pk=guardian_id).select_related("client", "user").first()
    if guardian is None:
        raise Http404("No such guardian.")
    client = access.client_for(request, guardian.client_id)
    _run(
        request,
        "Guardian access ended.",
        lambda: practice_actions.remove_guardian(_actor(request), guardian),
    )
    return _back(client)


@require_POST
@role_required("clinician")
def sharing(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(request, client_id)
    form = SharingForm(request.POST)
    form.is_valid()  # two checkboxes: always valid
    _run(
        request,
        "Sharing saved.",
        lambda: practice_actions.set_sharing(_actor(request), client, **form.cleaned_data),
    )
    return _back(client)


@role_required(*STAFF)
def release_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    client = access.client_for(request, client_id)
    return _form_page(
        request,
        client,
        ReleaseForm(request.POST or None),
        title="New release of information",
        done="Release sent to sign in the portal.",
        change=lambda data: actions.create_release(_actor(request), client, **data),
    )


def _document(request: HttpRequest, document_id: Any) -> Document:
    doc = Document.objects.filter(pk=document_id).select_related("client", "version").first()
    if doc is None:
        raise Http404("No such document.")
    access.client_for(request, doc.client_id)  # 404 unless this client is visible; audited
    return doc


@role_required(*STAFF)
def document_pdf(request: HttpRequest, document_id: Any) -> HttpResponse:
    doc = _document(request, document_id)
    return signed_pdf(_actor(request), doc)


@require_POST
@role_required(*STAFF)
def revoke(request: HttpRequest, document_id: Any) -> HttpResponse:
    doc = _document(request, document_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(
        request,
        f"Recorded as withdrawn: {doc.title}.",
        lambda: actions.revoke_document(_actor(request), doc, reason=reason or "Told the practice"),
    )
    return _back(doc.client)


@role_required(*STAFF)
def review(request: HttpRequest, form_id: Any) -> HttpResponse:
    intake = IntakeForm.objects.filter(pk=form_id).select_related("client").first()
    if intake is None:
        raise Http404("No such form.")
    client: Client = access.client_for(request, intake.client_id)
    if not access.may_review_intake(request.user, client):
        raise Http404("No such form.")
    if request.method == "POST" and _run(
        request,
        f"Marked as reviewed: {intake.get_kind_display()}.",
        lambda: actions.review_intake_form(_actor(request), intake),
    ):
        return _back(client)
    answers = actions.answers_of(intake)
    context = {
        "client": client,
        "intake": intake,
        "rows": _rows(intake, answers),
        "assessments": list(client.assessments.filter(pk__in=answers.get("assessments", []))),
    }
    return render(request, "paperwork/review.html", context)


def _rows(intake: IntakeForm, answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """The answers with the questions' own labels, in the form's order."""
    if intake.kind == FormKind.BASELINE:
        return []
    form = FORMS[intake.kind]()
    labels = {name: field.label for name, field in form.fields.items()}
    return [(labels.get(name, name), value) for name, value in answers.items() if name in labels]
