"""The API contract: the OpenAPI schema must match the committed snapshot (`make schema`)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import yaml
from django.core.management import call_command

SNAPSHOT = Path(__file__).resolve().parent / "api_schema.yaml"
PATHS = [
    "/api/wegwijzer/",
    "/api/wegwijzer/advice/",
    "/api/checklist/",
    "/api/checklist/results/",
    "/api/checklist/national/",
    "/api/checklist/rounds/",
    "/api/checklist/series/{token}/",
    "/api/checklist/rounds/{token}/",
    "/api/checklist/rounds/{token}/close/",
    "/api/checklist/participate/{token}/",
    "/api/checklist/responses/{token}/",
    "/api/feedback/",
]


def generate(tmp_path: Path) -> str:
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target), "--fail-on-warn", stdout=StringIO(), stderr=StringIO())
    return target.read_text(encoding="utf-8")


def test_the_schema_matches_the_snapshot(tmp_path):
    generated = generate(tmp_path)
    assert generated == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API schema changed. If that is intended, run `make schema` and commit tests/api_schema.yaml."
    )


def test_the_schema_covers_every_public_endpoint_with_shapes(tmp_path):
    schema = yaml.safe_load(generate(tmp_path))
    assert sorted(schema["paths"]) == sorted(PATHS)
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            assert {"200", "201", "204"} & set(operation["responses"]), path
            for status, response in operation["responses"].items():
                if status == "204":  # deleted: no body
                    continue
                assert "$ref" in response["content"]["application/json"]["schema"], path
    assert schema["paths"]["/api/feedback/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["paths"]["/api/checklist/results/"]["post"]["requestBody"]
    rounds = schema["paths"]["/api/checklist/rounds/{token}/"]
    assert set(rounds) >= {"get", "patch", "delete"}
    assert "409" in schema["paths"]["/api/checklist/participate/{token}/"]["post"]["responses"]
    assert "put" in schema["paths"]["/api/checklist/responses/{token}/"]


def test_the_schema_is_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/feedback/" in response.content
