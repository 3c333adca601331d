"""The wegwijzer pages: the form, the advice, invalid answers, and their query counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Question
from tests.factories import clear_caches
from wegwijzer.advice import get_advice

pytestmark = pytest.mark.usefixtures("imported_db", "db")

EXAMPLE = "q1=2&q2=2&q3=2&q4=2&q5=1"


class Collector(HTMLParser):
    """The attributes of every start tag, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    collector = Collector()
    collector.feed(html)
    return collector.tags


# ---- The form --------------------------------------------------------------


def test_form_has_a_fieldset_per_question_with_the_answer_labels(client):
    response = client.get("/wegwijzer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<fieldset") == 5 and html.count("<legend") == 5
    assert '<form class="wegwijzer-form" method="get" action="/wegwijzer/advies/"' in html
    for question in Question.objects.prefetch_related("answers"):
        assert question.kind in html
        assert f"Vraag {question.number} van 5" in html
        for answer in question.answers.all():
            input_id = f"q{question.number}-{answer.number}"
            assert (
                f'<input type="radio" name="q{question.number}" id="{input_id}" value="{answer.number}">'
                in html
            )
            assert f'<label for="{input_id}">{answer.label}</label>' in html.replace("&lt;", "<").replace(
                "&gt;", ">"
            )
    assert "required" not in html  # every question may be skipped


def test_form_is_prefilled_from_the_query_string_and_then_not_indexed(client):
    html = client.get("/wegwijzer/?q1=2&q3=1").content.decode()
    checked = [attrs["id"] for tag, attrs in tags(html) if tag == "input" and "checked" in attrs]
    assert checked == ["q1-2", "q3-1"]
    assert '<meta name="robots" content="noindex">' in html
    plain = client.get("/wegwijzer/").content.decode()
    assert "noindex" not in plain
    assert "checked" not in plain


def test_form_ignores_invalid_prefill(client):
    response = client.get("/wegwijzer/?q1=9")
    assert response.status_code == 200
    assert "checked" not in response.content.decode()


# ---- The advice ------------------------------------------------------------


def test_advice_shows_the_same_blocks_in_the_same_order_as_the_api(client):
    api = client.get("/api/wegwijzer/advice/?" + EXAMPLE).json()
    html = client.get("/wegwijzer/advies/?" + EXAMPLE).content.decode()
    sections = html.split('<section class="activity"')[1:]
    assert [a["code"] for a in api["activities"]] == [
        re.search(r'data-activity="(\w)"', section).group(1) for section in sections
    ]
    for activity, section in zip(api["activities"], sections, strict=True):
        assert f">{activity['name']}</h2>" in section
        blocks = activity["blocks"]
        tips_part, _, reading_part = section.partition('class="leeswijzer"')
        # Tips first, block by block; then the leeswijzer: examples, then references per block.
        assert [a["data-cell"] for _, a in tags(tips_part) if "data-cell" in a] == [
            b["cell"] for b in blocks if b["tips"]
        ]
        assert [a["data-cell"] for _, a in tags(reading_part) if "data-cell" in a] == [
            b["cell"] for b in blocks if b["examples"] or b["references"]
        ]
        assert [a["id"] for _, a in tags(tips_part) if "data-item" in a] == [
            f"{b['cell']}-tip-{t['id']}" for b in blocks for t in b["tips"]
        ]
        assert [a["id"] for _, a in tags(reading_part) if "data-item" in a] == [
            f"{b['cell']}-{kind}-{item['id']}"
            for b in blocks
            for kind, items in (("example", b["examples"]), ("reference", b["references"]))
            for item in items
        ]


def test_advice_items_carry_their_cell_and_item_keys(client):
    html = client.get("/wegwijzer/advies/?" + EXAMPLE).content.decode()
    assert 'data-cell="S32"' in html
    assert re.search(r'data-item="tip-\d+"', html)
    ids = [a["id"] for _, a in tags(html) if "id" in a]
    assert len(ids) == len(set(ids)), "ids must be unique even when an item appears in two cells"


