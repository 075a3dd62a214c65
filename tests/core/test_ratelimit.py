"""Rate limits on public forms (django-ratelimit on the shared cache)."""

from datetime import UTC
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from confide.core.ratelimit import rate_limited, retry_after

pytestmark = pytest.mark.django_db
rf = RequestFactory()


@pytest.fixture
def clock(monkeypatch):
    """django-ratelimit's windows follow time.time(); move it without sleeping."""
    now = [1_000_020.0]
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now[0]))
    return now


def post(ip="192.0.2.1", **meta):
    return rf.post("/", REMOTE_ADDR=ip, **meta)


def allowed(request, scope="k", limit=3, window=60):
    return retry_after(request, scope, limit, window) is None


def test_allows_up_to_the_limit_then_says_how_long_to_wait(clock):
    assert [allowed(post()) for _ in range(5)] == [True, True, True, False, False]
    wait = retry_after(post(), "k", 3, 60)
    assert 1 <= wait <= 60


def test_each_address_and_each_scope_has_its_own_budget(clock):
    assert allowed(post("192.0.2.1"), limit=1)
    assert not allowed(post("192.0.2.1"), limit=1)
    assert allowed(post("192.0.2.2"), limit=1)
    assert allowed(post("192.0.2.1"), scope="other", limit=1)


def test_one_ipv6_network_is_one_client(clock):
    assert allowed(post("2001:db8:1:2::1"), limit=1)
    assert not allowed(post("2001:db8:1:2::ffff"), limit=1)
    assert allowed(post("2001:db8:1:3::1"), limit=1)


def test_a_new_window_starts_afresh(clock):
    assert allowed(post(), limit=1)
    assert not allowed(post(), limit=1)
    clock[0] += 60
    assert allowed(post(), limit=1)


def test_a_counter_keeps_its_window_however_often_it_is_counted(clock):
    """Django's own database cache would give each increment a fresh 5-minute timeout."""
    for _ in range(4):
        retry_after(post(), "k", 3, 3600)
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM confide_cache")
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite hands back text
        expires = parse_datetime(expires)
    if timezone.is_naive(expires):
        expires = expires.replace(tzinfo=UTC)
    assert (expires - timezone.now()).total_seconds() > 3000


def test_a_zero_limit_refuses_and_a_bad_window_is_an_error(clock):
    assert not allowed(post(), limit=0)
    with pytest.raises(ValueError):
        retry_after(post(), "k", 1, 0)


def test_addresses_are_not_stored_in_the_clear(clock):
    retry_after(post("203.0.113.9"), "ask", 5, 60)
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM confide_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys and all("203.0.113.9" not in k for k in keys)


def test_a_cache_that_is_down_lets_the_request_through(clock, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "add", down)
    assert allowed(post(), limit=0)
    assert "not counted" in caplog.text


def test_the_decorator_limits_posts_per_address_with_a_429(clock):
    @rate_limited("demo", 2, 60)
    def view(request):
        return HttpResponse("ok")

    assert view(rf.get("/")).status_code == 200
    codes = [view(post("192.0.2.1")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert view(post("192.0.2.2")).status_code == 200
    # GETs are not counted by default.
    assert all(view(rf.get("/", REMOTE_ADDR="192.0.2.1")).status_code == 200 for _ in range(5))


def test_the_429_falls_back_to_plain_text_without_its_template(clock):
    @rate_limited("demo", 0, 60, template_name="no/such/template.html")
    def view(request):
        return HttpResponse("ok")

    response = view(post())
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert 1 <= int(response["Retry-After"]) <= 60
