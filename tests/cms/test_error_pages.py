"""Visitors never meet Django's English error pages."""

from __future__ import annotations


def test_oversized_post_gets_the_dutch_400_page(client, imported_db, db):
    response = client.post("/checklist/resultaat/", data={"x": "a" * 100_000})
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()


def test_too_many_fields_gets_the_dutch_400_page(client, imported_db, db):
    response = client.post("/checklist/resultaat/", data={f"f{i}": "1" for i in range(500)})
    assert response.status_code == 400
    assert "niet goed opgebouwd" in response.content.decode()
