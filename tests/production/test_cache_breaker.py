"""FailSafeCache's breaker: after two failures the backend is left alone until a probe succeeds."""

from __future__ import annotations

import time

import pytest

from pianoo import cache_backends
from pianoo.cache_backends import FailSafeCache, cache_is_healthy


class CountingBackend:
    """A backend stand-in that counts calls and fails while `down`."""

    calls = 0
    down = True

    def __init__(self, location, params):
        pass

    def get(self, key, default=None, version=None):
        CountingBackend.calls += 1
        if CountingBackend.down:
            time.sleep(0.05)  # a hung server answers after its socket timeout
            raise ConnectionError("timeout")
        return "value"

    def close(self, **kwargs):
        pass


@pytest.fixture
def backend(monkeypatch):
    monkeypatch.setattr(cache_backends, "OPEN_SECONDS", 0.3)
    CountingBackend.calls, CountingBackend.down = 0, True
    cache = FailSafeCache("hung:6379", {"OPTIONS": {"BACKEND": f"{__name__}.CountingBackend"}})
    yield cache
    cache_backends.reset_breakers()


def test_after_two_failures_calls_return_at_once_without_the_backend(backend):
    assert backend.get("a") is None and backend.get("b") is None
    assert CountingBackend.calls == 2 and not cache_is_healthy()
    start = time.perf_counter()
    for _ in range(100):
        assert backend.get("c", "miss") == "miss"
    assert CountingBackend.calls == 2
    assert time.perf_counter() - start < 0.05


def test_one_probe_after_the_pause_and_success_closes_the_breaker(backend):
    backend.get("a"), backend.get("b")
    time.sleep(0.35)
    assert backend.get("c") is None  # the probe, still failing: open again
    assert CountingBackend.calls == 3
    assert backend.get("d") is None and CountingBackend.calls == 3
    CountingBackend.down = False
    time.sleep(0.35)
    assert backend.get("e") == "value" and cache_is_healthy()
    assert backend.get("f") == "value" and CountingBackend.calls == 5


def test_closing_after_a_request_is_not_taken_for_a_recovery(backend):
    backend.get("a"), backend.get("b")
    time.sleep(0.35)
    backend.close()  # Django does this at the end of every request
    assert not cache_is_healthy()
    assert backend.get("c") is None and CountingBackend.calls == 3  # the real probe still comes
