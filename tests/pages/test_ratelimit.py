"""The cache-based rate limiter in confide.core.ratelimit."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from confide.core import ratelimit
from confide.core.ratelimit import check_rate, rate_limited, seconds_until_reset


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(ratelimit, "_now", lambda: now[0])
    return now


def test_allows_up_to_the_limit_then_refuses(clock):
    assert [check_rate("k", 3, 60) for _ in range(5)] == [True, True, True, False, False]


def test_keys_are_counted_separately(clock):
    assert check_rate("a", 1, 60)
    assert not check_rate("a", 1, 60)
    assert check_rate("b", 1, 60)


def test_a_new_window_starts_afresh(clock):
    assert check_rate("k", 1, 60)
    assert not check_rate("k", 1, 60)
    clock[0] += 60
    assert check_rate("k", 1, 60)


def test_a_zero_limit_refuses_and_a_bad_window_is_an_error(clock):
    assert not check_rate("k", 0, 60)
    with pytest.raises(ValueError):
        check_rate("k", 1, 0)


def test_seconds_until_reset_counts_down_to_the_window_end(clock):
    clock[0] = 600.0 + 15
    assert seconds_until_reset(60) == 45


def test_addresses_are_not_stored_in_the_clear(clock):
    from django.core.cache import cache

    check_rate("ask:203.0.113.9", 5, 60)
    keys = list(cache._cache.keys())  # LocMemCache, the test cache
    assert keys and all("203.0.113.9" not in k for k in keys)


def test_the_decorator_limits_posts_per_address_with_a_429(clock, db):
    @rate_limited("demo", 2, 60)
    def view(request):
        return HttpResponse("ok")

    rf = RequestFactory()
    assert view(rf.get("/")).status_code == 200
    codes = [view(rf.post("/", REMOTE_ADDR="192.0.2.1")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert view(rf.post("/", REMOTE_ADDR="192.0.2.2")).status_code == 200
    # GETs are not counted by default.
    assert all(view(rf.get("/", REMOTE_ADDR="192.0.2.1")).status_code == 200 for _ in range(5))


def test_the_429_falls_back_to_plain_text_without_its_template(clock, db):
    @rate_limited("demo", 0, 60, template_name="no/such/template.html")
    def view(request):
        return HttpResponse("ok")

    response = view(RequestFactory().post("/"))
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/plain")
    assert response["Retry-After"] == str(seconds_until_reset(60))
