"""Operational views: the health check for load balancers, and the Dutch 500 page."""

from __future__ import annotations

import logging
import sys

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from cms.errors import error_body
from pianoo.cache_backends import cache_is_healthy
from pianoo.database import database_status, is_unavailable, unavailable_response
from pianoo.ratelimit import wants_json
from pianoo.request_id import current_request_id

logger = logging.getLogger(__name__)

SERVER_ERROR_MESSAGE = "Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw."
BAD_REQUEST_MESSAGE = "De aanvraag kon niet worden verwerkt: ze is te groot of onjuist opgebouwd."


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """What a load balancer needs: the HTTP status (or `status`) says whether to send traffic here.

    503 and `"status": "error"` when the database can't be read or written (missing,
    read-only, replaced by something that isn't a database); 200 otherwise. A cache
    outage is 200 with `"status": "degraded"` and `"cache": "degraded"`: the site
    serves without the cache (pianoo/cache_backends.py). See docs/deployment.md.
    """
    database = database_status()
    cache_state = "ok"
    try:
        cache.set("health:probe", 1, 10)
        if cache.get("health:probe") != 1:
            raise RuntimeError("cache did not return what was stored")
    except Exception:
        logger.warning("Health check: cache unavailable.", exc_info=True)
        cache_state = "degraded"
    if not cache_is_healthy():
        cache_state = "degraded"
    status = "error" if database != "ok" else ("degraded" if cache_state != "ok" else "ok")
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state},
        status=503 if status == "error" else 200,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a Dutch page (or JSON under /api/) with the request id, and nothing else.

    It must not fail itself, so it renders without context processors or the
    database, and falls back to a fixed page if even that fails.
    """
    if is_unavailable(sys.exc_info()[1]):
        # Locked beyond the busy timeout, missing or unreadable: a Dutch 503 to retry.
        return unavailable_response(request)
    request_id = getattr(request, "id", None) or current_request_id()
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(None, SERVER_ERROR_MESSAGE, request_id=request_id),
            status=500,
        )
    try:
        body = loader.get_template("500.html").render({"request_id": request_id})
    except Exception:
        logger.exception("The 500 template could not be rendered.")
        body = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis</title>'
            f"</head><body><h1>Er ging iets mis</h1><p>{SERVER_ERROR_MESSAGE}</p>"
            f"<p>Foutcode: {request_id}</p></body></html>"
        )
    return HttpResponse(body, status=500, content_type="text/html; charset=utf-8")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400 (too large or malformed requests): Dutch JSON for API clients, else a Dutch page."""
    if wants_json(request):
        return JsonResponse(error_body(None, BAD_REQUEST_MESSAGE), status=400)
    try:
        body = loader.select_template(["400.html"]).render({"message": BAD_REQUEST_MESSAGE})
    except Exception:  # noqa: BLE001 - no template (yet): a fixed page
        body = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Ongeldige aanvraag</title>'
            f"</head><body><h1>Ongeldige aanvraag</h1><p>{BAD_REQUEST_MESSAGE}</p>"
            '<p><a href="/">Naar de startpagina</a></p></body></html>'
        )
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")
