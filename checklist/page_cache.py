"""A saved measurement's whole page, rendered once per state and then served from the cache.

A measurement's page (`/checklist/meting/<token>/`) shows the measurement, its series
(the comparison with the previous measurement, the plan, the ambitions, the kind it
counts as), the content (statements, tips) and the national picture. It changes only
when one of those does, so the rendered page is kept under a key of exactly those
states, each read from the database on every request:

- the measurement's id and its series' `version`, a counter bumped by every change to
  what a measurement of the series shows (`series_changed`: the series' measurements,
  ambitions, plan and national-picture participation; wired in checklist/signals.py and
  called by the stores for their bulk writes);
- the content version (cms.ContentVersion, bumped on every publish);
- the national version (`NationalVersion`, bumped by national_store.refresh_group
  whenever a published group changes what it shows);
- the scheme and host (the page names its absolute links) and the chosen kind (?soort=).

No private token is stored, neither in a key nor in a cached page: before a page is
kept, the measurement's token and its series' manage and read tokens are replaced by
markers, and a hit puts the tokens of the measurement at hand back. A hit is reached
only through that measurement's own token, so nobody with a lesser link (the read
link) ever gets a page made for the manage link.

A hit costs one raw query for the two versions, one for the measurement and a cache
get; nothing is rendered. In front of the shared cache each process keeps recent pages
(a bounded LRU), as pianoo/response_cache.py does: its keys carry every version, so a
copy cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import F

from cms.cache import CACHE_TIMEOUT
from cms.models import ContentVersion
from pianoo.response_cache import LocalEntries, collapse_whitespace

from .models import Measurement, MeasurementSeries, NationalVersion
from .national import KINDS

KEY_PREFIX = "checklist-measurement-page"
# The private tokens' places in a stored page: the measurement's, the manage link's, the read link's.
MARKERS = ("__measurement_token__", "__manage_token__", "__read_token__")
LOCAL_MAX_BYTES = 32 * 1024 * 1024
_KIND_QUERIES = {"": "", **{f"soort={code}": code for code, _ in KINDS}}

_local = LocalEntries(LOCAL_MAX_BYTES)


def clear_local() -> None:
    """Forget this process's copies (tests roll the database back under the same versions)."""
    _local.clear()


def series_changed(series_id: int) -> None:
    """Something a measurement of the series shows changed: its cached pages are stale."""
    MeasurementSeries.objects.filter(pk=series_id).update(version=F("version") + 1)


def national_changed() -> None:
    """A published national group changed what it shows: every cached measurement page is stale."""
    if not NationalVersion.objects.filter(pk=1).update(version=F("version") + 1):
        NationalVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def versions() -> tuple[int, int]:
    """The content version and the national version, in one raw query (it runs on every hit)."""
    content = connection.ops.quote_name(ContentVersion._meta.db_table)
    national = connection.ops.quote_name(NationalVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT version FROM {content} WHERE id = 1), "  # noqa: S608 - table names from the models
            f"(SELECT version FROM {national} WHERE id = 1)"
        )
        row = cursor.fetchone()
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)


@dataclass(frozen=True)
class Found:
    """What a hit needs of a measurement and its series, read in one query."""

    measurement_id: int
    series_id: int
    series_version: int
    last_opened_at: datetime
    tokens: tuple[str, str, str]  # the measurement's, the series' manage and read tokens


def lookup(token: str) -> Found | None:
    """The measurement with this (already validated) token, without its scores and statements."""
    row = (
        Measurement.objects.filter(token=token)
        .values_list(
            "pk",
            "series_id",
            "series__version",
            "series__last_opened_at",
            "token",
            "series__manage_token",
            "series__read_token",
        )
        .first()
    )
    if row is None:
        return None
    pk, series_id, version, opened, own, manage, read = row
    return Found(pk, series_id, version, opened, (own, manage, read))


def cached_kind(query_string: str) -> str | None:
    """The kind chosen by a cacheable query string ("" for none), or None if it is not cacheable.

    Only no parameters or exactly `soort=<a known kind>`; anything else (other parameters
    the kind form keeps, an unknown kind with its error) is rendered afresh.
    """
    return _KIND_QUERIES.get(query_string)


def page_key(found: Found, content: int, national: int, origin: str, kind: str) -> str:
    """The key of one state of one measurement's page; it holds no token."""
    return (
        f"{KEY_PREFIX}:{origin}:{found.measurement_id}:s{found.series_version}:c{content}:n{national}:k{kind}"
    )


def _scrub(body: bytes, tokens: tuple[str, ...], markers: tuple[str, ...]) -> bytes:
    for token, marker in zip(tokens, markers, strict=True):
        if token:  # a link the page does not have (a round not yet a measurement)
            body = body.replace(token.encode("ascii"), marker.encode("ascii"))
    return body


def _restore(body: bytes, tokens: tuple[str, ...], markers: tuple[str, ...]) -> bytes:
    for token, marker in zip(tokens, markers, strict=True):
        body = body.replace(marker.encode("ascii"), token.encode("ascii"))
    return body


def get(key: str, tokens: tuple[str, ...], markers: tuple[str, ...] = MARKERS) -> bytes | None:
    """The cached page with the tokens of the measurement (or round) at hand, or None.

    `markers` names the places of `tokens`, one each; the default is a measurement's.
    """
    entry = _local.get(key)
    if entry is None:
        entry = cache.get(key)
        if entry is None:
            return None
        _local.put(key, entry)
    return _restore(entry["chunks"][0], tokens, markers)


def put(key: str, body: bytes, tokens: tuple[str, ...], markers: tuple[str, ...] = MARKERS) -> bytes:
    """Keep a freshly rendered page (its tokens replaced by markers); returns the body to send.

    The whitespace between tags is collapsed as in the response cache, for the first
    visitor too, so that every request gets the same page.
    """
    compact = collapse_whitespace(body.decode("utf-8")).encode("utf-8")
    entry = {"chunks": [_scrub(compact, tokens, markers)]}
    _local.put(key, entry)
    cache.set(key, entry, CACHE_TIMEOUT)
    return compact
