"""A cache backend wrapper that turns cache failures into cache misses.

Our code (cms/cache.py, pianoo/ratelimit.py) already tolerates a failing cache, but
Wagtail and Django use the cache too (site root paths, for instance), so a cache
outage would still break pages. Wrapping the real backend keeps the site up: every
failure is logged and treated as a miss, and /health/ reports the cache as down.

    CACHES = {"default": {"BACKEND": "pianoo.cache_backends.FailSafeCache",
                          "LOCATION": "redis://...",
                          "OPTIONS": {"BACKEND": "django_redis.cache.RedisCache", ...}}}

Everything in OPTIONS except BACKEND is passed to the wrapped backend as its OPTIONS.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class FailSafeCache(BaseCache):
    def __init__(self, location: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        backend = import_string(options.pop("BACKEND"))
        inner_params = {k: v for k, v in params.items() if k not in ("OPTIONS", "BACKEND")}
        inner_params["OPTIONS"] = options
        super().__init__(inner_params)
        self._inner: BaseCache = backend(location, inner_params)

    def _safe(self, operation: str, default: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return getattr(self._inner, operation)(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - any backend failure is a miss
            logger.warning("Cache %s failed (%s); continuing without the cache.", operation, error)
            return default

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
        self._safe("close", None, **kwargs)
