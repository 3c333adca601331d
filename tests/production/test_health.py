"""/health/: database and cache checked, JSON for load balancers, one query."""

from __future__ import annotations

from unittest import mock

import pytest


@pytest.mark.django_db
def test_health_is_ok_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_reports_a_failing_cache_with_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.production.broken_cache.BrokenCache"}}
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_health_reports_a_failing_database_with_503(client):
    with mock.patch("pianoo.views.connection.cursor", side_effect=RuntimeError("database down")):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert b"database down" not in response.content


@pytest.mark.django_db
def test_health_is_not_in_the_request_log(client, request_log):
    client.get("/health/")
    client.get("/api/wegwijzer/")
    assert [line["path"] for line in request_log] == ["/api/wegwijzer/"]
