"""Good Faith Estimates: drafted at scheduling from the course, due by the rule, issued to the
client by e-mail, re-drafted when the plan changes, and watched for the $400 rule."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from confide.billing import actions, deadlines
from confide.billing.models import BillingAccount, Charge, Estimate
from tests.factories import actor, book_ahead, held_session

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_booking_a_self_pay_client_drafts_an_estimate_due_by_the_rule(world, fees):
    appt = book_ahead(world, days=21)
    est = Estimate.objects.get(client=world.carol)
    assert est.status == "draft" and est.reason == "scheduled" and est.required
    today = timezone.localdate()
    assert est.due_on == deadlines.deadline("scheduled", today, appt.local_start.date()).due_on
    assert est.due_on == deadlines.add_business_days(today, 3)
    lines = list(est.lines.values_list("code", "quantity", "amount"))
    assert lines == [("90791", 1, Decimal("250.00")), ("90834", 12, Decimal("2100.00"))]
    assert (est.total, est.low, est.high) == (
        Decimal("2350.00"),
        Decimal("2350.00"),
        Decimal("3050.00"),
    )
    book_ahead(world, days=28)
    assert Estimate.objects.filter(client=world.carol).count() == 1


def test_an_insurer_billed_client_gets_no_estimate(world, fees):
    BillingAccount.objects.create(client=world.carol, coverage="insurer_billed")
    book_ahead(world)
    assert not Estimate.objects.exists()


def test_an_accepted_formulation_sets_the_course_and_a_change_supersedes_the_issued_estimate(
    world, fees
):
    from confide.ipt.actions import accept_formulation
    from confide.ipt.models import Formulation

    book_ahead(world)
    est = actions.issue_estimate(actor(world.intake), Estimate.objects.get(), send=False)
    assert est.sessions == 12
    formulation = Formulation.objects.create(
        client=world.carol,
        areas=["role_dispute"],
        text="t",
        focus="f",
        sessions=16,
        weeks=16,
        course="standard",
    )
    accept_formulation(actor(world.alice), world.carol, formulation)
    est.refresh_from_db()
    new = Estimate.objects.get(status="draft")
    assert est.status == "superseded" and new.supersedes == est
    assert new.reason == "changed" and new.sessions == 16 and new.formulation_version == 1


def test_issuing_emails_the_client_the_pdf_with_the_dispute_notice(
    world, fees, django_capture_on_commit_callbacks
):
    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    est = actions.draft_estimate(actor(world.intake), world.carol)
    assert est.reason == "requested" and est.due_on == deadlines.add_business_days(
        timezone.localdate(), 3
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_estimate(actor(world.intake), est)
    message = mail.outbox[-1]
    assert message.to == ["carolina@example.com"]
    assert "Good Faith Estimate" in message.subject and "F32" not in message.subject + message.body
    text = pdf_text(message.attachments[0][1])
    assert "Good Faith Estimate" in text and "$400.00 more" in text and "F32.1" in text
    assert "90791" in text and "90834" in text and "120 calendar days" in text


def test_a_staff_copy_for_someone_who_may_not_read_diagnoses_says_they_are_withheld(world, fees):
    from confide.billing.pdfs import estimate_response

    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    est = actions.draft_estimate(actor(world.intake), world.carol)
    text = pdf_text(estimate_response(actor(world.intake), est).content)
    assert "F32.1" not in text and "withheld" in text
    assert "F32.1" in pdf_text(estimate_response(actor(world.alice), est).content)


def test_billed_charges_400_over_the_estimate_warn_the_admins_once(
    world, fees, django_capture_on_commit_callbacks
):
    world.admin.email = "admin@example.com"
    world.admin.save()
    from datetime import timedelta

    earlier = timezone.localdate() - timedelta(days=20)
    draft = actions.draft_estimate(actor(world.intake), world.carol, basis_on=earlier)
    est = actions.issue_estimate(actor(world.intake), draft, send=False)
    a = actor(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(16):  # 16 sessions of $175 = $2,800 > $2,350 + $400
            charge = Charge.objects.get(appointment=held_session(world, days_ago=1 + i))
            actions.finalise_charge(a, charge)
    est.refresh_from_db()
    assert est.exceeded_at is not None
    warnings = [m for m in mail.outbox if m.to == ["admin@example.com"]]
    assert len(warnings) == 1 and "exceeded" in warnings[0].subject
    assert world.carol.full_name not in warnings[0].subject + warnings[0].body
