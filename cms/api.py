"""Shared API plumbing: Dutch JSON errors, and the Wagtail API v2 router for pages."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

DUTCH_MESSAGES: dict[type[exceptions.APIException], str] = {
    exceptions.ParseError: "De aanvraag is geen geldige JSON.",
    exceptions.UnsupportedMediaType: "Stuur de gegevens als JSON (Content-Type: application/json).",
    exceptions.MethodNotAllowed: "Deze methode is hier niet toegestaan.",
    exceptions.NotAcceptable: "Dit antwoordformaat wordt niet ondersteund; vraag om JSON.",
    exceptions.Throttled: "Te veel verzoeken. Probeer het over een minuut opnieuw.",
    exceptions.NotFound: "Niet gevonden.",
    exceptions.PermissionDenied: "U heeft hier geen toegang toe.",
}


def error_response(field: str | None, message: str, status_code: int = 400) -> Response:
    """The one error shape of our API: a Dutch message and the offending field."""
    return Response({"error": {"field": field, "message": message}}, status=status_code)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    message = next(
        (text for cls, text in DUTCH_MESSAGES.items() if isinstance(exc, cls)),
        "De aanvraag kon niet worden verwerkt.",
    )
    field = None
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        field, detail = next(iter(exc.detail.items()))
        message = str(detail[0] if isinstance(detail, list) else detail)
    elif isinstance(exc, exceptions.ValidationError):
        message = "De gegevens zijn ongeldig."
    response.data = {"error": {"field": field, "message": message}}
    return response


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

__all__ = ["api_router", "error_response", "exception_handler", "status"]
