"""What every checklist view shares: rendering with the right headers, Dutch errors, addresses.

Results and private pages are `noindex`; private pages (whose address holds a
token) are also `no-store` and send a referrer only to this site, so a token never
leaks into a shared cache or to a linked site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse

from ..charts import format_number
from ..scoring import NOT_SCORED

if TYPE_CHECKING:
    from ..models import ChecklistPage

F = TypeVar("F", bound=Callable[..., Any])

METHOD = (
    "De score per thema is het gemiddelde van de ingevulde stellingen op de schaal 1–4; "
    "niet ingevulde stellingen tellen niet mee."
)
# A score in a GET address: "s1.1=3" (the s keeps names apart from other parameters).
QUERY_PREFIX = "s"


def render(
    request: HttpRequest,
    page: ChecklistPage,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    *,
    index: bool = False,
    private: bool = False,
) -> TemplateResponse:
    response = TemplateResponse(
        request, template, {"page": page, "self": page, "noindex": not index, **context}, status=status
    )
    if not index:
        response["X-Robots-Tag"] = "noindex, nofollow"
    if private:
        private_headers(response)
    return response


def private_headers(response: HttpResponse) -> None:
    """A private page (its address holds a token): never stored, no referrer to other sites."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    # Not "no-referrer": browsers then post forms with "Origin: null", which fails CSRF.
    response["Referrer-Policy"] = "same-origin"


def error(request: HttpRequest, page: ChecklistPage, message: str, status: int = 400) -> TemplateResponse:
    """A Dutch 400, 404 or 409 page for tampered input, unknown links and closed rounds."""
    template = "checklist/not_found.html" if status == 404 else "checklist/error.html"
    return render(
        request, page, template, {"message": message, "status": status}, status=status, private=True
    )


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def url(page: ChecklistPage, kind: str, token: str, action: str = "") -> str:
    """A private address under the checklist: kind/token/[action/]."""
    return f"{page.url}{kind}/{token}/{action + '/' if action else ''}"


def score_query(scores: Mapping[str, int]) -> str:
    """The query string that carries `scores` ("s1.1=3&s1.2=2"), in the order given."""
    return "&".join(f"{QUERY_PREFIX}{key}={value}" for key, value in scores.items())


def number(value: float | None) -> str:
    return NOT_SCORED if value is None else format_number(value)


def methods(*allowed: str) -> Callable[[F], F]:
    """As Django's require_http_methods, for views called as view(page, request, ...)."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(page: ChecklistPage, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.method not in allowed:
                return HttpResponseNotAllowed(allowed)
            return view(page, request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
