"""Shared API plumbing: Dutch JSON errors, and the Wagtail API v2 router for pages."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from wagtail.api.v2 import filters as wagtail_filters
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet as WagtailPagesAPIViewSet

from cms.errors import error_body
from pianoo.renderers import FastJSONRenderer

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
    """The one error shape of our API (cms/errors.py): a Dutch message and the offending field."""
    return Response(error_body(field, message), status=status_code)


T = TypeVar("T")


class NotFoundError(exceptions.NotFound):
    """A 404 whose Dutch message says what was not found (see `found_or_404`)."""


def found_or_404(found: T | None, message: str) -> T:
    """What a view looked up, or a 404 in the one error shape with this Dutch message."""
    if found is None:
        raise NotFoundError(message)
    return found


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    message = next(
        (text for cls, text in DUTCH_MESSAGES.items() if isinstance(exc, cls)),
        "De aanvraag kon niet worden verwerkt.",
    )
    if isinstance(exc, NotFoundError):
        message = str(exc.detail)
    field = None
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        field, detail = next(iter(exc.detail.items()))
        message = str(detail[0] if isinstance(detail, list) else detail)
    elif isinstance(exc, exceptions.ValidationError):
        message = "De gegevens zijn ongeldig."
    response.data = error_body(field, message)
    return response


# Wagtail's pages API (/api/v2/pages/), hardened: each class below turns a query
# parameter that made Wagtail 7.4 answer 500 into a 400 with a Dutch message (or an
# empty result). Wagtail's own 400 messages stay as Wagtail words them (English).

MAX_OFFSET = 10_000  # far beyond the site's pages; SQLite and PostgreSQL overflow past 2**63
SEARCH_WORD = re.compile(r"\w+")


class Pagination(WagtailPagination):
    """?offset=99999999999999999999 reached the database as OFFSET and overflowed it."""

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        offset = request.GET.get("offset", "0")
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(f"offset mag niet hoger zijn dan {MAX_OFFSET}; kies een kleinere offset.")
        return super().paginate_queryset(queryset, request, view)


class FieldsFilter(wagtail_filters.FieldsFilter):
    """?first_published_at=abc: Wagtail checks integers and booleans, the database field the rest."""

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as error:
            raise BadRequestError(
                f"Ongeldige waarde in een veldfilter: {'; '.join(error.messages)} Pas de waarde aan."
            ) from error


class SearchFilter(wagtail_filters.SearchFilter):
    """Search for the words of ?search= only.

    The SQLite search backend puts each term between double quotes in an FTS5 MATCH
    string without escaping them (?search=" is a syntax error), fails on a query of
    only white space, and a NUL byte ends the string; all three were 500s. Words are
    all a search needs; a search without any finds nothing, as an empty one does.
    """

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        if "search" not in request.GET:
            return queryset
        words = SEARCH_WORD.findall(request.GET["search"])
        if not words:
            return queryset.none()
        query = request.GET.copy()
        query["search"] = " ".join(words)
        return super().filter_queryset(SimpleNamespace(GET=query), queryset, view)


class PagesAPIViewSet(WagtailPagesAPIViewSet):
    # JSON only, with our renderer: Wagtail adds DRF's browsable HTML API (?format=api).
    renderer_classes = [FastJSONRenderer]
    pagination_class = Pagination
    filter_backends = [
        {wagtail_filters.FieldsFilter: FieldsFilter, wagtail_filters.SearchFilter: SearchFilter}.get(b, b)
        for b in WagtailPagesAPIViewSet.filter_backends
    ]

    def find_object(self, queryset: Any, request: Any) -> Any:
        """/api/v2/pages/find/?id=abc reached the database as an id."""
        try:
            return super().find_object(queryset, request)
        except (ValueError, ValidationError) as error:
            raise BadRequestError("id moet een positief geheel getal zijn, bijvoorbeeld ?id=3.") from error


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)

__all__ = ["api_router", "error_response", "exception_handler", "status"]
