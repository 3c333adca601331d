"""Template support for the feedback includes: where to return, and what to show after a post."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest, QueryDict

from cms import item_kinds
from feedback.constants import COMMENT_COOKIE, GENERAL_ANCHOR, THANKS_PARAM, TOKEN_PARAM
from feedback.submission import SubmissionError, normalize_context

register = template.Library()

CONTEXT_KEY = re.compile(r"^(q[1-9]|[1-9][0-9]?\.[1-9][0-9]?)$")
QUESTIONS = {kind.key: kind.helpful_question for kind in item_kinds.ITEM_KINDS}


@register.simple_tag(takes_context=True)
def feedback_state(
    context: template.Context,
    kind: str,
    item_id: Any = None,
    anchor: str = "",
    return_url: str = "",
    answers: Any = None,
    anchor_prefix: str = "",
) -> dict[str, Any]:
    """Everything a feedback form needs beyond its item.

    `answers` is the context behind the page (a query string or {key: value});
    by default the answers or scores in the current URL. `return_url` defaults
    to the current URL without our own thank-you parameters, or "" on a page
    reached by POST (it cannot be returned to). The anchor defaults to
    `<anchor_prefix><kind>-<id>`, the id of the item's element.
    """
    request: HttpRequest | None = context.get("request")
    query = request.GET if request is not None else QueryDict()
    if not anchor:
        anchor = GENERAL_ANCHOR if kind == "general" else f"{anchor_prefix}{kind}-{item_id}"
    thanked = query.get(THANKS_PARAM) == anchor
    return {
        "anchor": anchor,
        "uid": f"{anchor}-{secrets.token_hex(3)}",
        "next": return_url or _current_url(request),
        "page": request.path if request is not None else "",
        "context": _context(answers, query),
        "question": QUESTIONS.get(kind, "Was dit nuttig?"),
        "thanked": thanked,
        "token": _comment_token(request, anchor) if thanked else "",
        "retention_months": getattr(settings, "FEEDBACK_RETENTION_MONTHS", 24),
    }


def _comment_token(request: HttpRequest | None, anchor: str) -> str:
    """The comment token that the "Nee" on this item left in the page's cookie (feedback.views), or ""."""
    if request is None:
        return ""
    cookie_anchor, _, token = request.COOKIES.get(COMMENT_COOKIE, "").partition(":")
    return token[:500] if token and cookie_anchor == anchor else ""


def _current_url(request: HttpRequest | None) -> str:
    if request is None or request.method != "GET":
        return ""
    query = request.GET.copy()
    for name in (THANKS_PARAM, TOKEN_PARAM):
        query.pop(name, None)
    encoded = query.urlencode()
    return request.path + (f"?{encoded}" if encoded else "")


def _context(answers: Any, query: QueryDict) -> str:
    if not answers:
        answers = {key: value for key, value in query.items() if CONTEXT_KEY.match(key)}
    if isinstance(answers, (Mapping, str)):
        try:
            return normalize_context(answers)
        except SubmissionError:
            return ""
    return ""
