"""Cross-cutting request handling: request ids and logs, security headers, admin login throttling.

- `RequestIdMiddleware` gives every request an id (a sane `X-Request-ID` from the
  load balancer, else a uuid4), echoes it in the response and puts it on every log
  record of the request; it writes one JSON line per request to `cms.request`.
- `ContentSecurityPolicyMiddleware` sets a strict CSP on the public site. The
  Wagtail admin (and its previews) relies on inline scripts and styles, so paths
  under `CSP_EXEMPT_PATHS` get none; they are for logged-in editors only.
- `AdminLoginThrottleMiddleware` refuses admin login posts after repeated failures
  for one username from one client (counted in the cache, see pianoo/ratelimit.py).
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from pianoo import ratelimit

Handler = Callable[[HttpRequest], HttpResponse]

request_logger = logging.getLogger("cms.request")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (a dash outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


# Private links (saved checklist measurements and series) carry a secret token in
# the path; it must not end up in logs.
_PRIVATE_PATH = re.compile(r"/(meting|reeks)/[^/]+")


def redact_path(path: str) -> str:
    """The path with private tokens replaced, fit for logs and stored feedback."""
    return _PRIVATE_PATH.sub(r"/\1/[token]", path)


class ConsoleFormatter(logging.Formatter):
    """What the console log shows: no private tokens, and tracebacks only for real faults.

    Django logs every 4xx at WARNING (with the exception's traceback for a bad body)
    and hostile requests under `django.security` at ERROR, also with a traceback, though
    each was answered with a 400; only a 500 deserves a stack trace. Django's own lines
    name the raw path, which can hold a private measurement token. Formats a copy, so
    other handlers still get the whole record.
    """

    def format(self, record: logging.LogRecord) -> str:
        quiet = record.levelno < logging.ERROR or record.name.startswith("django.security")
        message = record.getMessage()
        redacted = redact_path(message)
        if not quiet and redacted == message:
            return super().format(record)
        copy = logging.makeLogRecord(record.__dict__)
        copy.msg, copy.args = redacted, ()
        if quiet:
            copy.exc_info, copy.exc_text, copy.stack_info = None, None, None
        return super().format(copy)


class RequestIdMiddleware:
    """Request id in, out and in the logs; one structured log line per request.

    The log line holds no client address and no query string (answers, scores and
    search terms may say something about a visitor): method, path, status, ms, id.
    """

    QUIET_PATHS = ("/health/",)

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path not in self.QUIET_PATHS:
                request_logger.info(
                    json.dumps(
                        {
                            "method": request.method,
                            "path": redact_path(request.path)[:300],
                            "status": response.status_code,
                            "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                            "request_id": request_id,
                        },
                        ensure_ascii=False,
                    )
                )
            return response
        finally:
            _request_id.reset(token)


class ContentSecurityPolicyMiddleware:
    """Sets `Content-Security-Policy` from settings.CONTENT_SECURITY_POLICY, outside the admin."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.policy: str = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.exempt: tuple[str, ...] = tuple(getattr(settings, "CSP_EXEMPT_PATHS", ("/admin/",)))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            self.policy
            and "Content-Security-Policy" not in response
            and not request.path.startswith(self.exempt)
            # Django's technical error pages (DEBUG only) are styled inline.
            and not (settings.DEBUG and response.status_code >= 400)
        ):
            response["Content-Security-Policy"] = self.policy
        return response


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


user_login_failed.connect(_record_failure, dispatch_uid="cms-admin-login-failed")
user_logged_in.connect(_clear_failures, dispatch_uid="cms-admin-login-succeeded")


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
