"""Whole-response cache for the advice page and API, keyed by content version and answers.

There are only 3^5 answer combinations, and the advice changes only when content
is published, so a finished response can be reused until the next content change.
Each hit costs one small query (the content version, cms/cache.py) and one cache
get; publishing bumps the version, so the next request renders afresh, in every
process.

Safety rules, because a cached response is shown to other visitors:
- only GET, only paths listed in RESPONSE_CACHE_PATHS, only when every query
  parameter is one of that path's allowed names with one short value;
- only requests that carry no cookie other than the CSRF cookie (a session or
  messages cookie means per-visitor content: editors, flash messages);
- only 200 responses that set no cookie; one with an Expires header (a PDF
  carrying the date) is kept until then;
- no visitor's CSRF token is ever stored: a response that may be stored is
  rendered with a marker where the token goes (the `csrf_marker` context
  processor overrides Django's `csrf_token` for it), and the marker is replaced
  by the visitor's own token (`pianoo.csrf_tokens.visitor_token`, Django's
  `get_token` from one system call instead of 64: the largest cost of a hit) on
  the first render and on every hit (CsrfViewMiddleware, which runs outside this
  middleware, then sets the visitor's cookie). No token is ever read back.

A text entry is also kept gzipped, chunk by chunk (pianoo/gzip_chunks.py), and goes
out gzipped, first render and hits alike, to a visitor whose browser accepts it: the advice
page's 124 kB become 23 kB. In `make bench` the page went from 0.79x the static file's
throughput to 0.88x and 0.96x in two runs (2026-12-02). The token goes in uncompressed.

Why hand-written and not Django's cache middleware (cache_page, Update/FetchFromCache):
it expires entries only by timeout, not by our content version, and pages with a CSRF
form vary on Cookie, so every visitor (each with an own CSRF cookie) would get an own
key and no hits; it would also hand one visitor's CSRF token to the next.

It must sit after CsrfViewMiddleware in MIDDLEWARE, and sits before the session,
locale and common middleware, so that a hit skips them: it validates the Host header
itself (as CommonMiddleware would, a DisallowedHost is a 400), and a stored response
already carries the headers those middleware add (Content-Language, Vary).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_http_date_safe

from cms.cache import CACHE_TIMEOUT, content_version
from pianoo.csrf_tokens import visitor_token
from pianoo.gzip_chunks import accepts_gzip, deflate, gzip_join

logger = logging.getLogger(__name__)

CSRF_MARKER = "__csrf_token_placeholder__"
_SKIP_HEADERS = {"set-cookie", "x-request-id", "content-length"}
MAX_VALUE_LENGTH = 3
# Text bodies from this size up are also kept gzipped (a smaller one gains too little).
GZIP_MIN_BYTES = 1024
# Per-process copy of recent entries, so a hit skips unpickling from the shared cache.
# Safe across processes because its keys carry the content version read from the database.
LOCAL_MAX_BYTES = 64 * 1024 * 1024


class LocalEntries:
    """A per-process LRU of entries ({"chunks": [bytes, ...], "deflated": [...], ...}) bounded by their bytes."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, tuple[int, dict[str, Any]]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            self.items.move_to_end(key)
            return found[1]

    def put(self, key: str, entry: dict[str, Any]) -> None:
        size = sum(len(chunk) for chunk in entry["chunks"] + entry.get("deflated", []))
        with self.lock:
            if key in self.items:  # an entry past its Expires, renewed
                self.size -= self.items.pop(key)[0]
            self.items[key] = (size, entry)
            self.size += size
            while self.size > self.max_bytes and self.items:
                _, (old_size, _) = self.items.popitem(last=False)
                self.size -= old_size

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.size = 0


_local = LocalEntries(LOCAL_MAX_BYTES)


def clear_local() -> None:
    """Forget this process's copies (tests roll content back under the same version)."""
    _local.clear()


_PAIR = re.compile(rf"^([A-Za-z0-9_.]{{1,20}})=([A-Za-z0-9]{{1,{MAX_VALUE_LENGTH}}})$")


def _allows(allowed: tuple[str, ...] | re.Pattern[str], name: str) -> bool:
    """A path's allowed names: a tuple of names, or a pattern (the checklist's "s1.1", "s2.4", ...)."""
    if isinstance(allowed, re.Pattern):
        return allowed.fullmatch(name) is not None
    return name in allowed


