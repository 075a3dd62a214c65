"""Files in messages: their type read from their content, a size limit, encrypted in private
storage under random names, and handed out only to those who may see them, audited."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from confide.audit.models import Action, AuditEvent
from confide.ipt import crypto
from confide.messaging import actions, files
from confide.messaging.files import Upload
from confide.messaging.models import Attachment, Kind
from tests.factories import sign_in

from .conftest import EXE, JPEG, PDF, PNG, ZIP, actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"Thought record\nSituation: work meeting\n", "text/plain"),
        ("Café, naïve — résumé".encode(), "text/plain"),
    ],
)
def test_accepted_types_are_recognised_by_their_content(data, expected):
    assert files.sniff(data) == expected


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (EXE, "exe"),
        (ZIP, "zip"),
        (b"\x00\x01\x02\x03binary\xff\xfe", "could not be recognised"),
        (b"", "empty"),
    ],
)
def test_other_content_is_refused_whatever_its_name(data, words):
    with pytest.raises(ValidationError) as raised:
        files.sniff(data)
    assert words in str(raised.value.error_dict["file"])


def test_a_file_over_the_limit_is_refused(settings):
    settings.CONFIDE_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        files.sniff(PDF + b"0" * (1024 * 1024))


@given(st.binary(max_size=600))
def test_any_bytes_are_either_an_accepted_type_or_a_clear_refusal(data):
    try:
        assert files.sniff(data) in files.ALLOWED
    except ValidationError as exc:
        assert "file" in exc.error_dict


def test_the_name_sent_does_not_decide_the_type():
    stored = files.store(Upload(PNG, "worksheet.pdf"))
    assert stored.content_type == "image/png" and stored.filename == "worksheet.pdf.png"
    assert files.clean_filename("../../etc/passwd", "text/plain") == "passwd.txt"
    assert files.clean_filename("C:\\Users\\me\\diary.TXT", "text/plain") == "diary.TXT"


def _share(world, data=PDF, name="Thought record.pdf"):
    return actions.start_thread(
        actor(world.alice),
        world.carol,
        subject="This week's homework",
        body="",
        upload=Upload(data, name),
        kind=Kind.HOMEWORK,
        title="Thought record (CBT homework)",
    )


def test_a_shared_file_is_stored_encrypted_under_a_random_name(world, private_files):
    sent = _share(world)
    attachment = Attachment.objects.get()
    assert attachment.message == sent.message and attachment.kind == Kind.HOMEWORK
    assert attachment.size == len(PDF) and len(attachment.sha256) == 64
    path = private_files / attachment.blob
    raw = path.read_bytes()
    assert b"%PDF" not in raw and b"Catalog" not in raw
    assert "Thought" not in attachment.blob and "Carolina" not in attachment.blob
    assert (path.stat().st_mode & 0o077) == 0  # readable by Confide alone
    assert files.read(attachment.blob) == PDF


def test_the_storage_is_never_served_at_a_url(world):
    _share(world)
    blob = Attachment.objects.get().blob
    web = sign_in(Client(), world.carol_user)
    assert web.get(f"/media/private/{blob}").status_code == 404


def test_a_file_is_handed_out_only_to_those_who_see_its_thread_and_each_look_is_audited(world):
    _share(world)
    attachment = Attachment.objects.get()
    carol = sign_in(Client(), world.carol_user)
    response = carol.get(f"/portal/messages/files/{attachment.pk}/")
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"]
    download = carol.get(f"/portal/messages/files/{attachment.pk}/?download=1")
    assert download["Content-Disposition"].startswith("attachment")
    assert sign_in(Client(), world.alice).get(f"/staff/messages/files/{attachment.pk}/").content
    for user in (world.bob, world.intake, world.admin, world.outsider):
        web = sign_in(Client(), user)
        for prefix in ("/portal", "/staff"):
            found = web.get(f"{prefix}/messages/files/{attachment.pk}/")
            assert found.status_code in (403, 404) and found.content != PDF
    assert Client().get(f"/portal/messages/files/{attachment.pk}/").status_code in (302, 404)
    opened = AuditEvent.objects.filter(
        action=Action.READ, object_id=str(attachment.pk), detail="File opened"
    )
    assert opened.filter(actor=world.carol_user).count() == 2
    assert opened.filter(actor=world.alice).count() == 1


def test_text_files_are_served_as_text_never_as_a_page(world):
    _share(world, data=b"<script>alert(1)</script>", name="notes.html")
    attachment = Attachment.objects.get()
    assert attachment.filename == "notes.html.txt"
    response = sign_in(Client(), world.carol_user).get(f"/portal/messages/files/{attachment.pk}/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_refused_file_leaves_nothing_behind(world, private_files):
    with pytest.raises(ValidationError):
        _share(world, data=EXE, name="worksheet.pdf")
    assert not Attachment.objects.exists()
    assert not list(private_files.glob("*.bin"))


def test_a_file_stored_for_a_message_that_then_fails_is_removed(world, private_files, monkeypatch):
    from confide.messaging.models import Message

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Message.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _share(world)
    assert not list(private_files.glob("*.bin"))


def test_rotating_the_note_keys_re_encrypts_the_files(world, settings):
    from cryptography.fernet import Fernet

    old = Fernet.generate_key().decode()
    settings.CONFIDE_NOTE_KEYS = [old]
    _share(world)
    before = Attachment.objects.get().blob
    new = Fernet.generate_key().decode()
    settings.CONFIDE_NOTE_KEYS = [new, old]
    out = io.StringIO()
    call_command("rotate_note_keys", stdout=out)
    assert "1 stored file(s)" in out.getvalue()
    settings.CONFIDE_NOTE_KEYS = [new]
    after = Attachment.objects.get()
    assert after.blob != before
    assert files.read(after.blob) == PDF
    assert after.title == "Thought record (CBT homework)"
    assert not files.private_storage().exists(before)
    crypto.fernet.cache_clear()
