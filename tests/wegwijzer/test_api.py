"""The wegwijzer JSON API: its fixed contract, error handling and query counts."""

from __future__ import annotations

import itertools

import pytest

from importers.loader import load
from tests.factories import clear_caches, example, reference, small_document, tip


@pytest.fixture
def content(db):
    load(
        small_document(
            Fa=[tip("Algemeen F.", 1)],
            S32=[
                tip("Functioneel specificeren.", 4),
                example("Rijkswaterstaat.", 5, "https://example.org/rws"),
                reference("Kamann", "Decentraal.", 6, "https://example.org/k"),
            ],
            U52=[],
        )
    )


def test_wegwijzer_lists_questions_with_answers_and_activities(client, content):
    data = client.get("/api/wegwijzer/").json()
    assert [q["number"] for q in data["questions"]] == [1, 2, 3, 4, 5]
    first = data["questions"][0]
    assert set(first) >= {"number", "kind", "text", "answers"}
    assert first["answers"] == [
        {"number": 1, "label": "Antwoord 1.1"},
        {"number": 2, "label": "Antwoord 1.2"},
    ]
    assert [a["code"] for a in data["activities"]] == ["F", "A", "S", "U"]
    assert set(data["activities"][0]) >= {"code", "name", "description"}


def test_advice_has_the_fixed_shape(client, content):
    data = client.get("/api/wegwijzer/advice/?q1=2&q2=1&q3=2&q4=1&q5=2").json()
    assert data["answers"] == {"q1": 2, "q2": 1, "q3": 2, "q4": 1, "q5": 2}
    assert [a["code"] for a in data["activities"]] == ["F", "A", "S", "U"]
    assert data["activities"][0]["name"] == "Fundering"
    spec = data["activities"][2]
    assert [b["cell"] for b in spec["blocks"]] == ["S32"]
    block = spec["blocks"][0]
    assert block["tips"][0]["text"] == "Functioneel specificeren."
    assert block["tips"][0]["html"] == "<p>Functioneel specificeren.</p>"
    assert block["examples"][0]["links"] == [{"url": "https://example.org/rws", "title": ""}]
    assert set(block["examples"][0]) >= {"text", "html", "links"}
    assert set(block["references"][0]) >= {"author", "text", "html", "links"}
    assert block["references"][0]["author"] == "Kamann"


def test_each_block_gives_its_reason_after_the_existing_fields(client, content):
    data = client.get("/api/wegwijzer/advice/?q1=2&q2=1&q3=2&q4=1&q5=2").json()
    general = data["activities"][0]["blocks"][0]
    assert general["cell"] == "Fa"
    assert list(general) == ["cell", "tips", "examples", "references", "reason"]
    assert general["reason"] is None
    answer = data["activities"][2]["blocks"][0]
    assert answer["cell"] == "S32"
    assert answer["reason"] == {"question": 3, "answer": 2, "label": "Antwoord 3.2"}


def test_unanswered_questions_add_nothing(client, content):
    data = client.get("/api/wegwijzer/advice/").json()
    assert data["answers"] == {}
    assert [b["cell"] for b in data["activities"][0]["blocks"]] == ["Fa"]
    assert data["activities"][2]["blocks"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("q1=3", "q1"),
        ("q1=abc", "q1"),
        ("q7=1", "q7"),
        ("q1=1&q1=2", "q1"),
        ("q1=%00", "q1"),
        ("q1=1.0", "q1"),
    ],
)
def test_bad_parameters_give_400_with_a_dutch_message(client, content, query, field):
    response = client.get(f"/api/wegwijzer/advice/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert "vraag" in error["message"].lower()


def test_api_errors_for_wrong_methods_are_json_and_dutch(client, content):
    response = client.post("/api/wegwijzer/advice/", data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response.json()["error"]["message"] == "Deze methode is hier niet toegestaan."


@pytest.mark.django_db
def test_all_32_answer_sets_use_a_fixed_number_of_queries(client, content, django_assert_max_num_queries):

    for answers in itertools.product((1, 2), repeat=5):
        clear_caches()
        query = "&".join(f"q{n}={a}" for n, a in enumerate(answers, start=1))
        with django_assert_max_num_queries(12):
            assert client.get(f"/api/wegwijzer/advice/?{query}").status_code == 200


def test_pages_are_served_by_wagtail_api_v2(client, imported_db, db):
    data = client.get("/api/v2/pages/?type=cms.HomePage&fields=introduction,framework,invitation").json()
    assert data["meta"]["total_count"] == 1
    home = data["items"][0]
    assert "Policy Research Corporation" in home["introduction"]
    assert "<ol>" in home["invitation"]
    slugs = {item["meta"]["slug"] for item in client.get("/api/v2/pages/").json()["items"]}
    assert {"wegwijzer", "checklist", "toegankelijkheid"} <= slugs
