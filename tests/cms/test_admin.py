"""The content admin: login, filters, search, cell keys, taxonomy, drafts and preview."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from cms.models import Activity, Example, Question, Reference, Tip
from importers.loader import load
from tests.factories import example, reference, small_document, tip


@pytest.fixture
def content(db):
    load(
        small_document(
            Fa=[tip("Organisatiebrede fundering centraal.", 1)],
            S32=[tip("Functioneel specificeren.", 2), reference("Kamann", "Decentraal specificeren.", 3)],
            A12=[example("In Duitsland KOINNO.", 4, "https://example.org/koinno")],
        )
    )


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("redacteur", "r@example.org", "geheim-wachtwoord-1")
    client.force_login(user)
    return client


def listing(model) -> str:
    return reverse(f"wagtailsnippets_cms_{model._meta.model_name}:list")


def test_admin_requires_login(client, content):
    response = client.get(listing(Tip))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_listing_shows_cell_keys_with_their_names(editor, content):
    html = editor.get(listing(Tip)).content.decode()
    assert "Organisatiebrede fundering centraal." in html
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", html)
    assert {
        "Fa · Fundering, algemeen",
        "S32 · Specificatie, vraag 3: Antwoord 3.2",
        "1.1 · Strategie: Zijn de ambities bekend?",  # the checklist statement's tip
    } <= set(cells)
    assert "Gepubliceerd" in cells and "True" not in cells


def listed_texts(editor, model, **params) -> set[str]:
    html = editor.get(listing(model), params).content.decode()
    texts = {str(item) for item in model.objects.all()}
    return {text for text in texts if text in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("S32", {"Functioneel specificeren."}),
        ("s32", {"Functioneel specificeren."}),
        ("Fa", {"Organisatiebrede fundering centraal."}),
        ("1.1", {"Maak ambities bekend."}),
        ("S31", set()),
        ("specificeren", {"Functioneel specificeren."}),  # words still search the text
    ],
)
def test_searching_a_cell_code_finds_that_cells_items(editor, content, query, expected):
    assert listed_texts(editor, Tip, q=query) == expected


def test_searching_references_by_cell_code(editor, content):
    assert listed_texts(editor, Reference, q="S32") == {"Kamann: Decentraal specificeren."}
    assert listed_texts(editor, Reference, q="Fa") == set()


def test_filters_name_the_cells_answers_and_statements(editor, content):
    html = editor.get(listing(Tip)).content.decode()
    assert '<option value="S32">S32 · Specificatie, vraag 3: Antwoord 3.2</option>' in html
    assert '<option value="Fa">Fa · Fundering, algemeen</option>' in html
    assert "1.1 · Strategie: Zijn de ambities bekend?</option>" in html
    assert "Vraag 3, antwoord 2: Antwoord 3.2</option>" in html
    assert listed_texts(editor, Tip, cell="S32") == {"Functioneel specificeren."}
    assert listed_texts(editor, Tip, cell="1.1") == {"Maak ambities bekend."}


def test_the_tip_listing_costs_the_same_queries_for_more_tips(editor, content, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert editor.get(listing(Tip), {"q": "S32"}).status_code == 200
    load(
        small_document(
            S32=[tip(f"Specificeer {n}.", n) for n in range(1, 8)],
            Fa=[tip("Organisatiebrede fundering centraal.", 1)],
        )
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert editor.get(listing(Tip), {"q": "S32"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        (lambda: {"activity": Activity.objects.get(code="S").pk}, "Functioneel", "Organisatiebrede"),
        (lambda: {"question": Question.objects.get(number=3).pk}, "Functioneel", "Organisatiebrede"),
        (
            lambda: {"answer": Question.objects.get(number=3).answers.get(number=2).pk},
            "Functioneel",
            "Organisatiebrede",
        ),
        (lambda: {"general": "true"}, "Organisatiebrede", "Functioneel"),
        (lambda: {"live": "False"}, None, "Functioneel"),
        (lambda: {"q": "specificeren"}, "Functioneel", "Organisatiebrede"),
    ],
)
def test_tip_listing_filters_and_search(editor, content, params, present, absent):
    html = editor.get(listing(Tip), params()).content.decode()
    if present:
        assert present in html
    assert absent not in html


def test_filter_by_checklist_theme_and_statement(editor, content):
    from cms.models import ChecklistStatement

    statement = ChecklistStatement.objects.get(theme__number=1, number=1)
    html = editor.get(listing(Tip), {"statement": statement.pk}).content.decode()
    assert "Maak ambities bekend." in html and "Functioneel" not in html
    html = editor.get(listing(Tip), {"theme": statement.theme.pk}).content.decode()
    assert "Maak ambities bekend." in html and "Organisatiebrede" not in html


def test_reference_and_example_listings_search_author_and_text(editor, content):
    assert "Decentraal specificeren." in editor.get(listing(Reference), {"q": "Kamann"}).content.decode()
    assert "KOINNO" in editor.get(listing(Example), {"q": "Duitsland"}).content.decode()


def test_taxonomy_is_editable(editor, content):
    question = Question.objects.get(number=1)
    url = reverse("wagtailsnippets_cms_question:edit", args=[question.pk])
    response = editor.get(url)
    assert response.status_code == 200
    assert "Antwoord 1.1" in response.content.decode()


def test_edit_view_and_preview_render(editor, content):
    item = Tip.objects.get(source_key="S32:tip:1")
    edit = editor.get(reverse("wagtailsnippets_cms_tip:edit", args=[item.pk]))
    assert edit.status_code == 200
    preview_url = reverse("wagtailsnippets_cms_tip:preview_on_edit", args=[item.pk])
    assert editor.get(preview_url).status_code == 200


def test_a_draft_is_not_public_until_published(editor, content, client):
    item = Tip.objects.get(source_key="S32:tip:1")
    item.text = "<p>Concepttekst.</p>"
    item.save_revision()
    data = client.get("/api/wegwijzer/advice/?q3=2").json()
    texts = [t["text"] for a in data["activities"] for b in a["blocks"] for t in b["tips"]]
    assert "Functioneel specificeren." in texts and "Concepttekst." not in texts
    item.get_latest_revision().publish()
    data = client.get("/api/wegwijzer/advice/?q3=2").json()
    texts = [t["text"] for a in data["activities"] for b in a["blocks"] for t in b["tips"]]
    assert "Concepttekst." in texts


def test_search_works_while_sorted_by_helpfulness(editor, content):
    for ordering in ("helpful_yes", "-helpful_no"):
        response = editor.get(listing(Tip), {"q": "specificeren", "ordering": ordering})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Functioneel specificeren." in html and "Organisatiebrede" not in html
