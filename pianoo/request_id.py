"""Request ids and the request log: every request gets an id, and one JSON log line.

`RequestIdMiddleware` takes a sane `X-Request-ID` from the load balancer, else a
uuid4, echoes it in the response and puts it on every log record of the request
(`RequestIdFilter`, configured in LOGGING); it writes one JSON line per request to
the `pianoo.request` logger.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from pianoo.redaction import redact_path

Handler = Callable[[HttpRequest], HttpResponse]

request_logger = logging.getLogger("pianoo.request")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every log record (a dash outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


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
