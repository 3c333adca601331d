"""The checklist API: the statements with their content, and scoring, on the real content."""

from __future__ import annotations

import json

import pytest

from checklist.scoring import get_result

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]

URL = "/api/checklist/"
RESULTS = "/api/checklist/results/"


def post(client, data) -> tuple[int, dict]:
    body = data if isinstance(data, str) else json.dumps(data)
    response = client.post(RESULTS, body, content_type="application/json")
    return response.status_code, response.json()


class TestChecklist:
    def test_scale_themes_and_statements(self, client):
        response = client.get(URL)
        assert response.status_code == 200
        data = response.json()
        assert data["scale"] == [
            {"value": 1, "label": "Oneens"},
            {"value": 2, "label": "Eerder oneens"},
            {"value": 3, "label": "Eerder eens"},
            {"value": 4, "label": "Helemaal eens"},
        ]
        assert [t["number"] for t in data["themes"]] == [1, 2, 3]
        assert [t["short_title"] for t in data["themes"]][:2] == ["Strategie", "Processen"]
        keys = [s["key"] for t in data["themes"] for s in t["statements"]]
        assert keys == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7"]
        for theme in data["themes"]:
            for statement in theme["statements"]:
                assert set(statement) == {"key", "text", "clarifications", "tips", "examples", "references"}

    def test_statements_carry_their_clarifications_and_items(self, client):
        statements = {s["key"]: s for t in client.get(URL).json()["themes"] for s in t["statements"]}
        assert "E-tendering" in statements["3.3"]["clarifications"]
        assert statements["1.1"]["clarifications"] == []
        assert statements["1.2"]["tips"][0]["text"]
        reference = statements["1.2"]["references"][0]
        assert {"id", "author", "text", "html", "links"} <= set(reference)
        assert reference["links"][0]["url"].startswith("http")


class TestResults:
    def test_returns_the_same_result_as_the_page(self, client):
        scores = {"1.1": 2, "1.2": "3", "2.1": 1, "3.3": ""}
        status, data = post(client, {"scores": scores})
        assert status == 200
        assert data == json.loads(json.dumps(get_result({"1.1": 2, "1.2": 3, "2.1": 1}).as_json()))
        assert data["themes"][0]["average"] == 2.5
        assert data["themes"][2]["average"] is None
        assert [s["key"] for s in data["themes"][0]["statements"]] == ["1.1", "1.2", "1.3"]
        assert data["themes"][0]["statements"][2]["label"] == "niet ingevuld"
        assert "niet ingevulde stellingen tellen niet mee" in data["method"]

    @pytest.mark.parametrize(
        ("body", "field", "fragment"),
        [
            ({"scores": {"1.1": 5}}, "1.1", "moet 1, 2, 3 of 4 zijn"),
            ({"scores": {"1.1": True}}, "1.1", "moet 1, 2, 3 of 4 zijn"),
            ({"scores": {"1.1": [3]}}, "1.1", "moet 1, 2, 3 of 4 zijn"),
            ({"scores": {"9.1": 3}}, "9.1", "Onbekende stelling"),
            ({"scores": [3, 4]}, "scores", "Stuur een object"),
            ({"punten": {"1.1": 3}}, "scores", "Stuur een object"),
            ([1, 2], "scores", "Stuur een object"),
        ],
    )
    def test_bad_input_is_a_dutch_400_naming_the_field(self, client, body, field, fragment):
        status, data = post(client, body)
        assert status == 400
        assert data["error"]["field"] == field
        assert fragment in data["error"]["message"]

    def test_malformed_json_is_a_dutch_400(self, client):
        status, data = post(client, '{"scores": {"1.1": 3')
        assert status == 400
        assert data["error"]["message"] == "De aanvraag is geen geldige JSON."
