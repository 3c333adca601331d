"""pianoo.csrf_tokens.visitor_token against Django's own CSRF code: same format, same checks."""

from __future__ import annotations

from collections import Counter

import pytest
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (  # type: ignore[attr-defined]  # private: what the module must match
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)

from pianoo import csrf_tokens
from pianoo.csrf_tokens import random_chars, visitor_token


def view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def with_cookie_read(rf, method: str = "get", cookie: str | None = None, **data: str) -> HttpRequest:
    """A request as CsrfViewMiddleware leaves it for the view: the cookie's secret in META."""
    request = getattr(rf, method)("/", data)
    if cookie is not None:
        request.COOKIES["csrftoken"] = cookie
    CsrfViewMiddleware(view).process_request(request)
    return request


def test_a_new_visitor_gets_a_secret_and_a_token_that_django_unmasks_to_it(rf):
    request = with_cookie_read(rf)
    token = visitor_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert len(token) == CSRF_TOKEN_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the middleware sends the cookie


def test_a_returning_visitor_keeps_the_secret_of_their_cookie(rf):
    cookie = "A" * 16 + "z" * 16
    request = with_cookie_read(rf, cookie=cookie)
    first, second = visitor_token(request), visitor_token(request)
    assert request.META["CSRF_COOKIE"] == cookie
    assert first != second  # a fresh mask per token (BREACH), as Django's get_token
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == cookie
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True


def test_the_middleware_sends_the_cookie_that_goes_with_the_token(rf):
    request = with_cookie_read(rf)
    token = visitor_token(request)
    response = CsrfViewMiddleware(view).process_response(request, HttpResponse("page"))
    assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value


def test_a_post_with_the_token_passes_django_s_check_and_a_changed_one_does_not(rf):
    page = with_cookie_read(rf)
    token = visitor_token(page)
    secret = page.META["CSRF_COOKIE"]
    middleware = CsrfViewMiddleware(view)

    post = with_cookie_read(rf, "post", cookie=secret, csrfmiddlewaretoken=token)
    post._dont_enforce_csrf_checks = False
    assert middleware.process_view(post, view, (), {}) is None  # accepted

    changed = token[:-1] + ("a" if token[-1] != "a" else "b")
    forged = with_cookie_read(rf, "post", cookie=secret, csrfmiddlewaretoken=changed)
    refused = middleware.process_view(forged, view, (), {})
    assert refused is not None and refused.status_code == 403


def test_characters_are_drawn_evenly():
    draws = Counter(random_chars(62 * 2000))
    assert set(draws) == set(CSRF_ALLOWED_CHARS)
    # 2,000 expected per character (standard deviation about 44). A biased mapping
    # (b % 62 over all 256 byte values) would give the first 8 characters about 2,420.
    assert max(draws.values()) < 2200 and min(draws.values()) > 1800


def test_bytes_that_would_bias_the_mapping_are_dropped(monkeypatch):
    calls: list[int] = []

    def urandom(size: int) -> bytes:
        calls.append(size)
        # 248..255 would map onto 0..7 a fifth more often than onto the rest: all dropped.
        return bytes([248, 255, 61, 62, 0] + [250] * (size - 5))

    monkeypatch.setattr(csrf_tokens.os, "urandom", urandom)
    first, last = CSRF_ALLOWED_CHARS[0], CSRF_ALLOWED_CHARS[61]
    assert random_chars(6) == (last + first + first) * 2
    assert len(calls) == 2  # one call gives 3 usable bytes; a second call fills the rest


@pytest.mark.parametrize("count", [1, 32, 64])
def test_exactly_the_count_asked_for(count):
    assert len(random_chars(count)) == count


@pytest.mark.parametrize("cookie", ["", "kort", "ÿ" * 32, "!" * 32, "a" * 33])
def test_a_tampered_cookie_gets_a_fresh_secret_not_an_error(rf, cookie):
    """CsrfViewMiddleware drops a cookie of the wrong format; the token is then made for a new secret."""
    request = with_cookie_read(rf, cookie=cookie)
    token = visitor_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert secret != cookie and len(secret) == CSRF_SECRET_LENGTH
    assert _unmask_cipher_token(token) == secret
