"""The database under concurrency and failure: SQLite options, a moved file, busy answers, health.

SQLite is the embedded default, and several processes (gunicorn workers, an import,
a restore) write to one file:

- WAL journal, so readers never wait for the writer and the writer never waits for
  readers;
- immediate write transactions (Django 5.2's ``transaction_mode``): a transaction
  takes the write lock when it begins. A deferred one that reads first and writes
  later cannot wait for the lock when another writer got in between; SQLite
  answers "database is locked" at once, whatever the timeout. That is how a double
  click on "Nee" gave a 500;
- a busy timeout, so a writer waits for the other's commit instead of failing.

Production opens the file with ``mode=rw``: a missing file is an error, never a new
empty database (``DJANGO_SQLITE_CREATE=true`` lets ``make data``'s migrate create it).
Each process remembers which file (device and inode) its connection opened; when
the path now names another file (a restore onto a deleted database, a swapped
file) or none, the connection is closed at the start of the next request, so the
process follows the path instead of serving a file nobody else sees.

When the database still cannot answer (locked beyond the timeout, missing,
unreadable), visitors get a Dutch 503 with Retry-After, JSON under /api/, instead
of a 500 (`unavailable_response`, called from handler500). `/health/` uses
`database_status`: it reads and tries a write, and never creates a file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import DatabaseError, OperationalError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from cms.errors import error_body
from pianoo.settings.sqlite import BUSY_TIMEOUT_SECONDS

logger = logging.getLogger(__name__)

# /health/ must answer quickly even while an import holds the write lock.
HEALTH_BUSY_TIMEOUT_MS = 250
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = (
    "De website is even druk bezig met het opslaan van gegevens. Probeer het over een paar seconden opnieuw."
)


def sqlite_path(connection: BaseDatabaseWrapper) -> Path | None:
    """The file behind an SQLite connection, or None (another vendor, or in memory)."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():  # type: ignore[attr-defined]
        return None
    name = str(connection.settings_dict["NAME"])
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    return Path(name)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def remember_file(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """connection_created receiver: note which file this connection opened."""
    path = sqlite_path(connection)
    if path is not None:
        connection.opened_file = _identity(path)  # type: ignore[attr-defined]


def follows_path(connection: BaseDatabaseWrapper) -> bool:
    """False when the connection's file is no longer the one at its path (moved, replaced, gone)."""
    path = sqlite_path(connection)
    if path is None or connection.connection is None:
        return True
    return getattr(connection, "opened_file", None) == _identity(path)


def close_stale_connections(**kwargs: object) -> None:
    """request_started receiver: reopen the database when its file was moved or replaced."""
    for connection in connections.all(initialized_only=True):
        if not follows_path(connection) and not connection.in_atomic_block:
            logger.warning("The database file at %s changed; reconnecting.", sqlite_path(connection))
            connection.close()


def is_unavailable(error: BaseException | None) -> bool:
    """Whether `error` means the database can't answer now (locked, missing, unreadable, read-only)."""
    # Not IntegrityError, DataError or ProgrammingError: those are faults of ours.
    return isinstance(error, OperationalError) or type(error) is DatabaseError


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """A Dutch 503 with Retry-After: JSON in the API's error shape under /api/, a small page otherwise."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(None, UNAVAILABLE_MESSAGE), status=503)
    else:
        response = HttpResponse(
            '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
            "<title>Even geduld</title></head><body><main>"
            f"<h1>Even geduld</h1><p>{escape(UNAVAILABLE_MESSAGE)}</p>"
            '<p><a href="/">Naar de startpagina</a></p></main></body></html>',
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_status(alias: str = "default") -> str:
    """'ok', or what is wrong: 'missing', 'unreadable' or 'read-only'. Never creates a file.

    A read, then a write that changes nothing (rolled back). A write lock held by
    someone else (an import) means the database is writable, so it counts as ok.
    """
    connection = connections[alias]
    path = sqlite_path(connection)
    if path is not None:
        if _identity(path) is None:
            return "missing"
        if not follows_path(connection) and not connection.in_atomic_block:
            connection.close()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database cannot be read.", exc_info=True)
        return "unreadable"
    sqlite = connection.vendor == "sqlite"
    try:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {HEALTH_BUSY_TIMEOUT_MS}")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations WHERE 1 = 0")
            transaction.set_rollback(True, using=alias)
    except OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return "ok"
        logger.warning("Health check: the database cannot be written.", exc_info=True)
        return "read-only"
    except DatabaseError:
        logger.warning("Health check: the database cannot be written.", exc_info=True)
        return "read-only"
    finally:
        if sqlite and connection.connection is not None:
            try:
                with connection.cursor() as cursor:
                    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            except DatabaseError:
                connection.close()
    return "ok"
