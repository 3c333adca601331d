"""The feedback forms on the real advice and checklist results pages (the imported source)."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("imported_db")]


def test_every_item_of_the_advice_has_a_form_and_the_page_has_general_feedback(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    items = re.findall(r'<li class="item item--(\w+)" id="([^"]+)"', html)
    assert items
    forms = re.findall(r'name="anchor" value="([^"]+)"', html)
    # "opmerking": the page's one shared comment form, which feedback.js copies after a "Nee".
    assert {anchor for _, anchor in items} == set(forms) - {"algemene-feedback", "opmerking"}
    assert html.count("<template data-feedback-comment>") == 1
    assert 'name="context" value="q1=1&amp;q3=2"' in html
    assert 'id="algemene-feedback"' in html
    assert "feedback/feedback.js" in html


def test_after_a_vote_the_advice_shows_thanks_at_the_item(client):
    html = client.get("/wegwijzer/advies/?q1=1&q3=2").content.decode()
    anchor = re.search(r'name="anchor" value="([^"]+-tip-\d+)"', html).group(1)
    again = client.get(f"/wegwijzer/advies/?q1=1&q3=2&bedankt={anchor}").content.decode()
    assert again.count("Bedankt voor uw reactie.") == 1
    assert again.count("Was deze tip nuttig?") == html.count("Was deze tip nuttig?") - 1


def test_the_checklist_results_carry_forms_with_the_scores(client):
    response = client.post("/checklist/resultaat/", {"score-1.1": "2", "score-2.1": "4"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Was deze tip nuttig?" in html
    assert 'name="context" value="1.1=2&amp;2.1=4"' in html
    assert 'name="next" value=""' in html
    assert 'name="page" value="/checklist/resultaat/"' in html
    assert 'id="algemene-feedback"' in html
