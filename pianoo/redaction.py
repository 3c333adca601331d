"""Private tokens out of paths: what logs and stored feedback may keep of an address."""

from __future__ import annotations

import re

# Private links (saved checklist measurements, series, team rounds and their answers,
# pages and API) carry a secret token in the path; it must not end up in logs.
_PRIVATE_PATH = re.compile(
    r"/(meting|reeks|bekijk|ronde|doe-mee|antwoord|rounds|participate|responses|series)/[^/?]+"
)


def redact_path(path: str) -> str:
    """The path with private tokens replaced, fit for logs and stored feedback."""
    return _PRIVATE_PATH.sub(r"/\1/[token]", path)
