"""POST /api/feedback/: the happy paths, and every bad input as a Dutch 400 (never a 500)."""

from __future__ import annotations

import json

import pytest

from feedback.models import Feedback

URL = "/api/feedback/"


def post(client, body, content_type="application/json", **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.generic("POST", URL, data, content_type=content_type, **extra)


class TestHappyPaths:
    def test_a_vote_on_a_tip_is_stored_and_its_id_returned(self, client, a_tip):
        response = post(
            client,
            {"kind": "tip", "id": a_tip.pk, "helpful": True, "cell": "S32", "context": "q3=2&q1=1"},
        )
        assert response.status_code == 201
        feedback = Feedback.objects.get()
        assert response.json() == {"id": feedback.pk, "message": "Bedankt voor uw reactie."}
        assert feedback.channel == "api"
        assert feedback.revision == a_tip.live_revision_id
        assert feedback.context == "q1=1&q3=2"

    def test_a_no_with_a_comment_in_one_request(self, client, a_reference):
        response = post(
            client, {"kind": "reference", "id": a_reference.pk, "helpful": False, "comment": "Oud."}
        )
        assert response.status_code == 201
        assert Feedback.objects.get().comment == "Oud."

    def test_general_feedback(self, client, db):
        response = post(client, {"kind": "general", "comment": "Fijn hulpmiddel.", "context": "1.1=3"})
        assert response.status_code == 201
        assert Feedback.objects.get().tool == "checklist"

    def test_a_repeat_returns_the_same_id_with_200(self, client, a_tip):
        body = {"kind": "tip", "id": a_tip.pk, "helpful": True}
        first = post(client, body).json()["id"]
        response = post(client, body)
        assert response.status_code == 200
        assert response.json()["id"] == first
        assert Feedback.objects.count() == 1

    def test_too_many_requests_get_a_dutch_429(self, client, a_tip, rate_limited):
        for _ in range(2):
            post(client, {"kind": "tip", "id": a_tip.pk, "helpful": True})
        response = post(client, {"kind": "tip", "id": a_tip.pk, "helpful": True})
        assert response.status_code == 429
        assert "te veel verzoeken" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "kind"),
        ({"kind": "tip"}, "id"),
        ({"kind": "tip", "id": "x", "helpful": True}, "id"),
        ({"kind": "tip", "id": 999999, "helpful": True}, "id"),
        ({"kind": "tip", "id": 1.5, "helpful": True}, "id"),
        ({"kind": "tip", "id": [1], "helpful": True}, "id"),
        ({"kind": "tip", "id": -1, "helpful": True}, "id"),
        ({"kind": "tip", "id": 2**70, "helpful": True}, "id"),
        ({"kind": "tip", "id": 1}, "helpful"),
        ({"kind": "tip", "id": 1, "helpful": "misschien"}, "helpful"),
        ({"kind": "tip", "id": 1, "helpful": None}, "helpful"),
        ({"kind": "tip", "id": 1, "helpful": True, "comment": 5}, "comment"),
        ({"kind": "tip", "id": 1, "helpful": True, "comment": "x" * 1001}, "comment"),
        ({"kind": "tip", "id": 1, "helpful": True, "cell": "Q1"}, "cell"),
        ({"kind": "tip", "id": 1, "helpful": True, "context": {"q1": {"a": 1}}}, "context"),
        ({"kind": "tip", "id": 1, "helpful": True, "context": ["q1=1"]}, "context"),
        ({"kind": "tip", "id": 1, "helpful": True, "page": "http://elders.example/"}, "page"),
        ({"kind": "tip", "id": 1, "helpful": True, "tool": 7}, "tool"),
        ({"kind": "general"}, "comment"),
        ({"kind": "general", "comment": "x", "id": 1}, "id"),
        ({"kind": None}, "kind"),
        ({"kind": {"$gt": ""}}, "kind"),
    ],
)
def test_bad_input_is_a_dutch_400_naming_the_field(client, a_tip, body, field):
    response = post(client, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == field
    assert error["message"]
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"", "application/json"),
        (b'"tip"', "application/json"),
        (b"[1, 2]", "application/json"),
        (b"null", "application/json"),
        (b'{"kind": "tip", "comment": "\xff\xfe"}', "application/json"),
        (b"kind=tip&id=1&helpful=true", "application/x-www-form-urlencoded"),
        (b"<feedback/>", "text/xml"),
    ],
)
def test_malformed_bodies_are_a_dutch_400(client, a_tip, body, content_type):
    response = post(client, body, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["message"]


def test_an_oversized_body_is_a_dutch_400_and_keeps_what_was_stored(client, a_tip):
    post(client, {"kind": "tip", "id": a_tip.pk, "helpful": True})
    response = post(client, {"kind": "general", "comment": "x" * 70_000})
    assert response.status_code == 400
    assert "te groot" in response.json()["error"]["message"]
    assert Feedback.objects.count() == 1


def test_get_is_a_dutch_405(client, db):
    response = client.get(URL)
    assert response.status_code == 405
    assert response.json()["error"]["message"] == "Deze methode is hier niet toegestaan."


def test_no_csrf_is_needed_for_headless_clients(a_tip):
    from django.test import Client

    response = post(Client(enforce_csrf_checks=True), {"kind": "tip", "id": a_tip.pk, "helpful": False})
    assert response.status_code == 201
