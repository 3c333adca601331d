"""The one kind of input error, and the one JSON shape errors take (pure; no Django).

Every app's validation raises an `InputError` (the wegwijzer's `AnswerError`, the
checklist's `ScoreError` and `KindError`, feedback's `SubmissionError` are
subclasses that only name what was checked). `error_body` is the JSON every error
answer carries: `{"error": {"field": ..., "message": ...}}`, with a Dutch message.
"""

from __future__ import annotations

from typing import Any


class InputError(ValueError):
    """Input a visitor or client must change: `field` names it (or None), `message` says how, in Dutch."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def as_json(self) -> dict[str, Any]:
        return error_body(self.field, self.message)


def error_body(field: str | None, message: str, **extra: Any) -> dict[str, Any]:
    """The API's error shape; `extra` adds keys such as `request_id`."""
    return {"error": {"field": field, "message": message, **extra}}
