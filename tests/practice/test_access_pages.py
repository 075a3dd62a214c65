"""Every persona tries every client page and admin view: status, and no one else's data."""

import pytest
from django.urls import reverse

from confide.audit.models import AuditEvent
from tests.factories import build_world, sign_in

pytestmark = pytest.mark.django_db

DAVE_MARKERS = ("Thistlewood", "davidson@example.com", "555-0202")
CAROL_MARKERS = ("Quillfeather", "carolina@example.com", "555-0101")


@pytest.fixture
def world(db):
    return build_world()


def pages_for(client_obj):
    return {
        "detail": reverse("staff:client", args=[client_obj.pk]),
        "edit": reverse("staff:client_edit", args=[client_obj.pk]),
    }


@pytest.mark.parametrize("persona", ["alice"])
def test_a_clinician_sees_only_her_own_clients(client, world, persona):
    sign_in(client, world.alice)
    listing = client.get(reverse("staff:clients")).content.decode()
    assert "Quillfeather" in listing
    for marker in DAVE_MARKERS:
        assert marker not in listing
    for url in pages_for(world.dave).values():
        response = client.get(url)
        assert response.status_code == 404
        for marker in DAVE_MARKERS:
            assert marker not in response.content.decode()
    for url in pages_for(world.carol).values():
        assert client.get(url).status_code == 200


def test_a_clinician_cannot_change_another_clinicians_client(client, world):
    sign_in(client, world.bob)
    url = reverse("staff:client_edit", args=[world.carol.pk])
    response = client.post(url, {"first_name": "Hacked"})
    assert response.status_code == 404
    world.carol.refresh_from_db()
    assert world.carol.first_name == "Carolina"


def test_a_clinician_sees_her_clients_scores_but_intake_does_not(client, world):
    sign_in(client, world.alice)
    page = client.get(reverse("staff:client", args=[world.carol.pk])).content.decode()
    assert "PHQ9" in page
    client.logout()
    sign_in(client, world.intake)
    page = client.get(reverse("staff:client", args=[world.carol.pk])).content.decode()
    assert "carolina@example.com" in page  # intake sees contact details
    assert "PHQ9" not in page  # but not clinical content
    assert "visible only to the client" in page


def test_intake_and_admin_see_every_clients_contact_details(client, world):
    for user in (world.intake, world.admin):
        sign_in(client, user)
        listing = client.get(reverse("staff:clients")).content.decode()
        assert "Quillfeather" in listing and "Thistlewood" in listing
        client.logout()


def test_admin_reads_clinical_content_only_after_a_logged_break_glass(client, world):
    sign_in(client, world.admin)
    url = reverse("staff:client", args=[world.dave.pk])
    assert "PHQ9" not in client.get(url).content.decode()
    short = client.post(reverse("staff:break_glass", args=[world.dave.pk]), {"reason": "x"})
    assert short.status_code == 422
    assert "at least 10 characters" in short.content.decode()
    client.post(
        reverse("staff:break_glass", args=[world.dave.pk]),
        {"reason": "Client in crisis; his clinician is away today"},
    )
    assert "PHQ9" in client.get(url).content.decode()
    event = AuditEvent.objects.get(action="break_glass")
    assert event.actor_username == "admin"
    assert event.client_id == world.dave.pk
    assert "clinician is away" in event.detail


def test_only_admins_or_intake_may_add_clients(client, world):
    sign_in(client, world.alice)
    assert client.get(reverse("staff:client_new")).status_code == 403


@pytest.mark.parametrize("persona", ["carol", "outsider"])
def test_clients_and_outsiders_cannot_open_staff_pages(client, world, persona):
    sign_in(client, world.people()[persona])
    for url in [reverse("staff:clients"), *pages_for(world.dave).values()]:
        response = client.get(url)
        assert response.status_code in (403, 404)
        for marker in DAVE_MARKERS:
            assert marker not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse("staff:client", args=[world.carol.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_only_the_admin_sees_the_audit_trail(client, world):
    for user in (world.alice, world.intake):
        sign_in(client, user)
        assert client.get(reverse("staff:audit")).status_code == 403
        client.logout()


@pytest.mark.parametrize("persona", ["alice", "bob", "intake", "carol", "outsider"])
def test_the_django_admin_is_closed_to_everyone_but_the_admin(client, world, persona):
    sign_in(client, world.people()[persona])
    response = client.get(reverse("admin:practice_client_change", args=[world.dave.pk]))
    assert response.status_code in (302, 403, 404)
    for marker in DAVE_MARKERS:
        assert marker not in response.content.decode()


def test_the_admin_reads_a_client_in_the_django_admin_and_it_is_audited(client, world):
    sign_in(client, world.admin)
    response = client.get(reverse("admin:practice_client_change", args=[world.dave.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="read", client_id=world.dave.pk, via="admin").exists()
