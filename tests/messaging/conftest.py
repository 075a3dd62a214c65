import pytest

from confide.audit.actor import Actor, Via
from tests.factories import build_world

# The first bytes of real files of each kind (enough for content sniffing).
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 30


@pytest.fixture
def world(db):
    world = build_world()
    for user, email in (
        (world.alice, "alice@practice.example"),
        (world.bob, "bob@practice.example"),
        (world.carol_user, "carol.portal@example.com"),
    ):
        user.email = email
        user.save()
    return world


def actor(user):
    return Actor(user=user, via=Via.PAGE, ip="127.0.0.1")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the worker's delivery) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Each test's message files in a directory of its own."""
    root = tmp_path / "private"
    private = settings.STORAGES["private"]
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**private, "OPTIONS": {**private["OPTIONS"], "location": str(root)}},
    }
    settings.CONFIDE_PRIVATE_MEDIA_ROOT = str(root)
    return root
