"""Shared rate limiting for visitor posts (feedback, measurements, scoring) and admin logins.

A sliding window per client and scope: a client may make `limit` counted requests
in any `window` seconds. Counts live where every worker and server sees them:

- in the shared cache (Redis) when one is configured (RATELIMIT_STORE = "cache"),
  as two fixed-window counters weighted into a sliding estimate (three cache calls);
- in the database otherwise, and whenever the cache is down (its breaker is open,
  pianoo/cache_backends.py): one row per counted request, exact, and a client over
  its limit adds no rows, so the table stays small. A broken cache never turns the
  limits off.

Admin login failures always go to the database (`count_events`/`add_event`), so a
lock-out survives restarts and cache outages.

The client is REMOTE_ADDR. Only when REMOTE_ADDR is one of RATELIMIT_TRUSTED_PROXIES
is X-Forwarded-For read, RATELIMIT_PROXY_COUNT hops back (each hop in between must be
trusted too): a header nobody was told to trust is ignored, so forging it changes
nothing. The User-Agent plays no part: rotating it changes nothing either. Keys are
keyed hashes, so no address is stored.

Why hand-written and not django-ratelimit: that library counts only in the cache, in
fixed windows, and knows no trusted-proxy hops; here a cache outage must fall back to
exact database counts instead of failing open or raising, and the admin lock-out must
survive restarts, which it cannot give.

Usage in a view::

    if not check_rate(request, "feedback", limit=10, window=60):
        return too_many_requests(request)

or as a decorator on a function view or a class-based view method::

    @rate_limit("feedback", limit=10, window=60)
    def post(self, request): ...
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.html import escape

from cms.errors import error_body
from pianoo.cache_backends import cache_is_healthy
from pianoo.models import RateLimitHit

F = TypeVar("F", bound=Callable[..., Any])

MESSAGE = "U heeft te veel verzoeken gedaan. Wacht even en probeer het daarna opnieuw."
# Old rows of other clients are swept now and then, not on every request.
SWEEP_CHANCE = 0.01


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    for entry in getattr(settings, "RATELIMIT_TRUSTED_PROXIES", []):
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def client_ip(request: HttpRequest) -> str:
    """The client address: REMOTE_ADDR, or the one our trusted proxies put in X-Forwarded-For."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "RATELIMIT_PROXY_COUNT", 0))
    if proxies <= 0 or not _trusted(remote):
        return remote
    hops = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    if len(hops) < proxies:
        return remote
    # hops[-1] was added by the proxy next to us; the ones before it by proxies further out.
    if not all(_trusted(hop) for hop in hops[len(hops) - proxies + 1 :]):
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(request: HttpRequest, extra: str = "") -> str:
    """A keyed, non-reversible hash of the client (and `extra`, e.g. a username)."""
    material = f"{client_ip(request)}|{extra}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), material, hashlib.sha256).hexdigest()[:32]


def enabled() -> bool:
    """RATELIMIT_ENABLED (default True); test settings turn it off, tests of limits turn it on."""
    return bool(getattr(settings, "RATELIMIT_ENABLED", True))


# The database store ----------------------------------------------------------


def count_events(scope: str, key: str, window: int) -> int:
    """Events of `key` in the last `window` seconds (database)."""
    since = timezone.now() - timedelta(seconds=window)
    return RateLimitHit.objects.filter(scope=scope, key=key, at__gt=since).count()


def add_event(scope: str, key: str, window: int) -> None:
    """Count one event of `key` (database), and forget ones older than the window."""
    now = timezone.now()
    RateLimitHit.objects.create(scope=scope, key=key, at=now)
    old = RateLimitHit.objects.filter(at__lte=now - timedelta(seconds=window))
    if random.random() < SWEEP_CHANCE:  # noqa: S311 - not security: when to sweep
        old.filter(at__lte=now - timedelta(days=1)).delete()
    old.filter(scope=scope, key=key).delete()


def oldest_event_age(scope: str, key: str, window: int) -> float:
    """Seconds since the oldest event in the window (for Retry-After); 0 if none."""
    since = timezone.now() - timedelta(seconds=window)
    first = (
        RateLimitHit.objects.filter(scope=scope, key=key, at__gt=since)
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    return (timezone.now() - first).total_seconds() if first else 0.0


def clear_events(scope: str, key: str) -> None:
    RateLimitHit.objects.filter(scope=scope, key=key).delete()


def _database_allows(scope: str, key: str, limit: int, window: int) -> bool:
    if count_events(scope, key, window) >= limit:
        return False
    add_event(scope, key, window)
    return True


# The cache store ---------------------------------------------------------------


def _cache_allows(scope: str, key: str, limit: int, window: int) -> bool | None:
    """The sliding estimate from two fixed windows; None when the cache did not answer."""
    now = time.time()
    index = int(now // window)
    current, previous = f"ratelimit:{scope}:{key}:{index}", f"ratelimit:{scope}:{key}:{index - 1}"
    counts = cache.get_many([current, previous])
    if not cache_is_healthy():
        return None
    elapsed = (now % window) / window
    estimate = int(counts.get(previous, 0)) * (1 - elapsed) + int(counts.get(current, 0))
    if estimate >= limit:
        return False
    if not cache.add(current, 1, window * 2 + 1):
        try:
            cache.incr(current)
        except ValueError:  # expired between add and incr
            cache.add(current, 1, window * 2 + 1)
    return None if not cache_is_healthy() else True


def allows(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one event of `key` unless it is over `limit` in `window` seconds; whether allowed."""
    if getattr(settings, "RATELIMIT_STORE", "database") == "cache" and cache_is_healthy():
        allowed = _cache_allows(scope, key, limit, window)
        if allowed is not None:
            return allowed
    return _database_allows(scope, key, limit, window)


def check_rate(request: HttpRequest, scope: str, limit: int, window: int, extra: str = "") -> bool:
    """Count this request; True while the client made at most `limit` in `window` seconds."""
    if not enabled():
        return True
    return allows(scope, client_key(request, extra), limit, window)


def wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def too_many_requests(request: HttpRequest, retry_after: int = 60, message: str = MESSAGE) -> HttpResponse:
    """A Dutch 429: JSON in our API's error shape for API clients, a small HTML page otherwise."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(error_body(None, message), status=429)
    else:
        response = HttpResponse(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            "<title>Te veel verzoeken</title></head><body><main>"
            f"<h1>Te veel verzoeken</h1><p>{escape(message)}</p>"
            '<p><a href="/">Naar de startpagina</a></p></main></body></html>',
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(max(1, int(retry_after)))
    return response


def rate_limit(scope: str, limit: int, window: int) -> Callable[[F], F]:
    """Decorator for a function view or a view method: 429 once a client exceeds the limit."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            request = next(a for a in args if hasattr(a, "META"))
            if not check_rate(request, scope, limit, window):
                return too_many_requests(request, retry_after=window)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
