"""The inbox's CSV export: visitors' text can never run as a spreadsheet formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from feedback.models import Feedback
from pianoo.exports import neutralise_formula

PAYLOADS = ['=HYPERLINK("https://example.org","klik")', "+SUM(1+1)", "-2+3", "@SUM(1+1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_starts_are_neutralised(payload):
    assert neutralise_formula(payload) == "'" + payload
    assert neutralise_formula("Gewoon = tekst") == "Gewoon = tekst"
    assert neutralise_formula(3) == 3


@pytest.mark.django_db
def test_the_csv_export_neutralises_every_formula(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("r", "r@example.org", "geheim-wachtwoord-1")
    )
    for payload in PAYLOADS:
        Feedback.objects.create(kind="general", tool="wegwijzer", helpful=False, comment=payload)
    response = client.get(reverse("feedback_feedback_modeladmin_index"), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    comments = {row[next(k for k in row if "opmerking" in k.lower())] for row in rows}
    assert comments == {"'" + payload for payload in PAYLOADS}
