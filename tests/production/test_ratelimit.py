"""Rate limits: sliding windows, shared stores, and client addresses only from trusted proxies."""

from __future__ import annotations

import pytest

from pianoo import ratelimit
from pianoo.models import RateLimitHit


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLED = True
    return settings


def test_a_forged_x_forwarded_for_is_ignored_without_trusted_proxies(rf, settings):
    settings.RATELIMIT_PROXY_COUNT = 1
    settings.RATELIMIT_TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert ratelimit.client_ip(request) == "127.0.0.1"


def test_only_a_trusted_proxy_is_believed_and_only_its_own_hop(rf, settings):
    settings.RATELIMIT_PROXY_COUNT = 1
    settings.RATELIMIT_TRUSTED_PROXIES = ["10.0.0.5"]
    forged = "6.6.6.6, 198.51.100.4"
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forged)) == (
        "198.51.100.4"
    )
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR=forged)) == "10.0.0.6"
    # Garbage in the proxy's slot is not a client: the proxy's address is used.
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="x")) == "10.0.0.5"


def test_two_proxies_need_both_hops_trusted(rf, settings):
    settings.RATELIMIT_PROXY_COUNT = 2
    settings.RATELIMIT_TRUSTED_PROXIES = ["10.0.0.0/24"]
    good = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.2")
    assert ratelimit.client_ip(good) == "198.51.100.7"
    bad = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 6.6.6.6")
    assert ratelimit.client_ip(bad) == "10.0.0.1"


def test_the_user_agent_is_no_part_of_the_client(rf):
    first = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT="a")
    second = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT="b")
    assert ratelimit.client_key(first) == ratelimit.client_key(second)


@pytest.mark.django_db
def test_the_database_window_slides(limits_on, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    now = [timezone.now()]
    monkeypatch.setattr(ratelimit.timezone, "now", lambda: now[0])
    assert [ratelimit.allows("s", "k", 3, 60) for _ in range(3)] == [True] * 3
    now[0] += dt.timedelta(seconds=59)
    assert not ratelimit.allows("s", "k", 3, 60)  # no fresh window at a boundary
    now[0] += dt.timedelta(seconds=2)
    assert ratelimit.allows("s", "k", 3, 60)  # the first three have slid out
    assert RateLimitHit.objects.filter(scope="s", key="k").count() == 1  # old rows are gone


def test_the_cache_window_slides_across_a_boundary(limits_on, monkeypatch):
    limits_on.RATELIMIT_STORE = "cache"
    clock = [1_000_000 * 60 + 50.0]  # 10 s before a window boundary
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock[0])
    assert [ratelimit.allows("c", "k", 10, 60) for _ in range(10)] == [True] * 10
    clock[0] += 15  # just past the boundary: a fixed window would allow 10 more
    # The sliding estimate weighs the previous window by how much of it still overlaps.
    assert sum(ratelimit.allows("c", "k", 10, 60) for _ in range(10)) <= 1
    clock[0] += 120
    assert ratelimit.allows("c", "k", 10, 60)
