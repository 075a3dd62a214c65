"""Every look at a client's record leaves a trace; the trace cannot be changed."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from confide.audit.models import AppendOnly, AuditEvent
from tests.factories import build_world, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def test_opening_a_record_is_audited_with_who_what_and_where(client, world):
    sign_in(client, world.alice)
    client.get(reverse("staff:client", args=[world.carol.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.filter(action="read", client_id=world.carol.pk).latest("at")
    assert (event.actor_username, event.actor_role, event.ip) == ("alice", "clinician", "10.1.2.3")
    assert event.object_type == "client"


def test_a_list_of_clients_audits_each_record_shown(client, world):
    sign_in(client, world.intake)
    client.get(reverse("staff:clients"))
    shown = set(
        AuditEvent.objects.filter(via="page", action="read").values_list("client_id", flat=True)
    )
    assert shown == {world.carol.pk, world.dave.pk}


def test_a_change_is_audited_by_field_name_without_the_values(client, world):
    sign_in(client, world.alice)
    url = reverse("staff:client_edit", args=[world.carol.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(phone="(203) 555-9999", date_of_birth="1990-03-04")
    response = client.post(url, data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update")
    assert event.detail == "Changed: phone"
    assert "9999" not in str(event.__dict__)


def test_a_bad_edit_names_the_field_and_keeps_what_was_typed(client, world):
    sign_in(client, world.alice)
    url = reverse("staff:client_edit", args=[world.carol.pk])
    response = client.post(url, {"first_name": "Caro", "last_name": "", "date_of_birth": "soon"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Last name: This field is required." in html
    assert "Date of birth: Enter a valid date." in html
    assert 'value="Caro"' in html


def test_audit_rows_cannot_be_changed_or_deleted_through_confide(world):
    event = AuditEvent.objects.create(action="read", actor_username="x")
    event.detail = "tampered"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.update(detail="x")


def test_the_database_itself_refuses_to_change_the_trail(world):
    AuditEvent.objects.create(action="read", actor_username="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET detail = 'tampered'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")


def test_the_admin_can_search_the_trail(client, world):
    sign_in(client, world.alice)
    client.get(reverse("staff:client", args=[world.carol.pk]))
    client.logout()
    sign_in(client, world.admin)
    page = client.get(reverse("staff:audit"), {"actor": "alice", "action": "read"})
    assert page.status_code == 200
    assert str(world.carol.pk) in page.content.decode()
    bad = client.get(reverse("staff:audit"), {"client": "not-a-uuid"})
    assert "Client id: Enter a valid UUID." in bad.content.decode()
