"""/health/: the truth about the database (read and write), the cache as "degraded", JSON."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError

from tests.production.conftest import BROKEN_CACHE


@pytest.mark.django_db
def test_health_is_ok_with_a_read_and_a_rolled_back_write(client, django_assert_num_queries):
    from django.db import connection

    # A read; savepoint, write, rollback, release; on SQLite the busy timeout shortened and restored.
    with django_assert_num_queries(7 if connection.vendor == "sqlite" else 5):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_failing_cache_is_degraded_with_200_because_the_site_still_serves(client, settings):
    settings.CACHES = BROKEN_CACHE
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}


@pytest.mark.django_db
def test_an_unreadable_database_is_503(client):
    with mock.patch("pianoo.database.connections") as connections:
        connection = connections.__getitem__.return_value
        connection.vendor = "postgresql"
        connection.cursor.side_effect = OperationalError("database down")
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreadable", "cache": "ok"}
    assert b"database down" not in response.content


@pytest.mark.django_db
def test_a_database_that_refuses_writes_is_503(client):
    from django.db import connection

    real_cursor = connection.cursor

    def cursor(*args, **kwargs):
        wrapped = real_cursor(*args, **kwargs)
        execute = wrapped.execute

        def guarded(sql, params=None):
            if sql.startswith("DELETE"):
                raise OperationalError("attempt to write a readonly database")
            return execute(sql, params)

        wrapped.execute = guarded
        return wrapped

    with mock.patch.object(connection, "cursor", cursor):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "read-only"


@pytest.mark.django_db
def test_health_is_not_in_the_request_log(client, request_log):
    client.get("/health/")
    client.get("/api/wegwijzer/")
    assert [line["path"] for line in request_log] == ["/api/wegwijzer/"]
