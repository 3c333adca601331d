"""Shared rate limiting for visitor posts (feedback, measurements, scoring) and admin logins.

Counters live in the cache (Redis in production, so all app servers share them),
never in the database. A client is identified by a keyed hash of its address,
so no IP address is stored anywhere. Fixed windows keep it to one `add` and one
`incr` per check. If the cache fails, requests are allowed: a broken cache must
not take the site down.

Usage in a view::

    from pianoo.ratelimit import check_rate, too_many_requests

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
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

MESSAGE = "U heeft te veel verzoeken gedaan. Wacht even en probeer het daarna opnieuw."


def client_ip(request: HttpRequest) -> str:
    """The client address; behind N trusted proxies (RATELIMIT_PROXY_COUNT) from X-Forwarded-For."""
    proxies = int(getattr(settings, "RATELIMIT_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", ""))


def client_key(request: HttpRequest, extra: str = "") -> str:
    """A keyed, non-reversible hash of the client (and `extra`, e.g. a username)."""
    material = f"{client_ip(request)}|{extra}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), material, hashlib.sha256).hexdigest()[:32]


def _window_key(scope: str, key: str, window: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // window)}"


def hit(scope: str, key: str, window: int) -> int:
    """Count one event for `key` in the current window; returns the count (0 if the cache fails)."""
    cache_key = _window_key(scope, key, window)
    try:
        if cache.add(cache_key, 1, window + 1):
            return 1
        return int(cache.incr(cache_key))
    except ValueError:  # expired between add and incr
        return 1
    except Exception:
        logger.warning("Rate-limit cache failed for scope %s; allowing.", scope, exc_info=True)
        return 0


def count(scope: str, key: str, window: int) -> int:
    """The number of events for `key` in the current window, without counting one."""
    try:
        return int(cache.get(_window_key(scope, key, window)) or 0)
    except Exception:
        logger.warning("Rate-limit cache failed for scope %s; allowing.", scope, exc_info=True)
        return 0


def reset(scope: str, key: str, window: int) -> None:
    try:
        cache.delete(_window_key(scope, key, window))
    except Exception:
        logger.warning("Rate-limit cache failed for scope %s.", scope, exc_info=True)


def enabled() -> bool:
    """RATELIMIT_ENABLED (default True); test settings turn it off, tests of limits turn it on."""
    return bool(getattr(settings, "RATELIMIT_ENABLED", True))


def check_rate(request: HttpRequest, scope: str, limit: int, window: int, extra: str = "") -> bool:
    """Count this request; True while the client made at most `limit` in `window` seconds."""
    if not enabled():
        return True
    return hit(scope, client_key(request, extra), window) <= limit


def wants_json(request: HttpRequest) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return request.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def too_many_requests(request: HttpRequest, retry_after: int = 60, message: str = MESSAGE) -> HttpResponse:
    """A Dutch 429: JSON in our API's error shape for API clients, a small HTML page otherwise."""
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse({"error": {"field": None, "message": message}}, status=429)
    else:
        response = HttpResponse(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            "<title>Te veel verzoeken</title></head><body><main>"
            f"<h1>Te veel verzoeken</h1><p>{escape(message)}</p>"
            '<p><a href="/">Naar de startpagina</a></p></main></body></html>',
            status=429,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(retry_after)
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
