"""The money pages: who sees what, the CSV exports audited, and query counts that do not grow
with the rows on the page."""

import pytest
from django.test import Client as HttpClient

from confide.audit.models import Action, AuditEvent
from confide.billing import actions
from confide.billing.models import Charge
from tests.factories import actor, held_session, sign_in

pytestmark = pytest.mark.django_db


def as_(user):
    return sign_in(HttpClient(), user)


def bill(world, n):
    for i in range(n):
        charge = Charge.objects.get(appointment=held_session(world, days_ago=1 + i))
        actions.finalise_charge(actor(world.alice), charge)
    return actions.create_invoice(actor(world.intake), world.carol, send=False)


def test_the_client_page_shows_the_billing_panel_and_diagnoses_only_to_clinicians(world, fees):
    actions.add_diagnosis(actor(world.alice), world.carol, "F32.1")
    url = f"/staff/clients/{world.carol.pk}/"
    alice = as_(world.alice).get(url).content.decode()
    assert "Billing for Carolina" in alice and "F32.1" in alice
    intake = as_(world.intake).get(url).content.decode()
    assert "Billing for Carolina" in intake and "F32.1" not in intake
    billing = as_(world.intake).get(f"/staff/billing/clients/{world.carol.pk}/").content.decode()
    assert "F32.1" not in billing and "Major depressive" not in billing
    assert as_(world.bob).get(f"/staff/billing/clients/{world.carol.pk}/").status_code == 404


def test_a_bad_diagnosis_on_the_page_is_a_422_naming_the_field(world, fees):
    r = as_(world.alice).post(
        f"/staff/billing/clients/{world.carol.pk}/diagnoses/",
        {"code": "F32", "diagnosed_on": "2026-01-05"},
    )
    assert r.status_code == 422 and "not billable" in r.content.decode()


def test_reports_are_for_admins_and_each_csv_export_is_audited(world, fees):
    bill(world, 2)
    assert as_(world.intake).get("/staff/billing/reports/").status_code == 403
    admin = as_(world.admin)
    assert admin.get("/staff/billing/reports/").status_code == 200
    for kind in (
        "production-month",
        "production-clinician",
        "production-service",
        "payments",
        "balances",
    ):
        r = admin.get(f"/staff/billing/reports/{kind}.csv")
        assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    assert AuditEvent.objects.filter(action=Action.EXPORT, object_type="report").count() == 5
    rows = admin.get("/staff/billing/reports/production-service.csv").content.decode().splitlines()
    assert rows[0] == "service,label,units,charged,collected" and rows[1].startswith("90834,")


def test_a_clinician_sees_their_own_production_only(world, fees):
    bill(world, 1)
    alice = as_(world.alice)
    assert "$175.00" in alice.get("/staff/billing/production/").content.decode()
    assert "$175.00" not in as_(world.bob).get("/staff/billing/production/").content.decode()
    assert alice.get("/staff/billing/reports/balances.csv").status_code == 403


def test_the_fee_schedule_is_edited_by_an_admin_only(world, fees):
    new = {"code": "90785", "name": "Interactive complexity", "minutes": 5, "fee": "20"}
    assert as_(world.intake).post("/staff/billing/services/", new).status_code == 403
    r = as_(world.admin).post("/staff/billing/services/", {**new, "fee": "20.001"})
    assert r.status_code == 422 and "fractions of a cent" in r.content.decode()
    assert as_(world.admin).post("/staff/billing/services/", new).status_code == 302


def test_the_desk_and_the_account_do_not_query_more_for_more_rows(world, fees):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = as_(world.admin)
    urls = [f"/staff/billing/clients/{world.carol.pk}/", "/staff/billing/", "/portal/"]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            for url in urls[:2]:
                assert admin.get(url).status_code == 200
        return len(ctx)

    bill(world, 1)
    before = count()
    for i in range(6):
        charge = Charge.objects.get(appointment=held_session(world, days_ago=20 + i))
        actions.finalise_charge(actor(world.alice), charge)
    invoice = actions.create_invoice(actor(world.intake), world.carol, send=False)
    actions.record_payment(actor(world.intake), invoice, amount="100", method="cash", send=False)
    actions.record_payment(actor(world.intake), invoice, amount="100", method="check", send=False)
    assert count() <= before


def test_the_portal_shows_the_clients_own_invoices_and_superbill(world, fees):
    invoice = bill(world, 1)
    carol = as_(world.carol_user)
    page = carol.get("/portal/").content.decode()
    assert f"Invoice {invoice.number}" in page and "Pay $175.00 by card" in page
    r = carol.get(f"/portal/billing/invoices/{invoice.pk}/pdf/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    from confide.accounts.models import User

    other = User.objects.create_user("erin", role="client")
    assert as_(other).get(f"/portal/billing/invoices/{invoice.pk}/pdf/").status_code == 404
