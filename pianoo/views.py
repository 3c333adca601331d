"""Operational views: the health check for load balancers, and the Dutch 500 page."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache

from pianoo.request_id import current_request_id

logger = logging.getLogger(__name__)

SERVER_ERROR_MESSAGE = "Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw."
BAD_REQUEST_MESSAGE = "De aanvraag kon niet worden verwerkt: ze is te groot of onjuist opgebouwd."


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache answer, 503 otherwise; one query."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: database unavailable.")
        checks["database"] = "error"
    try:
        cache.set("health:probe", 1, 10)
        if cache.get("health:probe") != 1:
            raise RuntimeError("cache did not return what was stored")
    except Exception:
        logger.exception("Health check: cache unavailable.")
        checks["cache"] = "error"
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", **checks}, status=200 if ok else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a Dutch page (or JSON under /api/) with the request id, and nothing else.

    It must not fail itself, so it renders without context processors or the
    database, and falls back to a fixed page if even that fails.
    """
    request_id = getattr(request, "id", None) or current_request_id()
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"field": None, "message": SERVER_ERROR_MESSAGE, "request_id": request_id}},
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
    """handler400 (too large or malformed requests): Dutch JSON under /api/, else a Dutch page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"field": None, "message": BAD_REQUEST_MESSAGE}}, status=400)
    try:
        body = loader.select_template(["400.html"]).render({"message": BAD_REQUEST_MESSAGE})
    except Exception:  # noqa: BLE001 - no template (yet): a fixed page
        body = (
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Ongeldige aanvraag</title>'
            f"</head><body><h1>Ongeldige aanvraag</h1><p>{BAD_REQUEST_MESSAGE}</p>"
            '<p><a href="/">Naar de startpagina</a></p></body></html>'
        )
    return HttpResponse(body, status=400, content_type="text/html; charset=utf-8")
