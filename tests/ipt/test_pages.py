"""The IPT pages: from the inventory to an accepted formulation, a plan and signed notes."""

from datetime import date

import pytest

from confide.audit.models import AuditEvent
from confide.ipt.models import Adjunct, Formulation, Goal, LifeEvent, Note, Person
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def url(world, path=""):
    return f"/staff/ipt/{world.carol.pk}/{path}"


PERSON = {
    "name": "Marco",
    "relationship": "partner",
    "ring": "inner",
    "contact": "daily",
    "conflict": "often",
    "conflict_resolved": "no",
    "reciprocal": "no",
    "knows_feelings": "partly",
    "satisfying": "Kind when calm",
}


def test_a_clinician_goes_from_inventory_to_notes(client, world):
    sign_in(client, world.alice)
    r = client.post(url(world, "people/new/"), PERSON)
    assert r.status_code == 302, r.content.decode()[:2000]
    client.post(url(world, "events/new/"), {"kind": "onset", "on": "2026-03-01"})
    client.post(
        url(world, "events/new/"),
        {"kind": "loss", "on": "2026-01-10", "description": "Father died"},
    )
    page = client.get(url(world)).content.decode()
    assert "<svg" in page and "Closeness circle" in page and "Marco" in page
    assert "Timeline of life events" in page and "Father died" in page
    assert "Grief" in page and "Interpersonal role dispute" in page

    r = client.post(
        url(world, "formulation/"),
        {
            "areas": ["grief", "role_dispute"],
            "dispute_stage": "impasse",
            "text": "The depression began after her father's death.",
            "focus": "Mourning",
            "course": "standard",
            "sessions": "14",
            "weeks": "16",
        },
    )
    assert r.status_code == 302
    r = client.post(url(world, "formulation/accept/"), {"accepted_on": "2026-03-10"})
    assert r.status_code == 302
    formulation = Formulation.objects.get(client=world.carol)
    assert formulation.accepted_on == date(2026, 3, 10) and formulation.accepted_by == world.alice

    plan = client.get(url(world, "plan/")).content.decode()
    assert "IPT alone" in plan and "14 sessions by phase" in plan
    client.post(url(world, "plan/"), {"form": "settings", "indicators": ["cognitive_distortions"]})
    plan = client.get(url(world, "plan/")).content.decode()
    assert "Cognitive-Behavioral Therapy" in plan
    r = client.post(
        url(world, "plan/adjuncts/cbt/"),
        {
            "cbt-modality": "cbt",
            "cbt-decision": "accepted",
            "cbt-reason": "Self-critical thoughts about the relationship",
        },
    )
    assert r.status_code == 302
    adjunct = Adjunct.objects.get(plan__client=world.carol)
    assert (adjunct.modality, adjunct.decision, adjunct.suggested) == ("cbt", "accepted", True)
    client.post(url(world, "plan/goals/"), {"seed": "1"})
    assert Goal.objects.filter(plan__client=world.carol).count() == 5

    r = client.post(
        url(world, "notes/new/"),
        {"session": "5", "held_on": "2026-03-20", "body": "Reviewed the funeral."},
    )
    note = Note.objects.get(client=world.carol)
    assert r.status_code == 302 and note.phase == "middle"
    assert any("Reconstruct the relationship" in a for a in note.agenda)
    client.post(url(world, f"notes/{note.pk}/sign/"))
    r = client.post(
        url(world, f"notes/{note.pk}/"),
        {"session": "5", "held_on": "2026-03-20", "body": "rewritten"},
    )
    assert "rewritten" not in r.content.decode()
    note.refresh_from_db()
    assert note.body == "Reviewed the funeral." and note.locked
    client.post(url(world, f"notes/{note.pk}/addendum/"), {"body": "Corrected date."})
    page = client.get(url(world, f"notes/{note.pk}/")).content.decode()
    assert "Corrected date." in page and "Reviewed the funeral." in page
    assert AuditEvent.objects.filter(object_type="note", action="read").exists()


def test_a_changed_contract_is_a_new_version(client, world):
    sign_in(client, world.alice)
    body = {
        "areas": ["role_transition"],
        "text": "After the move.",
        "focus": "The move",
        "course": "standard",
        "sessions": "12",
        "weeks": "14",
    }
    client.post(url(world, "formulation/"), body)
    client.post(url(world, "formulation/accept/"), {"accepted_on": "2026-03-10"})
    client.post(url(world, "formulation/"), {**body, "focus": "The new job"})
    versions = list(Formulation.objects.filter(client=world.carol).order_by("version"))
    assert [(v.version, v.focus, v.locked) for v in versions] == [
        (1, "The move", True),
        (2, "The new job", False),
    ]
    assert "Versions" in client.get(url(world, "formulation/")).content.decode()


def test_bad_input_names_the_fields_and_keeps_what_was_typed(client, world):
    sign_in(client, world.alice)
    r = client.post(url(world, "people/new/"), {**PERSON, "ring": "far", "name": ""})
    page = r.content.decode()
    assert r.status_code == 422
    assert "Closeness:" in page and "Name or label:" in page and "Kind when calm" in page
    r = client.post(
        url(world, "formulation/"),
        {
            "areas": ["role_dispute"],
            "text": "x",
            "focus": "y",
            "course": "standard",
            "sessions": "20",
            "weeks": "4",
        },
    )
    page = r.content.decode()
    assert r.status_code == 422
    assert "Number of sessions:" in page and "Time frame (weeks):" in page
    r = client.post(url(world, "events/new/"), {"kind": "loss", "on": "2999-01-01"})
    assert r.status_code == 422 and "cannot be in the future" in r.content.decode()
    assert not Person.objects.exists() and not LifeEvent.objects.exists()


@pytest.mark.parametrize(
    "who,status", [("bob", 404), ("intake", 403), ("admin", 403), ("carol_user", 403)]
)
def test_the_wrong_persona_sees_nothing(client, world, carol_inventory, who, status):
    sign_in(client, getattr(world, who))
    for path in ("", "formulation/", "plan/", "notes/new/", f"people/{Person.objects.first().pk}/"):
        r = client.get(url(world, path))
        assert r.status_code in (status, 302) if who == "carol_user" else r.status_code == status
        assert b"Marco" not in r.content and b"Father died" not in r.content
    r = client.post(url(world, "people/new/"), PERSON)
    assert r.status_code in (302, 403, 404) and Person.objects.count() == 2


def test_the_staff_client_page_shows_the_panel_only_to_clinicians(client, world, carol_inventory):
    sign_in(client, world.alice)
    page = client.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "2 people" in page and f"/staff/ipt/{world.carol.pk}/" in page
    client.logout()
    sign_in(client, world.intake)
    page = client.get(f"/staff/clients/{world.carol.pk}/").content.decode()
    assert "visible only to the client's clinicians" in page
    assert f"/staff/ipt/{world.carol.pk}/" not in page


def test_workspace_queries_do_not_grow_with_the_inventory(
    client, world, django_assert_max_num_queries
):
    sign_in(client, world.alice)
    client.get(url(world))
    for i in range(2):
        Person.objects.create(client=world.carol, name=f"P{i}", relationship="friend", ring="outer")
    with django_assert_max_num_queries(40) as small:
        client.get(url(world))
    for i in range(20):
        Person.objects.create(client=world.carol, name=f"Q{i}", relationship="friend", ring="outer")
        LifeEvent.objects.create(client=world.carol, kind="move", on=date(2025, 1, 1 + i))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(world))
