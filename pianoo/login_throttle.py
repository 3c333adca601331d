"""Admin login lock-out: after repeated failures, refuse logins for a while, with a Dutch message.

Counted: failed logins only (Django's `user_login_failed`), in the database
(pianoo/ratelimit.py's event table), so that every worker and server sees the same
count, a restart forgets nothing and a cache outage changes nothing. A sliding
window: LOGIN_FAILURES failures for one username from one client within
LOGIN_WINDOW seconds lock that pair out until the oldest of them is LOGIN_WINDOW
old; CLIENT_FAILURES failures from one client over any usernames lock the client
out the same way (guessing usernames). A successful login clears the pair's
failures. During a lock-out every attempt of that pair is refused before the
password is checked, the right one too: checking it would tell a guesser when a
guess is right, so there would be no lock-out at all. Another client (the real
editor, elsewhere) is not affected. The client is the address pianoo/ratelimit.py
derives, which trusts X-Forwarded-For only from configured proxies.

Why not django-axes: it stores every attempt's IP address, user agent and path in
the clear (personal data we don't need), resolves addresses through its own proxy
settings next to ours, and we already keep a shared, hashed event table for the
visitor limits; this is about forty lines on top of it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from pianoo import ratelimit

Handler = Callable[[HttpRequest], HttpResponse]

LOGIN_SCOPE = "admin-login"
CLIENT_SCOPE = "admin-login-client"
LOGIN_FAILURES = 5
CLIENT_FAILURES = 20
LOGIN_WINDOW = 15 * 60


def lockout_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    unit = "minuut" if minutes == 1 else "minuten"
    return (
        "Te veel mislukte inlogpogingen. Om uw account te beschermen kunt u vanaf dit adres "
        f"even niet inloggen. Probeer het over {minutes} {unit} opnieuw."
    )


def _username(value: object) -> str:
    return str(value or "").strip().lower()


def _keys(request: HttpRequest, username: str) -> tuple[str, str]:
    return ratelimit.client_key(request, "login|" + _username(username)), ratelimit.client_key(
        request, "login"
    )


def record_failure(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: object
) -> None:
    """user_login_failed receiver: count one failure for the pair and for the client."""
    if request is None or not ratelimit.enabled():
        return
    field = get_user_model().USERNAME_FIELD
    username = (credentials or {}).get(field) or (credentials or {}).get("username")
    pair, client = _keys(request, str(username or ""))
    ratelimit.add_event(LOGIN_SCOPE, pair, LOGIN_WINDOW)
    ratelimit.add_event(CLIENT_SCOPE, client, LOGIN_WINDOW)


def clear_failures(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    """user_logged_in receiver: a successful login clears the pair's failures."""
    if request is not None:
        pair, _ = _keys(request, str(getattr(user, get_user_model().USERNAME_FIELD, "")))
        ratelimit.clear_events(LOGIN_SCOPE, pair)


def connect_signals() -> None:
    """Count failed logins and clear the pair's count on success; called from PianooConfig.ready()."""
    user_login_failed.connect(record_failure, dispatch_uid="pianoo-admin-login-failed")
    user_logged_in.connect(clear_failures, dispatch_uid="pianoo-admin-login-succeeded")


def locked_for(request: HttpRequest, username: str) -> float:
    """Seconds until this client may try `username` again; 0 when it may now."""
    pair, client = _keys(request, username)
    waits = [0.0]
    for scope, key, limit in ((LOGIN_SCOPE, pair, LOGIN_FAILURES), (CLIENT_SCOPE, client, CLIENT_FAILURES)):
        if ratelimit.count_events(scope, key, LOGIN_WINDOW) >= limit:
            waits.append(LOGIN_WINDOW - ratelimit.oldest_event_age(scope, key, LOGIN_WINDOW))
    return max(waits)


class AdminLoginThrottleMiddleware:
    """Refuses admin login posts of a locked-out pair or client with a Dutch 429."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and ratelimit.enabled() and request.path == reverse("wagtailadmin_login"):
            field = get_user_model().USERNAME_FIELD
            username = request.POST.get(field, "") or request.POST.get("username", "")
            wait = locked_for(request, username)
            if wait > 0:
                return ratelimit.too_many_requests(
                    request, retry_after=math.ceil(wait), message=lockout_message(wait)
                )
        return self.get_response(request)
