"""The API's JSON renderer: orjson's speed, DRF's output."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from pianoo.renderers import FastJSONRenderer

DATA = {
    "text": "Één beleid – “strategisch” inkopen",
    "lazy": gettext_lazy("Dutch"),
    "amount": Decimal("2.50"),
    "when": dt.datetime(2026, 11, 28, 9, 30, 0, 123000, tzinfo=dt.UTC),
    "nested": [{"score": 3, "average": 2.67, "none": None, "flag": True}],
    "scores": {"1.1": 3},
}


def test_the_json_means_the_same_as_drfs():
    fast = FastJSONRenderer().render(DATA, "application/json")
    assert json.loads(fast) == json.loads(JSONRenderer().render(DATA, "application/json"))
    assert "Één beleid".encode() in fast  # UTF-8, not \\u escapes, like DRF's UNICODE_JSON
    assert b'"when":"2026-11-28T09:30:00.123000Z"' in fast  # UTC as Z, like DRF


def test_non_string_keys_and_empty_data():
    assert json.loads(FastJSONRenderer().render({1: "a"})) == {"1": "a"}
    assert FastJSONRenderer().render(None) == b""


def test_an_indent_request_gets_indented_output():
    out = FastJSONRenderer().render({"a": [1]}, "application/json; indent=2")
    assert out.decode() == '{\n  "a": [\n    1\n  ]\n}'


def test_the_api_answers_with_it(client, db):
    response = client.get("/api/wegwijzer/")
    assert response["Content-Type"] == "application/json"
    assert response.content == FastJSONRenderer().render(response.json())
