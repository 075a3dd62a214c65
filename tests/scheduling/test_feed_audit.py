"""Every read of a clinician's calendar feed is audited; the clinician replaces it on their page."""

from __future__ import annotations

import pytest
from django.test import override_settings

from confide.audit.models import AuditEvent
from confide.scheduling.models import CalendarFeed
from tests.factories import next_weekday, sign_in

from .test_calendars_and_reminders import booked, feed_url

pytestmark = pytest.mark.django_db
PAGE = "/staff/schedule/calendar-link/"


@override_settings(CONFIDE_TRUSTED_PROXIES=1)
def test_each_read_of_the_feed_is_audited_with_whose_appointments_it_showed(client, world):
    first = booked(world, next_weekday(1, 10))
    from confide.practice.models import Assignment

    Assignment.objects.create(client=world.dave, clinician=world.alice_clinician)
    second = booked(world, next_weekday(2, 10), client=world.dave)
    url = feed_url(client, world)
    client.logout()
    for _ in range(3):
        response = client.get(url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.23")
        assert response.status_code == 200
    reads = AuditEvent.objects.filter(action="read", via="calendar")
    feed_reads = reads.filter(object_type="calendarfeed")
    assert feed_reads.count() == 3
    event = feed_reads.first()
    assert (event.actor_id, event.actor_username, event.ip) == (
        world.alice.pk,
        "alice",
        "198.51.100.23",
    )
    assert event.detail == "Calendar feed read: 2 appointment(s)"
    shown = reads.filter(object_type="appointment")
    assert shown.count() == 6
    assert set(shown.values_list("client_id", flat=True)) == {world.carol.pk, world.dave.pk}
    assert set(shown.values_list("object_id", flat=True)) == {str(first.pk), str(second.pk)}
    feed = CalendarFeed.objects.get(revoked_at__isnull=True)
    assert (feed.reads, feed.last_used_ip) == (3, "198.51.100.23")


def test_a_wrong_secret_reads_nothing_and_audits_nothing_as_the_clinician(client, world):
    feed_url(client, world)
    client.logout()
    before = AuditEvent.objects.count()
    assert client.get("/calendar/not-the-secret.ics").status_code == 404
    assert AuditEvent.objects.count() == before


def test_the_clinician_sees_the_reads_and_replaces_the_link_from_their_own_page(client, world):
    old = feed_url(client, world)
    client.logout()
    client.get(old, REMOTE_ADDR="203.0.113.77")
    sign_in(client, world.alice)
    page = client.get("/staff/").content.decode()
    assert f'href="{PAGE}"' in page  # on every staff page, for clinicians
    page = client.get(PAGE).content.decode()
    assert "read 1 time" in page and "203.0.113.77" in page and "Replace the link" in page
    response = client.post(PAGE, {"action": "create"})
    new = response.content.decode()
    assert "shown only once" in new and "has not been read yet" in new
    assert client.get(old).status_code == 404
    replaced = AuditEvent.objects.filter(action="update", object_type="clinician").latest("id")
    assert replaced.detail == "Calendar link replaced" and replaced.actor_username == "alice"


def test_other_roles_have_no_calendar_link_page(client, world):
    sign_in(client, world.intake)
    assert PAGE not in client.get("/staff/").content.decode()
    assert client.get(PAGE).status_code == 403
