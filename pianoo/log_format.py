"""The console log's format: private tokens redacted, tracebacks only for real faults."""

from __future__ import annotations

import logging

from pianoo.redaction import redact_path


class ConsoleFormatter(logging.Formatter):
    """What the console log shows: no private tokens, and tracebacks only for real faults.

    Django logs every 4xx at WARNING (with the exception's traceback for a bad body)
    and hostile requests under `django.security` at ERROR, also with a traceback, though
    each was answered with a 400; only a 500 deserves a stack trace. Django's own lines
    name the raw path, which can hold a private measurement token. Formats a copy, so
    other handlers still get the whole record.
    """

    def format(self, record: logging.LogRecord) -> str:
        quiet = record.levelno < logging.ERROR or record.name.startswith("django.security")
        message = record.getMessage()
        redacted = redact_path(message)
        if not quiet and redacted == message:
            return super().format(record)
        copy = logging.makeLogRecord(record.__dict__)
        copy.msg, copy.args = redacted, ()
        if quiet:
            copy.exc_info, copy.exc_text, copy.stack_info = None, None, None
        return super().format(copy)
