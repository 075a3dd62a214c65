"""The demo's conversation: a portal client and a shared worksheet, loaded once."""

import pytest

from confide.messaging import files
from confide.messaging.demo import load_demo
from confide.messaging.models import Attachment, Thread
from confide.practice.demo.people import load_people
from confide.practice.demo.places import load_places

pytestmark = pytest.mark.django_db


def test_the_demo_client_has_a_reply_with_a_worksheet_and_loads_once():
    load_places()
    load_people()
    assert load_demo() == 1
    assert load_demo() == 0
    thread = Thread.objects.get()
    assert thread.client.user.username == "client" and thread.messages.count() == 2
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert files.read(attachment.blob).startswith(b"%PDF")
