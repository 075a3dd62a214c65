"""A virtual appointment's own video room: opened through Confide's link by its clinician and
its client only, around its time only, with a fresh short-lived token, named at random."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from confide.audit.models import Action, AuditEvent
from confide.scheduling.calendars import client_event
from confide.scheduling.models import Appointment, Format, Status
from confide.scheduling.tasks import reminder_text
from confide.telehealth import video
from confide.telehealth.actions import new_room_name
from tests.factories import build_world, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _appointment(world, *, starts_in=timedelta(minutes=5), **kw):
    start = timezone.now() + starts_in
    return Appointment.objects.create(
        clinician=world.alice_clinician,
        client=world.carol,
        start=start,
        end=start + timedelta(minutes=50),
        format=kw.pop("format", Format.VIRTUAL),
        **kw,
    )


def _claims(url: str) -> dict:
    token = parse_qs(urlparse(url).query)["jwt"][0]
    return jwt.decode(token, options={"verify_signature": False})


def test_the_client_is_sent_to_the_room_with_a_fresh_token(world):
    appt = _appointment(world)
    response = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")
    assert response.status_code == 302
    appt.refresh_from_db()
    assert appt.video_room and urlparse(response["Location"]).path.endswith(f"/{appt.video_room}/")
    claims = _claims(response["Location"])
    assert claims["room"] == appt.video_room
    assert claims["iss"] == "confide" and claims["aud"] == "jitsi" and claims["sub"] == "meet.jitsi"
    assert claims["context"]["user"] == {
        "id": str(world.carol_user.uuid),
        "name": "Carolina",
        "moderator": "false",
        "affiliation": "member",
    }
    now = timezone.now().timestamp()
    assert now < claims["exp"] <= now + 120


def test_the_room_name_holds_nothing_of_the_client_and_is_the_appointments_own(world, settings):
    settings.CONFIDE_VIDEO_OPENS_MINUTES = 8 * 24 * 60  # next week's room is open too, here
    first, second = _appointment(world), _appointment(world, starts_in=timedelta(days=7))
    carol = sign_in(Client(), world.carol_user)
    carol.get(f"/video/{first.pk}/")
    alice = sign_in(Client(), world.alice)
    alice_url = alice.get(f"/video/{first.pk}/")["Location"]
    first.refresh_from_db()
    assert _claims(alice_url)["room"] == first.video_room  # both in the same room
    assert _claims(alice_url)["context"]["user"]["moderator"] == "true"
    assert len(first.video_room) == 24 and first.video_room.isalnum()
    for part in ("carol", "quill", "alice", "ames"):
        assert part not in first.video_room.lower()
    carol.get(f"/video/{second.pk}/")
    second.refresh_from_db()
    assert second.video_room and second.video_room != first.video_room
    assert len({new_room_name() for _ in range(200)}) == 200


def test_the_local_stand_in_checks_the_token_as_the_video_service_would(world):
    appt = _appointment(world)
    carol = sign_in(Client(), world.carol_user)
    url = carol.get(f"/video/{appt.pk}/")["Location"]
    page = Client().get(url)
    assert page.status_code == 200 and "You are in room" in page.content.decode()
    appt.refresh_from_db()
    wrong_room = url.replace(appt.video_room, "another-room")
    assert Client().get(wrong_room).status_code == 403
    forged = jwt.encode(_claims(url), "not the secret of this practice, guessed", algorithm="HS256")
    assert Client().get(f"/video/local/{appt.video_room}/?jwt={forged}").status_code == 403


def test_an_expired_token_no_longer_opens_the_room(world, settings):
    appt = _appointment(world)
    url = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")["Location"]
    claims = _claims(url)
    claims["exp"] = int(timezone.now().timestamp()) - 1
    backend = video.backend()
    expired = jwt.encode(claims, backend.secret, algorithm="HS256")
    appt.refresh_from_db()
    assert Client().get(f"/video/local/{appt.video_room}/?jwt={expired}").status_code == 403


@pytest.mark.parametrize(
    ("starts_in", "words"),
    [(timedelta(hours=3), "not open yet"), (timedelta(hours=-3), "has closed")],
)
def test_outside_its_time_the_link_leads_nowhere(world, starts_in, words):
    appt = _appointment(world, starts_in=starts_in)
    response = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")
    assert response.status_code == 200 and words in response.content.decode()
    appt.refresh_from_db()
    assert appt.video_room == ""
    assert AuditEvent.objects.filter(object_id=str(appt.pk), detail__contains="not opened").exists()


def test_a_cancelled_session_has_no_room(world):
    appt = _appointment(world, status=Status.CANCELLED)
    response = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")
    assert "was cancelled" in response.content.decode()


def test_only_the_sessions_clinician_and_client_may_enter(world):
    appt = _appointment(world)
    dave_user = make_user("dave", "client")
    world.dave.user = dave_user
    world.dave.save()
    for user in (world.bob, world.intake, world.admin, dave_user, world.outsider):
        assert sign_in(Client(), user).get(f"/video/{appt.pk}/").status_code == 404
    assert Client().get(f"/video/{appt.pk}/").status_code == 302  # to the sign-in page
    in_person = _appointment(world, format=Format.IN_PERSON, starts_in=timedelta(days=2))
    assert sign_in(Client(), world.carol_user).get(f"/video/{in_person.pk}/").status_code == 404


def test_a_typed_link_is_still_used_within_the_window(world):
    appt = _appointment(world, video_link="https://doxy.me/dr-ames")
    response = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")
    assert response["Location"] == "https://doxy.me/dr-ames"


def test_without_a_video_service_or_a_typed_link_people_are_told_what_to_do(world, settings):
    settings.CONFIDE_VIDEO_BACKEND = ""
    appt = _appointment(world)
    page = sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/").content.decode()
    assert "not ready yet" in page and "(203) 555-0142" in page
    staff = sign_in(Client(), world.alice).get(f"/video/{appt.pk}/").content.decode()
    assert "Type one on the appointment" in staff


def test_every_entry_is_audited(world):
    appt = _appointment(world)
    sign_in(Client(), world.carol_user).get(f"/video/{appt.pk}/")
    event = AuditEvent.objects.get(action=Action.READ, detail="Video room opened")
    assert event.actor == world.carol_user and event.client_id == world.carol.pk


def test_the_jitsi_backend_builds_the_room_url_on_the_practices_server(world, settings):
    settings.CONFIDE_VIDEO_BACKEND = "confide.telehealth.video.JitsiBackend"
    settings.CONFIDE_VIDEO_URL = "https://video.greenwich.example"
    settings.CONFIDE_VIDEO_APP_SECRET = "s" * 40
    appt = _appointment(world)
    url = sign_in(Client(), world.alice).get(f"/video/{appt.pk}/")["Location"]
    appt.refresh_from_db()
    assert url.startswith(f"https://video.greenwich.example/{appt.video_room}?jwt=")
    token = parse_qs(urlparse(url).query)["jwt"][0]
    claims = jwt.decode(token, "s" * 40, algorithms=["HS256"], audience="jitsi", issuer="confide")
    assert claims["room"] == appt.video_room


def test_the_portal_the_staff_page_reminders_and_calendars_carry_confides_own_link(world):
    appt = _appointment(world, starts_in=timedelta(days=1), video_link="https://doxy.me/x")
    link = f"/video/{appt.pk}/"
    assert link in sign_in(Client(), world.carol_user).get("/portal/").content.decode()
    staff = sign_in(Client(), world.alice).get(f"/staff/schedule/appointments/{appt.pk}/")
    assert link in staff.content.decode()
    appt = Appointment.objects.with_people().get(pk=appt.pk)
    assert link in reminder_text(appt)[1] and "doxy" not in reminder_text(appt)[1]
    assert link in client_event(appt).decode().replace("\r\n ", "")


def test_a_production_start_refuses_a_stand_in_or_a_weak_secret(settings):
    from confide.telehealth.checks import check_video_service

    settings.DEBUG = False
    settings.CONFIDE_VIDEO_BACKEND = "confide.telehealth.video.LocalBackend"
    assert [e.id for e in check_video_service()] == ["confide.E020"]
    settings.CONFIDE_VIDEO_BACKEND = "confide.telehealth.video.JitsiBackend"
    settings.CONFIDE_VIDEO_URL = "http://video.example"
    settings.CONFIDE_VIDEO_APP_SECRET = "short"
    assert [e.id for e in check_video_service()] == ["confide.E021", "confide.E022"]
    settings.CONFIDE_VIDEO_URL = "https://video.example"
    settings.CONFIDE_VIDEO_APP_SECRET = "x" * 40
    assert check_video_service() == []
    call_command("check")
