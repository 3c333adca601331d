"""Links on the words of a tip: stored as shared links in the tip's rich text, served with the tip.

The expected links of the real source come from the parsed document (whose
checklist links tests/importers/test_parser_checklist.py pins against a
reading of the source); these tests prove that none is lost on the way to the API.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict

import pytest
from django.contrib.admin.utils import quote
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.models import ReferenceIndex
from wagtail.test.utils.form_data import querydict_from_html

from cms.models import Link, Tip
from cms.rich_text import normalise_rich_text
from importers.loader import as_rich_text, distinct_items, load
from importers.site import build_site
from tests.factories import clear_caches, small_document, tip

ANSWER_SETS = [
    "&".join(f"q{i}={v}" for i, v in enumerate(values, start=1))
    for values in itertools.product((1, 2), repeat=5)
]
EFACTUUR = "https://example.org/e-factureren"
RICHTLIJN = "https://example.org/richtlijn"
TIP_TEXT = (
    "Overheden moeten elektronische facturen kunnen ontvangen. Dat staat in de Europese Richtlijn "
    "2014/55/EU & de Aanbestedingswet."
)


def linked_document():
    return small_document(
        Fa=[
            tip(
                TIP_TEXT,
                1,
                (EFACTUUR, "elektronische facturen"),
                (RICHTLIJN, "Europese Richtlijn 2014/55/EU"),
            )
        ]
    )


def api_tips(client, query: str = "q1=1&q2=1&q3=1&q4=1&q5=1") -> list[dict]:
    data = client.get(f"/api/wegwijzer/advice/?{query}").json()
    return [item for activity in data["activities"] for block in activity["blocks"] for item in block["tips"]]


# --- building the rich text ---------------------------------------------------------------


def test_anchors_become_shared_links_on_their_first_whole_occurrence():
    html = as_rich_text("De SRM-tool en SRM.\n\nMeer over SRM.", [("SRM", 7), ("Meer", 8)])
    assert html == (
        '<p>De SRM-tool en <a linktype="sharedlink" id="7">SRM</a>.</p>'
        '<p><a linktype="sharedlink" id="8">Meer</a> over SRM.</p>'
    )


def test_anchor_text_is_escaped_and_a_missing_phrase_adds_no_link():
    html = as_rich_text("Checks & balances.", [("Checks & balances.", 3), ("nergens", 4)])
    assert html == '<p><a linktype="sharedlink" id="3">Checks &amp; balances</a>.</p>'


def test_normalised_rich_text_ignores_block_keys_attribute_order_and_spacing():
    imported = '<p>Zie <a linktype="sharedlink" id="3">de tool</a> &amp; meer.</p><p>Twee</p>'
    edited = '<p data-block-key="x1">Zie  <a id="3" linktype="sharedlink">de tool</a> &amp; meer.</p>\n<p data-block-key="y2">Twee</p>'
    assert normalise_rich_text(imported) == normalise_rich_text(edited)
    assert normalise_rich_text(imported) != normalise_rich_text(imported.replace("Twee", "Drie"))


# --- the small document -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_tip_serves_its_links_on_its_words_and_in_its_links(client):
    load(linked_document())
    [served] = api_tips(client)
    assert served["links"] == [
        {"url": EFACTUUR, "title": "elektronische facturen"},
        {"url": RICHTLIJN, "title": "Europese Richtlijn 2014/55/EU"},
    ]
    assert f'<a href="{EFACTUUR}">elektronische facturen</a>' in served["html"]
    assert f'<a href="{RICHTLIJN}">Europese Richtlijn 2014/55/EU</a>' in served["html"]
    assert served["text"] == TIP_TEXT


@pytest.mark.django_db
def test_the_page_lists_under_a_tip_only_the_links_its_words_do_not_carry(client):
    elsewhere = "https://example.org/niet-in-de-tekst"
    load(small_document(Fa=[tip(TIP_TEXT, 1, (EFACTUUR, "elektronische facturen"), (elsewhere, "nergens"))]))
    build_site(small_document().landing)
    page = client.get("/wegwijzer/advies/?q1=1&q2=1&q3=1&q4=1&q5=1").content.decode()
    [served] = api_tips(client)
    assert [link["url"] for link in served["links"]] == [EFACTUUR, elsewhere]  # the API keeps them all
    assert page.count(f'href="{EFACTUUR}"') == 1  # on the tip's words, not again below it
    [listed] = re.findall(r'<ul class="link-list".*?</ul>', page, re.DOTALL)
    assert f'href="{elsewhere}"' in listed and EFACTUUR not in listed


@pytest.mark.django_db
def test_the_tip_is_listed_under_its_links_usage():
    load(linked_document())
    tip_record = Tip.objects.get(source_key="Fa:tip:1")
    link = Link.objects.get(url=EFACTUUR)
    usages = ReferenceIndex.get_references_to(link)
    assert any(ref.object_id == str(tip_record.pk) for ref in usages)


@pytest.mark.django_db
def test_fixing_the_link_once_fixes_the_words_in_the_tip_and_a_reimport_keeps_it(admin_client, client):
    load(linked_document())
    link = Link.objects.get(url=EFACTUUR)
    url = reverse(link.snippet_viewset.get_url_name("edit"), args=[quote(link.pk)])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["url"] = "https://example.org/e-facturen-nieuw"
    assert admin_client.post(url, data).status_code == 302

    [served] = api_tips(client)
    assert '<a href="https://example.org/e-facturen-nieuw">elektronische facturen</a>' in served["html"]
    report = load(linked_document())
    assert "Fa:tip:1" in report.unchanged
    assert report.skipped == [link.source_key]


@pytest.mark.django_db
def test_the_editor_keeps_the_shared_links_and_an_unchanged_save_is_no_edit(admin_client):
    load(linked_document())
    item = Tip.objects.get(source_key="Fa:tip:1")
    # What Draftail sends back for text it did not change: the contentstate of the stored HTML.
    converter = ContentstateConverter(features=Tip._meta.get_field("text").features)
    contentstate = json.loads(converter.from_database_format(item.text))
    assert {e["data"].get("sharedLinkId") for e in contentstate["entityMap"].values()} == {
        Link.objects.get(url=EFACTUUR).pk,
        Link.objects.get(url=RICHTLIJN).pk,
    }
    url = reverse(item.snippet_viewset.get_url_name("edit"), args=[quote(item.pk)])
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    data["text"] = json.dumps(contentstate)
    data["action-publish"] = "action-publish"
    assert admin_client.post(url, data).status_code == 302

    item.refresh_from_db()
    assert "data-block-key" in item.text  # the editor's own HTML ...
    assert item.text.count('linktype="sharedlink"') == 2
    assert item.revisions.count() == 2
    report = load(linked_document())  # ... is not an edit of the source text
    assert "Fa:tip:1" in report.unchanged and report.skipped == []


@pytest.mark.django_db
def test_rendering_tips_with_shared_links_costs_no_query_per_link(client):
    def queries_for_advice() -> int:
        clear_caches()
        with CaptureQueriesContext(connection) as context:
            assert client.get("/api/wegwijzer/advice/?q1=1&q2=1&q3=1&q4=1&q5=1").status_code == 200
        return len(context.captured_queries)

    load(linked_document())
    one_tip = queries_for_advice()
    many = [
        tip(
            f"Tip {n} over SRM en ICT tools.",
            n,
            (f"https://example.org/s{n}", "SRM"),
            (f"https://example.org/i{n}", "ICT"),
        )
        for n in range(1, 6)
    ]
    load(small_document(Fa=many))
    assert len(api_tips(client)) == 5  # the response cache was cleared by the import's publish
    assert queries_for_advice() == one_tip


# --- the real source --------------------------------------------------------------------------


def test_every_link_of_every_cell_and_statement_stays_on_its_place(document):
    expected = {
        (key, link.url)
        for key, items in [(k, c.items) for k, c in document.cells.items()]
        + [(s.key, s.items) for t in document.themes for s in t.statements]
        for item in items
        for link in item.links
    }
    kept = {
        (cell, link.url)
        for placed in distinct_items(document).values()
        for cell, _ in placed.cells
        for link in placed.item.links
    }
    assert kept == expected
    assert len({pair for pair in expected if pair[0][0].isalpha()}) == 104
    statement_links = [
        link for t in document.themes for s in t.statements for i in s.items for link in i.links
    ]
    assert len(statement_links) == 64  # 61 distinct: three statements cite a URL twice


@pytest.mark.django_db
def test_the_api_serves_every_link_of_the_source_on_the_right_item(client, imported_db, document):
    def by_item(items):
        found = defaultdict(list)
        for key, entries in items:
            for item in entries:
                found[key, item.kind, " ".join(item.text.split())[:60]] += [link.url for link in item.links]
        return found

    expected_cells = by_item((k, c.items) for k, c in document.cells.items())
    expected_statements = by_item((s.key, s.items) for t in document.themes for s in t.statements)

    served = defaultdict(list)
    kinds = {"tips": "tip", "examples": "example", "references": "reference"}
    for query in ANSWER_SETS:
        for activity in client.get(f"/api/wegwijzer/advice/?{query}").json()["activities"]:
            for block in activity["blocks"]:
                for attr, kind in kinds.items():
                    for item in block[attr]:
                        served[block["cell"], kind, item["text"][:60]] = [
                            link["url"] for link in item["links"]
                        ]
    assert served == expected_cells
    assert sum(len(set(urls)) for urls in served.values()) >= 104

    checklist = client.get("/api/checklist/").json()
    served_statements = defaultdict(list)
    tip_anchors = 0
    for theme in checklist["themes"]:
        for statement in theme["statements"]:
            for attr, kind in kinds.items():
                for item in statement[attr]:
                    served_statements[statement["key"], kind, item["text"][:60]] = [
                        link["url"] for link in item["links"]
                    ]
                    if kind == "tip":
                        for link in item["links"]:
                            assert f'<a href="{link["url"].replace("&", "&amp;")}">' in item["html"]
                            tip_anchors += 1
    assert served_statements == expected_statements
    assert sum(len(urls) for urls in served_statements.values()) == 64
    assert tip_anchors == 14
