"""Intake's queue and request pages: who may see them, the order, statuses and history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from confide.audit.models import AuditEvent
from confide.intake.models import ConsultationRequest, RequestEvent
from confide.pages.models import ExpertQuestion
from tests.factories import keep_screening, make_request, sign_in

pytestmark = pytest.mark.django_db
QUEUE = "/staff/intake/"


def age(cr, days):
    ConsultationRequest.objects.filter(pk=cr.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


@pytest.mark.parametrize("who", ["alice", "carol", "outsider"])
def test_only_intake_and_admin_see_the_queue_or_a_request(client, world, who):
    cr = make_request(first_name="Zebulon", details="private words")
    sign_in(client, world.people()[who])
    for url in (QUEUE, f"{QUEUE}{cr.pk}/", f"{QUEUE}{cr.pk}/accept/"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        body = response.content.decode()
        assert "Zebulon" not in body and "private words" not in body
    assert client.post(f"{QUEUE}{cr.pk}/status/", {"status": "contacted"}).status_code == 403
    assert ConsultationRequest.objects.get().status == "new"


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(client, world):
    response = client.get(QUEUE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["intake", "admin"])
def test_intake_sees_urgent_first_then_severity_then_waiting_time(client, world, who):
    calm_old = make_request(first_name="Oldest")
    age(calm_old, 5)
    calm_new = make_request(first_name="Newest")
    code, _ = keep_screening(phq9=(3, 3, 3, 3, 3, 3, 3, 3, 0))
    severe = make_request(first_name="Severe", code=code)
    age(severe, 1)
    urgent = make_request(first_name="Urgent", details="I feel suicidal at night")
    question = ExpertQuestion.objects.create(
        name="Quentin Asker", email="q@example.com", question="Do you see couples?"
    )
    ExpertQuestion.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - timedelta(days=9)
    )
    sign_in(client, world.people()[who])
    response = client.get(QUEUE)
    assert response.status_code == 200
    html = response.content.decode()
    # A question weighs like a request without a screening: below risk and severity, then
    # by waiting time (it has waited longest of the calm ones).
    expected = (urgent, severe, question, calm_old, calm_new)
    order = [html.index(f'data-id="{x.pk}"') for x in expected]
    assert order == sorted(order)
    assert "1 urgent request" in html
    assert '<strong class="risk">Urgent</strong>' in html


def test_the_queue_takes_the_same_number_of_queries_for_3_or_30_requests(
    client, world, django_assert_max_num_queries
):
    sign_in(client, world.intake)
    for _ in range(3):
        make_request()
    client.get(QUEUE)  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(QUEUE)
    for _ in range(27):
        make_request()
    code, _ = keep_screening()
    make_request(code=code)
    ExpertQuestion.objects.create(name="A", email="a@example.com", question="?")
    with CaptureQueriesContext(connection) as large:
        assert client.get(QUEUE).content.decode().count("data-id=") == 32
    assert len(large) == len(small)


def test_a_request_page_shows_the_screening_and_the_protocol_when_urgent(client, world):
    code, _ = keep_screening(phq9=(2, 2, 2, 2, 2, 2, 2, 2, 1))
    cr = make_request(code=code)
    sign_in(client, world.intake)
    html = client.get(f"{QUEUE}{cr.pk}/").content.decode()
    assert "Crisis protocol" in html
    assert "17 of 27" in html and "Safety question answered positively" in html
    assert AuditEvent.objects.filter(action="read", object_id=str(cr.pk)).exists()


def test_statuses_move_with_who_did_what_and_when(client, world):
    cr = make_request()
    sign_in(client, world.intake)
    url = f"{QUEUE}{cr.pk}/status/"
    response = client.post(url, {"status": "contacted", "note": "Left a voicemail"})
    assert response.status_code == 302
    client.post(url, {"status": "matched"})
    response = client.post(url, {"status": "closed"})
    assert response.status_code == 422
    assert "Choose why the request is closed." in response.content.decode()
    client.post(url, {"status": "closed", "close_reason": "referred"})
    cr.refresh_from_db()
    assert (cr.status, cr.close_reason) == ("closed", "referred")
    events = list(RequestEvent.objects.filter(request=cr).values_list("to_status", "actor_name"))
    assert events == [
        ("new", "the requester"),
        ("contacted", "intake"),
        ("matched", "intake"),
        ("closed", "intake"),
    ]
    html = client.get(f"{QUEUE}{cr.pk}/").content.decode()
    assert "Left a voicemail" in html and "(referred elsewhere)" in html
    assert AuditEvent.objects.filter(action="update", object_id=str(cr.pk)).count() == 3
    assert client.get(QUEUE).content.decode().count(f'data-id="{cr.pk}"') == 0
    assert f'data-id="{cr.pk}"' in client.get(QUEUE + "?show=closed").content.decode()


def test_a_move_that_makes_no_sense_is_refused_naming_the_status(client, world):
    cr = make_request()
    sign_in(client, world.intake)
    response = client.post(f"{QUEUE}{cr.pk}/status/", {"status": "booked"})
    assert response.status_code == 422
    assert ConsultationRequest.objects.get().status == "new"


def test_an_expert_question_is_marked_answered_and_leaves_the_queue(client, world):
    question = ExpertQuestion.objects.create(name="Q", email="q@example.com", question="?")
    sign_in(client, world.intake)
    response = client.post(f"{QUEUE}questions/{question.pk}/", {"status": "answered"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "answered" and question.handled_by == world.intake
    assert f'data-id="{question.pk}"' not in client.get(QUEUE).content.decode()


def test_a_clinician_cannot_mark_a_question(client, world):
    question = ExpertQuestion.objects.create(name="Q", email="q@example.com", question="?")
    sign_in(client, world.alice)
    response = client.post(f"{QUEUE}questions/{question.pk}/", {"status": "answered"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == "new"


def test_an_unknown_request_is_404(client, world):
    sign_in(client, world.intake)
    assert client.get(f"{QUEUE}00000000-0000-0000-0000-000000000000/").status_code == 404
