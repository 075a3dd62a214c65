"""An attended session (and, by policy, a no-show or a late cancellation) drafts a charge the
clinician reviews; a final charge is corrected only by an adjustment."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.billing import actions
from confide.billing.balances import client_balance
from confide.billing.models import Charge, ClinicianBilling, Level, PracticeBilling
from confide.scheduling.actions import cancel_appointment, set_outcome
from tests.factories import actor, book_ahead, held_session

pytestmark = pytest.mark.django_db


def test_an_attended_video_session_drafts_its_code_fee_modifier_and_place(world, fees):
    appt = held_session(world)
    charge = Charge.objects.get(appointment=appt)
    assert charge.status == "draft" and charge.code == "90834"
    assert charge.fee == Decimal("175.00")  # the schedule's default
    assert charge.modifiers == ["95"] and charge.place_of_service == "10"
    assert charge.date_of_service == appt.local_start.date()


def test_an_office_intake_is_90791_at_office_place_without_a_modifier(world, fees):
    appt = held_session(world, kind="intake_consultation", minutes=60, fmt="in_person")
    charge = Charge.objects.get(appointment=appt)
    assert (charge.code, charge.place_of_service, charge.modifiers) == ("90791", "11", [])


def test_a_sixty_minute_session_is_90837_and_the_level_fee_applies(world, fees):
    level = Level.objects.get(slug="doctoral")
    ClinicianBilling.objects.create(clinician=world.alice_clinician, level=level)
    charge = Charge.objects.get(appointment=held_session(world, minutes=60))
    assert charge.code == "90837" and charge.fee == Decimal("300.00")


def test_a_clinicians_own_fee_wins_over_their_level(world, fees):
    actions.set_fee(
        actor(world.admin), fees["90834"], amount="160.00", clinician=world.alice_clinician
    )
    charge = Charge.objects.get(appointment=held_session(world))
    assert charge.fee == Decimal("160.00")


def test_a_no_show_is_charged_only_when_the_policy_says_so(world, fees):
    assert not Charge.objects.filter(appointment=held_session(world, status="no_show")).exists()
    PracticeBilling.objects.filter(pk=1).update(no_show_fee=Decimal("100.00"))
    charge = Charge.objects.get(appointment=held_session(world, days_ago=3, status="no_show"))
    assert charge.reason == "no_show" and charge.fee == Decimal("100.00") and charge.code == ""


def _in_three_hours(appt):
    start = timezone.now() + timedelta(hours=3)
    type(appt).objects.filter(pk=appt.pk).update(start=start, end=start + timedelta(minutes=50))
    appt.refresh_from_db()
    return appt


def test_a_late_cancellation_by_the_client_is_charged_by_policy(world, fees):
    PracticeBilling.current()
    PracticeBilling.objects.filter(pk=1).update(late_cancel_fee=Decimal("90.00"))
    soon = _in_three_hours(book_ahead(world, days=1))
    cancel_appointment(actor(world.intake), soon, "Client travelling", "client")
    assert Charge.objects.get(appointment=soon).reason == "late_cancel"
    later = book_ahead(world, days=10)
    cancel_appointment(actor(world.intake), later, "Client travelling", "client")
    assert not Charge.objects.filter(appointment=later).exists()


def test_a_cancellation_by_the_clinician_is_never_charged(world, fees):
    PracticeBilling.current()
    PracticeBilling.objects.filter(pk=1).update(late_cancel_fee=Decimal("90.00"))
    appt = _in_three_hours(book_ahead(world, days=1))
    cancel_appointment(actor(world.alice), appt, "Clinician unwell", "clinician")
    assert not Charge.objects.filter(appointment=appt).exists()


def test_marking_twice_drafts_once_and_a_changed_outcome_replaces_the_draft(world, fees):
    appt = held_session(world)
    set_outcome(actor(world.alice), appt, "attended")
    assert Charge.objects.filter(appointment=appt).count() == 1
    set_outcome(actor(world.alice), appt, "no_show")
    assert list(Charge.objects.filter(appointment=appt).values_list("status", flat=True)) == [
        "void"
    ]


def test_the_clinician_revises_and_finalises_their_draft(world, fees):
    charge = Charge.objects.get(appointment=held_session(world))
    a = actor(world.alice)
    actions.revise_charge(a, charge, service=fees["90837"], modifiers="95 GT")
    charge.refresh_from_db()
    assert charge.code == "90837" and charge.modifiers == ["95", "GT"]
    actions.finalise_charge(a, charge)
    charge.refresh_from_db()
    assert charge.status == "final" and charge.finalised_by == world.alice
    assert client_balance(world.carol).balance == charge.fee


def test_another_clinician_cannot_review_the_charge(world, fees):
    charge = Charge.objects.get(appointment=held_session(world))
    with pytest.raises(PermissionDenied):
        actions.finalise_charge(actor(world.bob), charge)
    with pytest.raises(PermissionDenied):
        actions.finalise_charge(actor(world.intake), charge)


def test_a_final_charge_is_never_edited_but_adjusted(world, fees):
    charge = Charge.objects.get(appointment=held_session(world))
    actions.finalise_charge(actor(world.alice), charge)
    with pytest.raises(ValidationError) as exc:
        actions.revise_charge(actor(world.alice), charge, fee="100.00")
    assert "status" in exc.value.error_dict
    actions.adjust(
        actor(world.admin),
        world.carol,
        amount="-25.00",
        kind="courtesy",
        note="Sliding scale agreed",
        charge=charge,
    )
    assert client_balance(world.carol).balance == Decimal("150.00")
    with pytest.raises(ValidationError, match="below zero"):
        actions.adjust(
            actor(world.admin),
            world.carol,
            amount="-500",
            kind="courtesy",
            note="Too much",
            charge=charge,
        )
    with pytest.raises(PermissionDenied):
        actions.adjust(actor(world.intake), world.carol, amount="-5", kind="courtesy", note="x")


def test_a_session_whose_service_is_not_in_the_schedule_needs_one_before_it_is_final(world, fees):
    fees["90834"].delete() if not fees["90834"].charges.exists() else None
    charge = Charge.objects.get(appointment=held_session(world))
    assert charge.service is None and charge.fee == 0
    with pytest.raises(ValidationError) as exc:
        actions.finalise_charge(actor(world.alice), charge)
    assert "service" in exc.value.error_dict


def test_no_fee_schedule_means_billing_stays_out_of_the_diary(world):
    appt = held_session(world)
    assert not Charge.objects.filter(appointment=appt).exists()


def test_every_money_change_is_audited_without_clinical_content(world, fees):
    charge = Charge.objects.get(appointment=held_session(world))
    actions.finalise_charge(actor(world.alice), charge)
    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    rows = AuditEvent.objects.filter(object_type__in=["charge", "diagnosis"])
    assert {r.object_type for r in rows} == {"charge", "diagnosis"}
    for row in rows:
        assert "F32" not in row.detail and "depress" not in row.detail.lower()
