"""The JSON parser for our API: DRF's, refusing two kinds of body views cannot handle.

DRF's JSONParser hands views whatever `json.loads` makes of the body (DRF reads it
through `request.body`, so DATA_UPLOAD_MAX_MEMORY_SIZE already applies). Two kinds
of body then fail as a 500:

- nesting deeper than the interpreter's recursion limit raises RecursionError
  inside `json.loads`, and DRF catches only ValueError;
- a lone surrogate escape ("\\ud800") decodes to a str that cannot be encoded as
  UTF-8: hashing it, storing it or echoing it in an error message raises
  UnicodeEncodeError (feedback/recording.py, DRF's JSONRenderer).

Why hand-written: no JSON library avoids this (any decoder returns deep nesting and
lone surrogates), so the smallest fix is this subclass of DRF's own parser; everything
else stays DRF's.

This parser refuses both up front with a ParseError (400). It is the API's parser:
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] in pianoo/settings/base.py.
"""

from __future__ import annotations

import re
from typing import Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32  # our requests nest two levels ({"scores": {"1.1": 3}}); a margin, no more
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_structure(data: Any, max_depth: int = MAX_DEPTH) -> None:
    """Raise ParseError for nesting deeper than `max_depth` or a string with a lone surrogate."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise ParseError("JSON parse error - a string holds an unpaired surrogate escape.")
        elif isinstance(value, (dict, list)):
            if depth > max_depth:
                raise ParseError(f"JSON parse error - nested deeper than {max_depth} levels.")
            children = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_DEPTH} levels.") from error
        check_structure(data)
        return data