def test_advice_shows_authors_and_marks_external_links(client):
    advice = get_advice({1: 2, 2: 2, 3: 2, 4: 2, 5: 1})
    html = client.get("/wegwijzer/advies/?" + EXAMPLE).content.decode()
    references = [r for a in advice.activities for b in a.blocks for r in b.references]
    assert references
    for reference in references:
        assert f'<span class="reference__author">{reference.author}</span>'.replace("&", "&amp;") in html
    external = [a for tag, a in tags(html) if tag == "a" and (a.get("href") or "").startswith("http")]
    assert external
    assert all(a.get("rel") == "noopener noreferrer" for a in external)
    assert html.count("(externe link)") == len(external)


def test_advice_summarises_the_answers_with_a_wijzig_link(client):
    html = client.get("/wegwijzer/advies/?q3=2&q1=2").content.decode()
    assert "Complex / Uniek / Innovatief" in html
    assert "Focus vooral op innovatie en duurzaamheid" in html
    assert html.count("niet beantwoord") == 3
    assert 'href="/wegwijzer/?q1=2&amp;q3=2">Wijzig antwoorden</a>' in html


def test_advice_is_not_indexed_and_has_one_h1(client):
    html = client.get("/wegwijzer/advies/?" + EXAMPLE).content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert html.count("<h1") == 1


def test_advice_without_answers_gives_the_general_cells(client):
    response = client.get("/wegwijzer/advies/")
    assert response.status_code == 200
    html = response.content.decode()
    cells = {a["data-cell"] for _, a in tags(html) if "data-cell" in a}
    assert cells and cells <= {"Fa", "Aa", "Sa", "Ua"}
    assert "U heeft geen vragen beantwoord" in html
    assert 'href="/wegwijzer/">Wijzig antwoorden</a>' in html


def test_activity_without_blocks_says_so(client, monkeypatch):
    from wegwijzer.advice import ActivityAdvice, Advice

    empty = Advice(answers={}, activities=[ActivityAdvice("F", "Fundering", "Uitleg.")])
    monkeypatch.setattr("wegwijzer.models.get_advice", lambda answers: empty)
    html = client.get("/wegwijzer/advies/").content.decode()
    assert "Voor deze inkoopactiviteit zijn er bij uw antwoorden geen aanvullende tips." in html


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("q1=3", "moet 1 of 2 zijn"),
        ("q1=abc", "moet 1 of 2 zijn"),
        ("q7=1", "Onbekende vraag"),
        ("q1=1&q1=2", "meer dan één keer"),
        ("q0=1", "Onbekende vraag"),
        ("q99999999999999999999=1", "Onbekende vraag"),
    ],
)
def test_invalid_answers_give_a_dutch_400_page(client, query, fragment):
    response = client.get("/wegwijzer/advies/?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert fragment in html
    assert "Deze antwoorden kunnen we niet lezen" in html
    assert 'href="/wegwijzer/">Terug naar de vragen</a>' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<html lang="nl">' in html


# ---- Query counts -----------------------------------------------------------


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 400)
    return len(queries)


# Measured: the page route itself takes six (site, three page lookups, aliases,
# view restrictions); each cached lookup adds one content-version read.
@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        ("/wegwijzer/", 12, 8),
        ("/wegwijzer/?q1=2", 12, 8),
        ("/wegwijzer/advies/?" + EXAMPLE, 20, 9),
        ("/wegwijzer/advies/", 20, 9),
        ("/wegwijzer/advies/?q1=x", 9, 7),
    ],
)
def test_pages_render_in_a_fixed_small_number_of_queries(
    client, django_assert_max_num_queries, url, cold, warm
):
    clear_caches()
    with django_assert_max_num_queries(cold):
        client.get(url)
    # Warm: the questions and the advice come from the cache.
    with django_assert_max_num_queries(warm):
        client.get(url)


def test_advice_queries_do_not_grow_with_the_amount_of_content(client):
    clear_caches()
    few = count_queries(client, "/wegwijzer/advies/")
    clear_caches()
    many = count_queries(client, "/wegwijzer/advies/?" + EXAMPLE)
    blocks_few = sum(len(a.blocks) for a in get_advice({}).activities)
    blocks_many = sum(len(a.blocks) for a in get_advice({1: 2, 2: 2, 3: 2, 4: 2, 5: 1}).activities)
    assert blocks_many > 3 * blocks_few
    assert many == few