def _key(request: HttpRequest) -> str | None:
    """The cache key for this request, or None if it must not be served from the cache.

    Read from the raw query string: only plain `name=value` pairs of allowed names, each
    once, with short alphanumeric values, are served from the cache. Anything else
    (encoded characters, repeats, unknown names) renders afresh, where the view
    validates it.
    """
    if request.method != "GET":
        return None
    allowed = getattr(settings, "RESPONSE_CACHE_PATHS", {}).get(request.path)
    if allowed is None:
        return None
    if any(name != settings.CSRF_COOKIE_NAME for name in request.COOKIES):
        return None
    host = request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check: DisallowedHost is a 400
    query = request.META.get("QUERY_STRING", "")
    pairs = query.split("&") if query else []
    names = set()
    for pair in pairs:
        match = _PAIR.match(pair)
        if match is None or not _allows(allowed, match.group(1)) or match.group(1) in names:
            return None
        names.add(match.group(1))
    # Keyed on the host too: one server may answer for several sites (ALLOWED_HOSTS),
    # and absolute links in a page name the host it was rendered for.
    return f"response:{host}{request.path}?{'&'.join(sorted(pairs))}"


# Set on a request whose response may be stored: its templates get CSRF_MARKER as the token.
_MARKS_CSRF = "_response_cache_marks_csrf"


def csrf_marker(request: HttpRequest) -> dict[str, str]:
    """Context processor: the CSRF token of a response the cache may store is a marker.

    Listed after Django's built-in csrf context processor, so it overrides `csrf_token`
    (what `{% csrf_token %}` renders) only for those requests; every other request
    gets Django's token as usual.
    """
    return {"csrf_token": CSRF_MARKER} if getattr(request, _MARKS_CSRF, False) else {}


def _put_tokens(request: HttpRequest, response: HttpResponse) -> None:
    """The visitor's own CSRF token where a fresh render put the marker."""
    marker = CSRF_MARKER.encode("ascii")
    if marker in response.content:
        response.content = response.content.replace(marker, visitor_token(request).encode("ascii"))
        if response.has_header("Content-Length"):  # CommonMiddleware counted the marker
            response["Content-Length"] = str(len(response.content))


_BETWEEN_TAGS = re.compile(r">\s+<")


def collapse_whitespace(html: str) -> str:
    """Template indentation between tags as one space: a quarter of the advice page.

    Browsers render a run of white space between tags as one space, and these
    pages have no <pre>; a textarea's content never starts with a tag.
    """
    return _BETWEEN_TAGS.sub("> <", html)


def _expired(entry: dict[str, Any]) -> bool:
    return "expires" in entry and time.time() >= entry["expires"]


class VersionedResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        # Cache failures are misses (FailSafeCache); a database failure is the view's too.
        versioned = f"{key}:v{content_version()}"
        entry = _local.get(versioned)
        if entry is None:
            entry = cache.get(versioned)
            if entry is not None:
                _local.put(versioned, entry)
        if entry is not None and not _expired(entry):
            return self._from_entry(request, entry)
        setattr(request, _MARKS_CSRF, True)
        response = self.get_response(request)
        if response.streaming:
            return response
        if response.status_code == 200 and not response.cookies:
            stored = self._store(response, versioned)
            if stored is not None:  # served as every hit will be: collapsed, gzipped if accepted
                return self._from_entry(request, stored)
        _put_tokens(request, response)
        return response

    def _store(self, response: HttpResponse, versioned: str) -> dict[str, Any] | None:
        content_type = response.get("Content-Type", "")
        text = content_type.startswith(("text/", "application/json"))
        if text:
            charset = response.charset or "utf-8"
            try:
                body = response.content.decode(charset)
            except UnicodeDecodeError:
                return None
            if "html" in content_type:
                body = collapse_whitespace(body)
            chunks = [part.encode(charset) for part in body.split(CSRF_MARKER)]
        else:
            chunks = [response.content]
        entry: dict[str, Any] = {"chunks": chunks}
        if text and sum(len(chunk) for chunk in chunks) >= GZIP_MIN_BYTES:
            entry["deflated"] = [deflate(chunk) for chunk in chunks]
            entry["crc"] = zlib.crc32(chunks[0])
            patch_vary_headers(response, ("Accept-Encoding",))  # the fresh render's too
        entry["headers"] = [(k, v) for k, v in response.items() if k.lower() not in _SKIP_HEADERS]
        if "Expires" in response:
            entry["expires"] = parse_http_date_safe(response["Expires"]) or 0
        _local.put(versioned, entry)
        cache.set(versioned, entry, CACHE_TIMEOUT)
        return entry

    def _from_entry(self, request: HttpRequest, entry: dict[str, Any]) -> HttpResponse:
        """The stored response, gzipped if the entry has it and the visitor accepts it.

        With a Content-Length: without one gunicorn sends the body chunked, which costs a
        copy of it and a write more.
        """
        chunks: list[bytes] = entry["chunks"]
        token = visitor_token(request).encode("ascii") if len(chunks) > 1 else b""
        deflated = entry.get("deflated")  # absent: not text, too small, or stored before there was gzip
        if deflated is not None and accepts_gzip(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response = HttpResponse(gzip_join(chunks, deflated, entry["crc"], token))
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(token.join(chunks))
        for name, value in entry["headers"]:
            response[name] = value
        response["Content-Length"] = str(len(response.content))
        return response
