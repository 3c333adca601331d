"""The wegwijzer pages: the form, the advice, invalid answers, and their query counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import Question
from tests.factories import clear_caches
from wegwijzer.advice import get_advice

pytestmark = pytest.mark.usefixtures("imported_db", "db")

EXAMPLE = "q1=2&q2=2&q3=2&q4=2&q5=1"
WORKED_EXAMPLE = "q1=2&q2=1&q3=2&q4=1&q5=2"


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
    # "Wijzig" opens the form at a question (#vraag-3): the fieldset takes the focus, also without JavaScript.
    fieldsets = [attrs for tag, attrs in tags(html) if tag == "fieldset"]
    assert [(f["id"], f["tabindex"]) for f in fieldsets] == [(f"vraag-{n}", "-1") for n in range(1, 6)]
    assert "Begin opnieuw" not in html


def test_form_is_prefilled_from_the_query_string_and_then_not_indexed(client):
    html = client.get("/wegwijzer/?q1=2&q3=1").content.decode()
    checked = [attrs["id"] for tag, attrs in tags(html) if tag == "input" and "checked" in attrs]
    assert checked == ["q1-2", "q3-1"]
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/wegwijzer/">Begin opnieuw</a>' in html
    plain = client.get("/wegwijzer/").content.decode()
    assert "noindex" not in plain
    assert "checked" not in plain


def test_form_ignores_invalid_prefill(client):
    response = client.get("/wegwijzer/?q1=9")
    assert response.status_code == 200
    assert "checked" not in response.content.decode()


# ---- The advice ------------------------------------------------------------


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def first_places(api: dict) -> list[tuple[str, str, int]]:
    """(cell, kind, id) of every item in the API's blocks, in order, each item once (items
    that read the same, kind, text and author, count as one)."""
    seen: set[tuple[str, str, str]] = set()
    result = []
    for activity in api["activities"]:
        for block in activity["blocks"]:
            for kind, items in (
                ("tip", block["tips"]),
                ("example", block["examples"]),
                ("reference", block["references"]),
            ):
                for item in items:
                    key = (kind, " ".join(item["text"].split()).casefold(), item.get("author", ""))
                    if key not in seen:
                        seen.add(key)
                        result.append((block["cell"], kind, item["id"]))
    return result


@pytest.mark.parametrize("query", [EXAMPLE, WORKED_EXAMPLE, "q1=1&q2=2&q3=1&q4=2&q5=1"])
def test_advice_shows_the_api_blocks_in_order_and_each_item_once_in_its_first_place(client, query):
    api = client.get("/api/wegwijzer/advice/?" + query).json()
    page = soup(client.get("/wegwijzer/advies/?" + query).content.decode())
    sections = page.select("section.activity")
    assert [s["data-activity"] for s in sections] == [a["code"] for a in api["activities"]]
    for activity, section in zip(api["activities"], sections, strict=True):
        assert section.h2.get_text() == activity["name"]
        assert [b["data-cell"] for b in section.select(".block")] == [b["cell"] for b in activity["blocks"]]
    shown = [
        (item.find_parent(class_="block")["data-cell"], *item["data-item"].split("-"))
        for item in page.select("[data-item]")
    ]
    assert [(cell, kind, int(i)) for cell, kind, i in shown] == first_places(api)
    # No item's text appears twice: each shown once (the source has a few items that quote
    # another one whole, e.g. Ua's example inside U32's; those are two items, shown once each).
    main = " ".join(page.main.get_text(" ").split())
    texts = {
        " ".join(item["text"].split())
        for activity in api["activities"]
        for block in activity["blocks"]
        for item in (*block["tips"], *block["examples"], *block["references"])
    }
    assert texts
    for text in texts:
        quoted_by = sum(1 for other in texts if other != text and text in other)
        assert main.count(text) == 1 + quoted_by, text


def test_every_block_says_why_it_is_shown(client):
    api = client.get("/api/wegwijzer/advice/?" + WORKED_EXAMPLE).json()
    page = soup(client.get("/wegwijzer/advies/?" + WORKED_EXAMPLE).content.decode())
    questions = {q["number"]: q for q in client.get("/api/wegwijzer/").json()["questions"]}
    for activity in api["activities"]:
        for block in activity["blocks"]:
            element = page.select_one(f"#advies-{block['cell']}")
            heading = element.select_one("h3").get_text()
            reason = block["reason"]
            if reason is None:
                assert heading == "Voor elke inkoopsituatie"
                assert element.select_one(".block__question") is None
            else:
                question = questions[reason["question"]]
                label = next(a["label"] for a in question["answers"] if a["number"] == reason["answer"])
                assert heading == f"Omdat u antwoordde: {label}"
                assert element.select_one(".block__question").get_text() == (
                    f"Vraag {reason['question']}: {question['text']}"
                )
            # The tips come first, outside the folded leeswijzer.
            assert len(element.select(".item--tip")) == len(element.select(".item--tip:not(details *)"))


def test_an_item_of_two_blocks_is_shown_once_and_names_the_other_reason(client):
    api = client.get("/api/wegwijzer/advice/?" + WORKED_EXAMPLE).json()
    # The same reference (same text and author) in two blocks; the API keeps both.
    places: dict[tuple[str, str], list[tuple[str, dict, int]]] = {}
    for activity in api["activities"]:
        for block in activity["blocks"]:
            for reference in block["references"]:
                key = (" ".join(reference["text"].split()), reference["author"])
                places.setdefault(key, []).append((activity["name"], block, reference["id"]))
    repeated = {key: where for key, where in places.items() if len(where) > 1}
    assert repeated, "the worked example has a reference in two blocks"
    page = soup(client.get("/wegwijzer/advies/?" + WORKED_EXAMPLE).content.decode())
    kind = "reference"
    for where in repeated.values():
        (first_activity, first_block, item_id), *others = where
        shown = page.select(f'[data-item="{kind}-{item_id}"]')
        assert len(shown) == 1
        assert not [
            other_id
            for *_, other_id in others
            if other_id != item_id and page.select(f'[data-item="{kind}-{other_id}"]')
        ]
        assert shown[0]["id"] == f"{first_block['cell']}-{kind}-{item_id}"
        also = shown[0].select_one(".item__also")
        assert also.get_text().startswith("Ook van toepassing bij: ")
        for activity, block, _ in others:
            label = block["reason"]["label"] if block["reason"] else None
            reason = f"Omdat u antwoordde: {label}" if label else "Voor elke inkoopsituatie"
            link = also.find("a", href=f"#advies-{block['cell']}")
            assert link is not None and link.get_text() == f"{activity}: {reason}"
            later = page.select_one(f"#advies-{block['cell']} .block__earlier")
            assert later.find("a", href=f"#{shown[0]['id']}")


def test_the_leeswijzer_is_folded_in_native_details_that_say_what_is_inside(client):
    page = soup(client.get("/wegwijzer/advies/?" + WORKED_EXAMPLE).content.decode())
    folded = page.select("details.leeswijzer")
    assert folded
    for details in folded:
        assert not details.has_attr("open")  # folded at first view; opens without JavaScript
        summary = details.find("summary", recursive=False)
        examples = len(details.select(".item--example"))
        references = len(details.select(".item--reference"))
        parts = []
        if examples:
            parts.append(f"{examples} voorbeeld" + ("en" if examples > 1 else ""))
        if references:
            parts.append(f"{references} referentie" + ("s" if references > 1 else ""))
        assert summary.get_text() == "Leeswijzer: " + " en ".join(parts)
    assert not page.select(".item--tip details, details .item--tip")
    # Every example and reference is inside a leeswijzer.
    assert len(page.select(".item--example, .item--reference")) == len(page.select("details .item"))


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
        assert f'<p class="reference__author">{reference.author}</p>'.replace("&", "&amp;") in html
    external = [a for tag, a in tags(html) if tag == "a" and (a.get("href") or "").startswith("http")]
    assert external
    assert all(a.get("rel") == "noopener noreferrer" for a in external)
    assert html.count("(externe link)") == len(external)


def test_advice_summarises_the_answers_with_a_wijzig_link_per_question(client):
    html = client.get("/wegwijzer/advies/?q3=2&q1=2").content.decode()
    assert "Complex / Uniek / Innovatief" in html
    assert "Focus vooral op innovatie en duurzaamheid" in html
    assert html.count("niet beantwoord") == 3
    rows = soup(html).select(".summary-list__row")
    assert [row["data-question"] for row in rows] == ["1", "2", "3", "4", "5"]
    for number, row in enumerate(rows, start=1):
        link = row.select_one(".summary-list__actions a")
        assert link["href"] == f"/wegwijzer/?q1=2&q3=2#vraag-{number}"
        assert " ".join(link.get_text().split()) == f"Wijzig het antwoord op vraag {number}"
    assert 'href="/wegwijzer/">Begin opnieuw</a>' in html


def test_each_answer_says_what_it_adds_with_links_to_its_blocks(client):
    api = client.get("/api/wegwijzer/advice/?" + WORKED_EXAMPLE).json()
    page = soup(client.get("/wegwijzer/advies/?" + WORKED_EXAMPLE).content.decode())
    for number in range(1, 6):
        blocks = [
            (activity["name"], block)
            for activity in api["activities"]
            for block in activity["blocks"]
            if block["reason"] and block["reason"]["question"] == number
        ]
        adds = page.select_one(f'.summary-list__row[data-question="{number}"] .summary-list__adds')
        text = " ".join(adds.get_text().split())
        if not blocks:
            assert text == "Geen aanvullende tips bij dit antwoord."
            continue
        tips = sum(len(b["tips"]) for _, b in blocks)
        reading = sum(len(b["examples"]) + len(b["references"]) for _, b in blocks)
        assert text.startswith(f"{tips} tip" if tips else f"{reading} voorbeeld")
        if tips and reading:
            assert f" en {reading} voorbeeld" in text
        assert [a["href"] for a in adds.find_all("a")] == [f"#advies-{b['cell']}" for _, b in blocks]
        assert [a.get_text() for a in adds.find_all("a")] == [name for name, _ in blocks]


def test_the_table_of_contents_lists_activities_blocks_and_the_feedback_form(client):
    page = soup(client.get("/wegwijzer/advies/?" + WORKED_EXAMPLE).content.decode())
    toc = page.select_one("nav#inhoud-advies")
    targets = [a["href"] for a in toc.find_all("a")]
    expected = ["#uw-antwoorden"]
    for section in page.select("section.activity"):
        expected.append(f"#{section['id']}")
        expected += [f"#{block['id']}" for block in section.select(".block")]
    assert targets == [*expected, "#algemene-feedback"]
    assert all(page.find(id=target[1:]) for target in targets)
    # A skip link to the feedback form right after the one to the content.
    skips = page.select("a.skip-link")
    assert [a["href"] for a in skips] == ["#inhoud", "#algemene-feedback"]


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
    assert 'href="/wegwijzer/#vraag-1">Wijzig' in html


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
# view restrictions); each cached lookup adds one content-version read. The advice
# reads the questions' answers once more, for the words of its reasons.
@pytest.mark.parametrize(
    ("url", "cold", "warm"),
    [
        ("/wegwijzer/", 12, 8),
        ("/wegwijzer/?q1=2", 12, 8),
        ("/wegwijzer/advies/?" + EXAMPLE, 21, 9),
        ("/wegwijzer/advies/", 21, 9),
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
