"""The WSGI handler: Django's, with a request class that survives a hostile Content-Type.

Django 5.2's WSGIRequest takes the request's charset from the Content-Type header
whenever `codecs.lookup()` knows the name. On hostile input that fails twice over:

- "rot13", "hex", "zlib" and friends are codecs but not text encodings, and
  "undefined" or "idna" cannot decode with errors="replace": the first decode of
  the query string or a multipart body raises LookupError or UnicodeError (a 500);
- the charset is set through the `encoding` property, whose setter asks
  `hasattr(self, "GET")` and so parses the query string inside `__init__`, before
  any middleware runs: a decode error, or more than DATA_UPLOAD_MAX_NUMBER_FIELDS
  parameters next to any `charset=`, escapes Django's error handling and gunicorn
  answers a bare 500 ("Error handling request" in its log).

`Request` keeps only a charset that decodes arbitrary bytes, and sets it without
parsing anything. A request with an unusable charset reads as UTF-8 (as with an
unknown name), and a bad query string fails later, inside the handler: a 400.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import Any

from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from django.core.handlers.wsgi import WSGIRequest
from django.utils.http import parse_header_parameters

# Bytes no text encoding may choke on when decoding with errors="replace".
_PROBE = b"a%\x00\xff\xfe\x80\\x\\N{+-"


def usable_charset(name: str) -> bool:
    """Whether `name` is a text encoding that decodes any bytes with errors="replace"."""
    try:
        codecs.lookup(name)
        str(_PROBE, name, "replace")
    except (LookupError, ValueError):  # UnicodeError is a ValueError
        return False
    return True


class Request(WSGIRequest):
    def _set_content_type_params(self, meta: Mapping[str, Any]) -> None:
        self.content_type, self.content_params = parse_header_parameters(meta.get("CONTENT_TYPE", ""))
        charset = self.content_params.get("charset", "")
        if charset and usable_charset(charset):
            # Not `self.encoding = ...`: that setter would parse the query string right here.
            self._encoding = charset


class WSGIHandler(DjangoWSGIHandler):
    request_class = Request
