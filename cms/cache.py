"""Caching of assembled content, invalidated by a content version in the database.

Every save, delete, publish or unpublish of content bumps one counter row. Cache
keys include the counter, so the next request after any change misses the old
entries. The counter lives in the database, not the cache, so that invalidation
works across processes whatever the cache backend (locmem per process, or Redis).
A failing cache backend degrades to uncached rendering: the cache is wrapped in
pianoo.cache_backends.FailSafeCache, which turns failures into misses.

In front of the shared cache each process keeps the values it used, by the same
versioned key, so that a warm request doesn't unpickle the same assembly again.
A new content version means new keys, so this copy can't go stale either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import F

T = TypeVar("T")

logger = logging.getLogger(__name__)

CACHE_TIMEOUT = 60 * 60 * 24
LOCAL_MAX_ENTRIES = 512

_local: dict[str, object] = {}


def clear_local() -> None:
    """Forget this process's copies (tests roll content back under the same version)."""
    _local.clear()


def _remember(key: str, value: object) -> None:
    if len(_local) >= LOCAL_MAX_ENTRIES:
        _local.clear()
    _local[key] = value


def content_version() -> int:
    """The current content version: one raw query, as it runs on every cached hit."""
    from django.db import connection

    from cms.models import ContentVersion

    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE id = 1")  # noqa: S608 - table name from the model
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def bump_content_version(**kwargs: object) -> None:
    """Signal receiver: any content change makes every cached assembly stale."""
    from cms.models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def cached(key: str, compute: Callable[[], T], version: int | None = None) -> T:
    """`compute()` cached under `key` for the current content version.

    Pass `version` when one request makes several lookups, to read it once.
    """
    versioned = f"{key}:v{content_version() if version is None else version}"
    if versioned in _local:
        return _local[versioned]  # type: ignore[return-value]
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, CACHE_TIMEOUT)
    _remember(versioned, value)
    return value  # type: ignore[no-any-return]
