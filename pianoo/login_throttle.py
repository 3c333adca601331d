"""Admin login throttling: refuse login posts after repeated failures for one username.

Failures are counted per username and client in the cache (pianoo/ratelimit.py),
by receivers of Django's login signals that PianooConfig.ready() connects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from pianoo import ratelimit

Handler = Callable[[HttpRequest], HttpResponse]


LOGIN_SCOPE = "admin-login"
LOGIN_FAILURES = 5
LOGIN_WINDOW = 15 * 60
LOGIN_MESSAGE = (
    "Te veel mislukte inlogpogingen voor deze gebruiker. Wacht een kwartier en probeer het daarna opnieuw."
)


def _login_key(request: HttpRequest, username: str) -> str:
    return ratelimit.client_key(request, username.strip().lower())


def _username(credentials: dict[str, Any] | None) -> str:
    field = get_user_model().USERNAME_FIELD
    return str((credentials or {}).get(field) or (credentials or {}).get("username") or "")


def _record_failure(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: object
) -> None:
    if request is not None and ratelimit.enabled():
        ratelimit.hit(LOGIN_SCOPE, _login_key(request, _username(credentials)), LOGIN_WINDOW)


def _clear_failures(sender: object, request: HttpRequest | None, user: Any, **kwargs: object) -> None:
    if request is not None:
        username = str(getattr(user, get_user_model().USERNAME_FIELD, ""))
        ratelimit.reset(LOGIN_SCOPE, _login_key(request, username), LOGIN_WINDOW)


def connect_signals() -> None:
    """Count failed logins and clear the count on success; called from PianooConfig.ready()."""
    user_login_failed.connect(_record_failure, dispatch_uid="pianoo-admin-login-failed")
    user_logged_in.connect(_clear_failures, dispatch_uid="pianoo-admin-login-succeeded")


class AdminLoginThrottleMiddleware:
    """After LOGIN_FAILURES failed logins for a username from one client, refuse for a while."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and ratelimit.enabled() and request.path == reverse("wagtailadmin_login"):
            username = request.POST.get(get_user_model().USERNAME_FIELD, "") or request.POST.get(
                "username", ""
            )
            failures = ratelimit.count(LOGIN_SCOPE, _login_key(request, username), LOGIN_WINDOW)
            if failures >= LOGIN_FAILURES:
                return ratelimit.too_many_requests(request, retry_after=LOGIN_WINDOW, message=LOGIN_MESSAGE)
        return self.get_response(request)
