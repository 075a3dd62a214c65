"""The Money routes of API.md, with the one error shape, tried by the right and wrong personas."""

import io

import pytest
from django.test import Client as HttpClient
from pypdf import PdfReader

from confide.accounts.tokens import issue_token
from confide.billing import actions
from confide.billing.models import Charge
from tests.factories import actor, held_session

pytestmark = pytest.mark.django_db


def api(user):
    token, _ = issue_token(user)
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_fee_schedule_lists_codes_and_decimal_string_fees(world, fees):
    body = api(world.intake).get("/api/v1/services").json()
    by_code = {s["code"]: s for s in body}
    assert {"90791", "90834", "90837"} <= by_code.keys()
    assert by_code["90834"]["fee"] == "175.00"
    assert {"level": "doctoral", "clinician": None, "amount": "250.00"} in by_code["90834"]["fees"]


def test_only_an_admin_adds_a_service_and_a_float_fee_is_a_422_naming_fee(world, fees):
    new = {"code": "90785", "name": "Interactive complexity", "minutes": 1, "fee": "20.00"}
    assert (
        api(world.intake).post("/api/v1/services", new, content_type="application/json").status_code
        == 403
    )
    r = api(world.admin).post(
        "/api/v1/services", {**new, "fee": 20.0}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "fee"
    r = api(world.admin).post("/api/v1/services", new, content_type="application/json")
    assert r.status_code == 201 and r.json()["fee"] == "20.00"
    r = api(world.admin).post(
        "/api/v1/services", {**new, "code": "9078"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "code"


def test_diagnoses_f32_is_refused_and_f32_1_accepted(world):
    url = f"/api/v1/clients/{world.carol.pk}/diagnoses"
    r = api(world.alice).post(url, {"code": "F32"}, content_type="application/json")
    assert r.status_code == 422
    assert (
        r.json()["errors"][0]["field"] == "code"
        and "not billable" in r.json()["errors"][0]["message"]
    )
    r = api(world.alice).post(
        url, {"code": "F32.1", "primary": True}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["code"] == "F32.1" and r.json()["primary"]
    assert [d["code"] for d in api(world.alice).get(url).json()] == ["F32.1"]


def test_diagnoses_are_refused_to_the_wrong_personas_without_leaking_them(world):
    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    url = f"/api/v1/clients/{world.carol.pk}/diagnoses"
    for who, status in ((world.bob, 404), (world.intake, 403), (world.admin, 403)):
        r = api(who).get(url)
        assert r.status_code == status and "F32" not in r.content.decode()
    r = api(world.intake).post(url, {"code": "F41.1"}, content_type="application/json")
    assert r.status_code == 403
    assert api(world.carol_user).get(url).status_code == 403  # the API is for staff


def test_charges_invoices_and_payments_round_trip_in_decimal_strings(world, fees):
    charge = Charge.objects.get(appointment=held_session(world))
    alice = api(world.alice)
    r = alice.post(f"/api/v1/charges/{charge.pk}/finalise")
    assert r.status_code == 200 and r.json()["status"] == "final" and r.json()["amount"] == "175.00"
    assert api(world.bob).get(f"/api/v1/clients/{world.carol.pk}/charges").status_code == 404
    r = api(world.intake).post(
        "/api/v1/invoices",
        {"client": str(world.carol.pk), "send": False},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["balance"] == "175.00"
    invoice = r.json()
    pay = f"/api/v1/invoices/{invoice['id']}/payments"
    r = api(world.intake).post(
        pay, {"amount": 175, "method": "cash"}, content_type="application/json"
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "amount"
    r = api(world.intake).post(
        pay, {"amount": "200.00", "method": "cash"}, content_type="application/json"
    )
    assert r.status_code == 422 and "more than is owed" in r.json()["errors"][0]["message"]
    r = api(world.intake).post(
        pay, {"amount": "175.00", "method": "check"}, content_type="application/json"
    )
    assert r.status_code == 201 and r.json()["amount"] == "175.00"
    listed = api(world.intake).get("/api/v1/invoices", {"client": str(world.carol.pk)}).json()
    assert listed[0]["status"] == "paid" and listed[0]["paid"] == "175.00"
    assert api(world.bob).get("/api/v1/invoices").json() == []
    refund = api(world.admin).post(
        f"/api/v1/payments/{r.json()['id']}/refunds",
        {"amount": "25.00", "note": "Goodwill"},
        content_type="application/json",
    )
    assert refund.status_code == 201 and refund.json()["amount"] == "25.00"
    balance = api(world.intake).get(f"/api/v1/clients/{world.carol.pk}/balance").json()
    assert balance == {
        "charges": "175.00",
        "payments": "175.00",
        "refunds": "25.00",
        "adjustments": "0.00",
        "balance": "25.00",
    }


def test_the_superbill_pdf_names_codes_modifiers_places_and_diagnoses(world, fees):
    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    actions.add_diagnosis(actor(world.alice), world.carol, "Z63.0")
    charge = Charge.objects.get(appointment=held_session(world))
    actions.finalise_charge(actor(world.alice), charge)
    day = charge.date_of_service
    r = api(world.alice).get(
        f"/api/v1/clients/{world.carol.pk}/superbill", {"from": str(day), "to": str(day)}
    )
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for expected in (
        "90834",
        "95",
        "F32.1",
        "Z63.0",
        "Carolina Quillfeather",
        "Alice Ames",
        "$175.00",
    ):
        assert expected in text
    bad = api(world.alice).get(
        f"/api/v1/clients/{world.carol.pk}/superbill", {"from": str(day), "to": "2001-01-01"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "to"
    assert (
        api(world.bob)
        .get(f"/api/v1/clients/{world.carol.pk}/superbill", {"from": str(day), "to": str(day)})
        .status_code
        == 404
    )


def test_good_faith_estimates_have_a_pdf_link_and_a_due_time(world, fees):
    url = f"/api/v1/clients/{world.carol.pk}/good-faith-estimates"
    r = api(world.intake).post(url, {"issue": True}, content_type="application/json")
    assert r.status_code == 201
    est = r.json()
    assert (
        est["status"] == "issued" and est["total"] == "2350.00" and est["due_at"].endswith("-05:00")
    )
    assert [line["code"] for line in est["lines"]] == ["90791", "90834"]
    pdf = api(world.intake).get(est["pdf"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [e["id"] for e in api(world.alice).get(url).json()] == [est["id"]]
    assert api(world.bob).get(url).status_code == 404
    assert api(world.bob).get(est["pdf"]).status_code == 404
