"""The client's address comes from the trusted proxies, never from what a client writes.

The audit trail, the sign-in lockout and the rate limits all read it from one function.
"""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse

from confide.audit.models import AuditEvent
from confide.core.addresses import client_address
from confide.core.ratelimit import retry_after
from tests.accounts.test_lockout import LOCKOUT_TEXT
from tests.factories import build_world, sign_in, sign_in_with_password

rf = RequestFactory()
PROXY = "10.0.0.5"


def request(forwarded: str | None = None, peer: str = PROXY):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **meta)


def test_without_trusted_proxies_x_forwarded_for_is_ignored():
    assert client_address(request("198.51.100.7")) == PROXY
    assert client_address(request()) == PROXY


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # A client's own X-Forwarded-For comes first; the proxy appends what it saw.
        (1, "203.0.113.1, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        # A request that came round the proxies: the farthest address there is.
        (2, "", PROXY),
        (1, "[2001:db8::7]:4711", "2001:db8::7"),
        (1, "198.51.100.7:4711", "198.51.100.7"),
        (1, "2001:0db8:0000::0007", "2001:db8::7"),
        (1, "not-an-address", None),
    ],
)
def test_behind_trusted_proxies_the_outermost_one_names_the_client(proxies, forwarded, expected):
    with override_settings(CONFIDE_TRUSTED_PROXIES=proxies):
        assert client_address(request(forwarded)) == expected


@pytest.mark.django_db
def test_the_audit_trail_records_the_vouched_address_not_a_spoofed_one(client):
    world = build_world()
    sign_in(client, world.alice)
    url = reverse("staff:client", args=[world.carol.pk])
    client.get(url, REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.66")
    with override_settings(CONFIDE_TRUSTED_PROXIES=1):
        client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.66, 192.0.2.11")
    reads = AuditEvent.objects.filter(action="read", object_type="client").order_by("id")
    assert list(reads.values_list("ip", flat=True)) == ["192.0.2.10", "192.0.2.11"]


@pytest.mark.django_db
@override_settings(CONFIDE_TRUSTED_PROXIES=1)
def test_the_lockout_keeps_apart_two_people_behind_the_same_proxy(client):
    from tests.factories import make_user

    make_user("carol", "client")
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.2"}
    for _ in range(5):
        locked = sign_in_with_password(client, "carol", "wrong password!", **first)
    assert LOCKOUT_TEXT in locked.content.decode()
    assert sign_in_with_password(client, "carol", **second).status_code == 302


@pytest.mark.django_db
def test_a_forged_x_forwarded_for_does_not_escape_the_lockout(client):
    from tests.factories import make_user

    make_user("carol", "client")
    for n in range(5):
        sign_in_with_password(client, "carol", "wrong!", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    again = sign_in_with_password(client, "carol", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert again.status_code == 429


@pytest.mark.django_db
def test_rate_limits_count_the_vouched_address():
    def spends(**meta):
        return retry_after(rf.post("/", **meta), "form", 1, 60) is None

    # No trusted proxy: writing a new X-Forwarded-For does not buy a new budget.
    assert spends(REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert not spends(REMOTE_ADDR="192.0.2.20", HTTP_X_FORWARDED_FOR="203.0.113.2")
    with override_settings(CONFIDE_TRUSTED_PROXIES=1):
        # Behind the proxy each client has its own budget, whatever it prepends.
        assert spends(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert spends(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.2")
        assert not spends(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.9, 198.51.100.2")
