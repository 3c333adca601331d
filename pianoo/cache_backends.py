"""The one place where cache failures are handled: a wrapper with a circuit breaker.

Every cache in every environment goes through `FailSafeCache` (pianoo/settings/base.py),
so no other code catches cache errors: a failing operation is logged and returns
what a miss would (None, False, 0). Wagtail and Django use the cache too (site root
paths, for instance), so wrapping the backend is what keeps pages up.

A hung Redis (SIGSTOP, a full network) is worse than a dead one: every call waits
for its socket timeout. So besides short timeouts (settings), the wrapper keeps a
breaker per cache location, shared by the threads of a process: after
`FAILURES_TO_OPEN` consecutive failures it opens and every call returns the miss at
once, without touching the backend, for `OPEN_SECONDS`; then one call is let
through as a probe, and success closes the breaker. Per process on purpose: it
describes this process's view of the cache, and costs no shared state.
`cache_is_healthy()` tells /health/ (which reports "degraded") and the rate limits
(which fall back to the database) that the cache is out.

    CACHES = {"default": {"BACKEND": "pianoo.cache_backends.FailSafeCache",
                          "LOCATION": "redis://...",
                          "OPTIONS": {"BACKEND": "django_redis.cache.RedisCache", ...}}}

Everything in OPTIONS except BACKEND is passed to the wrapped backend as its OPTIONS.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

FAILURES_TO_OPEN = 2
OPEN_SECONDS = 10.0


class Breaker:
    """Consecutive failures of one cache location, and until when to skip it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failures = 0
        self.open_until = 0.0
        self.probing = False

    def allow(self) -> bool:
        """Whether a call may go to the backend now (closed, or the one probe after a pause)."""
        if self.failures < FAILURES_TO_OPEN:
            return True
        with self.lock:
            if time.monotonic() < self.open_until or self.probing:
                return False
            self.probing = True
            return True

    def succeeded(self) -> None:
        if self.failures:
            with self.lock:
                if self.failures >= FAILURES_TO_OPEN:
                    logger.warning("Cache is back; using it again.")
                self.failures, self.probing = 0, False

    def failed(self) -> None:
        with self.lock:
            self.failures += 1
            self.probing = False
            if self.failures >= FAILURES_TO_OPEN:
                self.open_until = time.monotonic() + OPEN_SECONDS

    @property
    def is_open(self) -> bool:
        return self.failures >= FAILURES_TO_OPEN


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str) -> Breaker:
    with _breakers_lock:
        return _breakers.setdefault(location, Breaker())


def cache_is_healthy() -> bool:
    """False while any cache's breaker is open (or its last call failed)."""
    return not any(breaker.failures for breaker in list(_breakers.values()))


def reset_breakers() -> None:
    """Forget every failure (tests)."""
    with _breakers_lock:
        _breakers.clear()


class FailSafeCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        backend = import_string(options.pop("BACKEND"))
        inner_params = {k: v for k, v in params.items() if k not in ("OPTIONS", "BACKEND")}
        inner_params["OPTIONS"] = options
        super().__init__(inner_params)
        self._inner: BaseCache = backend(location, inner_params)
        self._breaker = breaker_for(f"{backend.__module__}.{backend.__qualname__}|{location}")

    def _safe(self, operation: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        if not self._breaker.allow():
            return default
        try:
            result = getattr(self._inner, operation)(*args, **kwargs)
        except ValueError:
            if operation in ("incr", "decr"):
                raise  # a missing key, as Django's API says: not a cache failure
            self._breaker.failed()
            return default
        except Exception as error:  # noqa: BLE001 - any backend failure is a miss
            self._breaker.failed()
            logger.warning("Cache %s failed (%s); continuing without the cache.", operation, error)
            return default
        self._breaker.succeeded()
        return result

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._safe("get", default, key, default, version=version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._safe("add", False, key, value, timeout, version=version))

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> Any:
        return self._safe("set", False, key, value, timeout, version=version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._safe("touch", False, key, timeout, version=version))

    def delete(self, key: Any, version: int | None = None) -> bool:
        return bool(self._safe("delete", False, key, version=version))

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return bool(self._safe("has_key", False, key, version=version))

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return dict(self._safe("get_many", {}, keys, version=version))

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return list(self._safe("set_many", list(data), data, timeout, version=version))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._safe("delete_many", None, keys, version=version)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._safe("incr", 0, key, delta, version=version))

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return int(self._safe("decr", 0, key, delta, version=version))

    def clear(self) -> None:
        self._safe("clear", None)

    def close(self, **kwargs: Any) -> None:
        # Django closes caches after every request; closing talks to no server, so it
        # says nothing about the cache's health and must not count as the breaker's probe.
        try:
            self._inner.close(**kwargs)
        except Exception as error:  # noqa: BLE001 - closing a broken connection may fail too
            logger.warning("Cache close failed (%s).", error)
