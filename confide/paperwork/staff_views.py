"""Portal access and paperwork from the staff side: invite a client (with the packet), manage
guardians and what is shared with them, close portal access, make a release, record a
withdrawal, read and review intake forms. Thin: each calls one action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from confide.core.doors import (
    STAFF,
    page_actor,
    role_required,
    run_action,
    run_with_message,
    submit,
)
from confide.paperwork import access as paperwork_access
from confide.paperwork import actions
from confide.paperwork.forms import FORMS, GuardianForm, ReleaseForm, RevokeForm, SharingForm
from confide.paperwork.models import FormKind, IntakeForm
from confide.paperwork.views import signed_pdf
from confide.practice import access
from confide.practice import actions as practice_actions
from confide.practice.models import Client


def _back(client: Any) -> HttpResponse:
    return redirect("staff:client", client_id=client.pk)


def _button(
    request: HttpRequest, client: Any, done: str, change: Callable[[], Any]
) -> HttpResponse:
    """Run a button's action; say what happened, or why not; back to the client's page."""
    if run_with_message(request, change).ok:
        messages.success(request, done)
    return _back(client)


@require_POST
@role_required(*STAFF)
def invite(request: HttpRequest, client_id: Any) -> HttpResponse:
    """Invite to the portal; when nothing could be sent, a page says why (with the status
    the API gives) and what to add to the record first."""
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    reasons = forms.Form(data={})  # no fields: it holds what the action refused, for the page
    reasons.is_valid()
    done = run_action(reasons, lambda: actions.invite_to_portal(actor, client))
    if done.ok:
        messages.success(request, "Invitation sent, with the paperwork packet.")
        return _back(client)
    context = {
        "client": client,
        "form": reasons,
        "may_manage": access.may_manage_portal(actor.user, client),
    }
    return render(request, "paperwork/invite_refused.html", context, status=done.status)


@require_POST
@role_required(*STAFF)
def close_portal(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    return _button(
        request,
        client,
        "Portal access closed: sessions and tokens ended. The record itself is kept.",
        lambda: practice_actions.close_portal_access(actor, client),
    )


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
    result = submit(request, form, change)
    if result.ok:
        messages.success(request, done)
        return _back(client)
    context = {"client": client, "form": form, "title": title}
    return render(request, "paperwork/staff_form.html", context, status=result.status)


@role_required(*STAFF)
def guardian_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    return _form_page(
        request,
        client,
        GuardianForm(request.POST or None),
        title="Add a parent or guardian",
        done="Guardian added. Invite them to the portal when ready.",
        change=lambda data: practice_actions.add_guardian(actor, client, **data),
    )


@require_POST
@role_required(*STAFF)
def guardian_remove(request: HttpRequest, guardian_id: Any) -> HttpResponse:
    actor = page_actor(request)
    guardian = paperwork_access.guardian_for(actor, guardian_id)
    return _button(
        request,
        guardian.client,
        "Guardian access ended.",
        lambda: practice_actions.remove_guardian(actor, guardian),
    )


@require_POST
@role_required("clinician")
def sharing(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    form = SharingForm(request.POST, minor=client.is_minor)
    form.is_valid()  # checkboxes: always valid
    data = form.cleaned_data
    return _button(
        request,
        client,
        "Sharing saved.",
        lambda: practice_actions.set_sharing(
            actor,
            client,
            guardians_see_answers=data.get("guardians_see_answers", False),
            client_sees_plan=data["client_sees_plan"],
        ),
    )


@role_required(*STAFF)
def release_new(request: HttpRequest, client_id: Any) -> HttpResponse:
    actor = page_actor(request)
    client = access.client_for(actor, client_id)
    return _form_page(
        request,
        client,
        ReleaseForm(request.POST or None),
        title="New release of information",
        done="Release sent to sign in the portal.",
        change=lambda data: actions.create_release(actor, client, **data),
    )


@role_required(*STAFF)
def document_pdf(request: HttpRequest, document_id: Any) -> HttpResponse:
    actor = page_actor(request)
    return signed_pdf(actor, paperwork_access.document_for(actor, document_id))


@require_POST
@role_required(*STAFF)
def revoke(request: HttpRequest, document_id: Any) -> HttpResponse:
    actor = page_actor(request)
    doc = paperwork_access.document_for(actor, document_id)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _button(
        request,
        doc.client,
        f"Recorded as withdrawn: {doc.title}.",
        lambda: actions.revoke_document(actor, doc, reason=reason or "Told the practice"),
    )


@role_required(*STAFF)
def review(request: HttpRequest, form_id: Any) -> HttpResponse:
    actor = page_actor(request)
    intake = paperwork_access.form_to_review(actor, form_id)
    client = intake.client
    if request.method == "POST":
        done = run_with_message(request, lambda: actions.review_intake_form(actor, intake))
        if done.ok:
            messages.success(request, f"Marked as reviewed: {intake.get_kind_display()}.")
            return _back(client)
    answers = actions.answers_of(intake)
    context = {
        "client": client,
        "intake": intake,
        "rows": _rows(intake, answers),
        "assessments": actions.baseline_of(intake),
    }
    return render(request, "paperwork/review.html", context)


def _rows(intake: IntakeForm, answers: dict[str, Any]) -> list[tuple[str, Any]]:
    """The answers with the questions' own labels, in the form's order."""
    if intake.kind == FormKind.BASELINE:
        return []
    form = FORMS[intake.kind]()
    labels = {name: str(field.label or name) for name, field in form.fields.items()}
    return [(labels.get(name, name), value) for name, value in answers.items() if name in labels]
