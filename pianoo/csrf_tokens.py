"""The visitor's CSRF token for a page served from a cache: Django's get_token, cheaper.

Django's `get_token` draws every character of a new secret and of its mask with a
system call of its own (`secrets.choice`, 64 per token for a visitor without a CSRF
cookie). On a cached advice page that was the single largest cost of a hit: under
`make bench` the worker spent about 745 µs of user CPU per page against 534 µs with
the token left out, and the page reached 0.75× the static file's throughput
against 1.0× without (measured 2026-12-02, see docs/performance.md).

`visitor_token` does what `get_token` does, with the random characters drawn from
one `os.urandom` call:
- the secret is the visitor's CSRF cookie (`request.META["CSRF_COOKIE"]`, set by
  CsrfViewMiddleware.process_request), or a new one put there;
- `CSRF_COOKIE_NEEDS_UPDATE` tells CsrfViewMiddleware to (re)send the cookie;
- the token is Django's masked format: a fresh mask, then the secret shifted by it.

It relies on those two request.META keys and on the token format, which are
Django's and not a public API. tests/pianoo/test_csrf_tokens.py pins both against
Django itself (its own unmasking, and a POST through CsrfViewMiddleware), so an
upgrade that changes them fails there, not on the site.
"""

from __future__ import annotations

import os

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_BASE = len(CSRF_ALLOWED_CHARS)
# Byte b becomes index b % 62; bytes from _LIMIT up (248 = 4 × 62) are dropped, so that
# every index is equally likely.
_LIMIT = 256 - 256 % _BASE
_TO_INDEX = bytes(b % _BASE for b in range(256))
_DROPPED = bytes(range(_LIMIT, 256))
# Translation tables between characters and indexes. An index up to 2 × 61 (a secret's
# index plus a mask's) stands for the character at that index mod 62.
_INDEX_TO_CHAR = bytes(ord(CSRF_ALLOWED_CHARS[i % _BASE]) if i < 2 * _BASE else 0 for i in range(256))
_CHAR_TO_INDEX = bytes(CSRF_ALLOWED_CHARS.find(chr(b)) % 256 for b in range(256))


def random_indexes(count: int) -> bytes:
    """`count` uniformly random indexes into CSRF_ALLOWED_CHARS, from one system call (rarely two)."""
    indexes = b""
    while len(indexes) < count:
        indexes += os.urandom(count + 16).translate(_TO_INDEX, _DROPPED)
    return indexes[:count]


def random_chars(count: int) -> str:
    """`count` characters of CSRF_ALLOWED_CHARS, uniformly random."""
    return random_indexes(count).translate(_INDEX_TO_CHAR).decode("ascii")


def visitor_token(request: HttpRequest) -> str:
    """A masked CSRF token for this visitor, as `django.middleware.csrf.get_token` gives.

    The secret in request.META is one CsrfViewMiddleware checked (32 allowed characters)
    or one made here.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = random_chars(CSRF_SECRET_LENGTH)
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_indexes(CSRF_SECRET_LENGTH)
    shifted = bytes(
        s + m for s, m in zip(secret.encode("ascii").translate(_CHAR_TO_INDEX), mask, strict=True)
    )
    return (mask + shifted).translate(_INDEX_TO_CHAR).decode("ascii")
