"""HTML post endpoints for feedback: a normal form post without JavaScript, JSON with it.

Without JavaScript every post redirects back to the page it came from, at the
item's anchor, with `?bedankt=<anchor>` so the page shows the thanks there.
After a "Nee" the comment token goes along in a short-lived cookie limited to
that page's path (COMMENT_COOKIE), never in the address: the address the
visitor copies or shares carries no token. With JavaScript
(Accept: application/json) the same endpoints answer in JSON.

The body is parsed before the CSRF check so that an oversized or unreadable
post gets our Dutch 400 instead of Django's generic one; nothing is stored
before the CSRF check passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.http.request import UnreadablePostError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from cms.errors import error_body
from pianoo.ratelimit import too_many_requests, wants_json

from .constants import (
    COMMENT_COOKIE,
    COMMENT_COOKIE_SECONDS,
    GENERAL_ANCHOR,
    HONEYPOT,
    THANKS,
    THANKS_COMMENT,
    THANKS_PARAM,
    TOKEN_PARAM,
    TOO_BIG,
    UNREADABLE,
)
from .recording import add_comment, comment_token, feedback_client, rate_allowed, record
from .submission import SubmissionError, parse_comment, parse_submission

ANCHOR_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,60}$")


def _safe_post(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """Read the body within our limits (Dutch 400 otherwise), then check CSRF and the rate."""
    protected = csrf_protect(view)

    @csrf_exempt
    @require_POST
    @never_cache
    def wrapper(request: HttpRequest) -> HttpResponse:
        try:
            request.POST  # noqa: B018 - parse now, to answer a bad body ourselves
        except RequestDataTooBig:
            return error(request, None, TOO_BIG)
        except (TooManyFieldsSent, MultiPartParserError, UnreadablePostError, ValueError):
            return error(request, None, UNREADABLE)
        if not rate_allowed(request):
            return too_many_requests(request, retry_after=60)
        return protected(request)

    wrapper.__name__ = view.__name__
    return wrapper


@_safe_post
def submit(request: HttpRequest) -> HttpResponse:
    """A yes/no on an item, or general feedback on a page."""
    data: QueryDict = request.POST
    return_url = safe_return_url(request, data.get("next", ""))
    if "vote" in data:
        try:
            data = _with_vote(data)
        except SubmissionError as exc:
            return error(request, exc.field, exc.message, return_url=return_url)
    kind = data.get("kind", "")
    anchor = _anchor(
        data.get("anchor", ""), GENERAL_ANCHOR if kind == "general" else f"{kind}-{data.get('id', '')}"
    )
    if data.get(HONEYPOT):
        # Looks like success to the bot; nothing is stored.
        return _thanks(request, return_url, anchor, None, THANKS, status=200)
    values = {key: data.get(key) for key in ("kind", "id", "helpful", "comment", "cell", "context", "tool")}
    values["page"] = urlsplit(return_url).path if return_url else data.get("page")
    try:
        submission = parse_submission(values)
        recorded = record(submission, feedback_client(request), channel="form")
    except SubmissionError as exc:
        return error(request, exc.field, exc.message, return_url=return_url)
    feedback = recorded.feedback
    token = (
        comment_token(feedback, feedback_client(request))
        if feedback.helpful is False and not feedback.comment
        else None
    )
    return _thanks(
        request, return_url, anchor, feedback.pk, THANKS, token=token, status=201 if recorded.created else 200
    )


@_safe_post
def comment(request: HttpRequest) -> HttpResponse:
    """The optional comment after a "Nee": what was missing or wrong."""
    data: QueryDict = request.POST
    return_url = safe_return_url(request, data.get("next", ""))
    anchor = _anchor(data.get("anchor", ""), "")
    if data.get(HONEYPOT):
        return _thanks(request, return_url, anchor, None, THANKS_COMMENT, status=200)
    try:
        feedback = add_comment(
            data.get("token", ""), parse_comment(data.get("comment")), feedback_client(request)
        )
    except SubmissionError as exc:
        return error(request, exc.field, exc.message, return_url=return_url)
    response = _thanks(request, return_url, anchor, feedback.pk, THANKS_COMMENT, status=200)
    if return_url:
        response.delete_cookie(COMMENT_COOKIE, path=urlsplit(return_url).path, samesite="Lax")
    return response


def safe_return_url(request: HttpRequest, url: str) -> str:
    """`url` if it is a path on this site, else "" (never an open redirect).

    Pages reached by POST (the checklist results) send no return URL: their
    visitors get a thank-you page instead of a redirect.
    """
    url = (url or "").strip()
    if (
        url.startswith("/")
        and len(url) <= 2000
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return url.split("#", 1)[0]
    return ""


def thanks_url(return_url: str, anchor: str) -> str:
    """The return URL with `bedankt=<anchor>` and the anchor as fragment; never a token."""
    parts = urlsplit(return_url)
    # parse_qsl, not QueryDict: a return URL (at most 2000 characters) may carry more
    # parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS, and the vote is already stored.
    kept = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in (THANKS_PARAM, TOKEN_PARAM)
    ]
    extra = {THANKS_PARAM: anchor or "ja"}
    query_string = "&".join(filter(None, [urlencode(kept), urlencode(extra)]))
    return urlunsplit(("", "", parts.path, query_string, anchor))


def error(
    request: HttpRequest, field: str | None, message: str, return_url: str = "", status: int = 400
) -> HttpResponse:
    """A Dutch error: JSON in the API's shape for scripts, a small page with a way back otherwise."""
    if wants_json(request):
        return JsonResponse(error_body(field, message), status=status)
    return render(
        request, "feedback/error.html", {"message": message, "return_url": return_url}, status=status
    )


def _thanks(
    request: HttpRequest,
    return_url: str,
    anchor: str,
    feedback_id: int | None,
    message: str,
    token: str | None = None,
    status: int = 200,
) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"id": feedback_id, "message": message, "comment_token": token}, status=status)
    if not return_url:
        context = {"message": message, "fb": {"token": token, "next": "", "anchor": anchor, "uid": "bedankt"}}
        return render(request, "feedback/thanks.html", context)
    response = HttpResponseRedirect(thanks_url(return_url, anchor))
    if token:
        # For the GET after the redirect only (its path), for a quarter of an hour; the
        # token itself is signed, bound to this visitor and single use (recording.py).
        response.set_cookie(
            COMMENT_COOKIE,
            f"{anchor}:{token}",
            max_age=COMMENT_COOKIE_SECONDS,
            path=urlsplit(return_url).path,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _with_vote(data: QueryDict) -> QueryDict:
    """The post with the pressed button's `vote` ("kind:id:cell:anchor:ja|nee") spelled out.

    Item buttons share one form per page (templates/includes/feedback_item.html);
    the button's value names the item. parse_submission checks every part.
    """
    parts = data.get("vote", "").split(":")
    if len(parts) != 5:
        raise SubmissionError("vote", UNREADABLE)
    spelled = data.copy()
    for name, value in zip(("kind", "id", "cell", "anchor", "helpful"), parts, strict=True):
        spelled[name] = value
    return spelled


def _anchor(value: str, default: str) -> str:
    for candidate in (value.strip(), default):
        if ANCHOR_RE.match(candidate):
            return candidate
    return ""
