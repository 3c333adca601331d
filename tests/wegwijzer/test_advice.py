"""Advice assembly: answer parsing, block order, empty cells, caching and query count."""

from __future__ import annotations

import pytest

from cms.cells import Block, ItemData
from cms.models import Tip, TipPlacement
from importers.loader import load
from tests.factories import clear_caches, example, reference, small_document, tip
from wegwijzer.advice import (
    ActivityInfo,
    AnswerError,
    build_advice,
    cells_for,
    get_advice,
    parse_answers,
)

QUESTIONS = [1, 2, 3, 4, 5]


def params(query: str) -> list[tuple[str, list[str]]]:
    from django.http import QueryDict

    return list(QueryDict(query).lists())


class TestParseAnswers:
    def test_valid_answers_in_question_order(self):
        assert parse_answers(params("q3=2&q1=1"), QUESTIONS) == {1: 1, 3: 2}

    def test_missing_and_empty_answers_leave_questions_unanswered(self):
        assert parse_answers(params("q1=&q2=2"), QUESTIONS) == {2: 2}

    def test_unrelated_parameters_are_ignored(self):
        assert parse_answers(params("utm_source=x&q5=1"), QUESTIONS) == {5: 1}

    @pytest.mark.parametrize(
        ("query", "field", "fragment"),
        [
            ("q1=3", "q1", "moet 1 of 2 zijn"),
            ("q1=abc", "q1", "moet 1 of 2 zijn"),
            ("q7=1", "q7", "Onbekende vraag"),
            ("q0=1", "q0", "Onbekende vraag"),
            ("qx=1", "qx", "Onbekende vraag"),
            ("q1=1&q1=2", "q1", "meer dan één keer"),
            ("q99999999999=1", "q99999999999", "Onbekende vraag"),
        ],
    )
    def test_bad_parameters_raise_a_dutch_error_naming_the_field(self, query, field, fragment):
        with pytest.raises(AnswerError) as caught:
            parse_answers(params(query), QUESTIONS)
        assert caught.value.field == field
        assert fragment in caught.value.message


def block(cell: str, *tips: str) -> Block:
    return Block(cell=cell, tips=[ItemData("tip", i, t, f"<p>{t}</p>") for i, t in enumerate(tips)])


ACTIVITIES = [
    ActivityInfo(c, n, "")
    for c, n in [("F", "Fundering"), ("A", "Analyse"), ("S", "Specificatie"), ("U", "Uitvoering")]
]


def test_cells_for_puts_general_first_then_question_order():
    assert cells_for({5: 2, 1: 1, 3: 2}, "S") == ["Sa", "S11", "S32", "S52"]


def test_build_advice_orders_activities_and_blocks_and_drops_empty_cells():
    blocks = {
        "Fa": block("Fa", "algemeen"),
        "F32": block("F32", "innovatie"),
        "F11": block("F11", "niet gekozen"),
        "S32": Block(cell="S32"),  # empty: left out
        "Ua": block("Ua", "uitvoering"),
    }
    advice = build_advice({3: 2, 1: 2}, ACTIVITIES, blocks)
    assert [a.code for a in advice.activities] == ["F", "A", "S", "U"]
    assert [b.cell for b in advice.activities[0].blocks] == ["Fa", "F32"]
    assert advice.activities[1].blocks == [] and advice.activities[2].blocks == []
    assert [b.cell for b in advice.activities[3].blocks] == ["Ua"]


def test_build_advice_without_answers_gives_only_general_cells():
    advice = build_advice({}, ACTIVITIES, {"Fa": block("Fa", "x"), "F11": block("F11", "y")})
    assert [b.cell for b in advice.activities[0].blocks] == ["Fa"]


@pytest.fixture
def content(db):
    load(
        small_document(
            Fa=[tip("Algemeen F.", 1), example("Voorbeeld F.", 2, "https://example.org/f")],
            Sa=[tip("Algemeen S.", 3)],
            S32=[
                tip("Functioneel specificeren.", 4),
                reference("Kamann", "Decentraal.", 5, "https://example.org/k"),
            ],
            S31=[tip("Niet gekozen.", 6)],
            U12=[tip("Complex uitvoeren.", 7)],
        )
    )


def test_get_advice_reads_live_content_in_order(content):
    advice = get_advice({1: 2, 3: 2}).as_json()
    assert advice["answers"] == {"q1": 2, "q3": 2}
    s = advice["activities"][2]
    assert [b["cell"] for b in s["blocks"]] == ["Sa", "S32"]
    assert s["blocks"][1]["tips"][0]["text"] == "Functioneel specificeren."
    assert s["blocks"][1]["references"][0]["author"] == "Kamann"
    assert s["blocks"][1]["references"][0]["links"] == [{"url": "https://example.org/k", "title": "Kamann"}]
    u = advice["activities"][3]
    assert [b["cell"] for b in u["blocks"]] == ["U12"]


def test_unpublished_items_disappear_and_publishing_shows_edits_at_once(content):
    assert get_advice({3: 2}).activities[2].blocks[1].tips[0].text == "Functioneel specificeren."
    item = Tip.objects.get(source_key="S32:tip:1")
    item.text = "<p>Herschreven.</p>"
    item.save_revision().publish()
    assert get_advice({3: 2}).activities[2].blocks[1].tips[0].text == "Herschreven."
    item.unpublish()
    cells = [b.cell for b in get_advice({3: 2}).activities[2].blocks]
    assert cells == ["Sa", "S32"]  # the reference keeps S32 alive
    assert get_advice({3: 2}).activities[2].blocks[1].tips == []


def test_advice_uses_a_fixed_number_of_queries(content, django_assert_max_num_queries):

    clear_caches()
    # Activities, the chosen answers (the reasons' words), six for the items, cache reads.
    with django_assert_max_num_queries(11):
        get_advice({1: 2, 2: 1, 3: 2, 4: 1, 5: 2})
    # Ten times the content needs no more queries.
    fa = TipPlacement.objects.get(item__source_key="Fa:tip:1")
    for n in range(30):
        extra = Tip(text=f"<p>Extra {n}.</p>", live=True)
        extra.placements = [TipPlacement(activity=fa.activity, sort_order=10 + n)]
        extra.save()
    assert len(get_advice({}).activities[0].blocks[0].tips) == 31
    clear_caches()
    with django_assert_max_num_queries(11):
        get_advice({1: 2, 2: 1, 3: 2, 4: 1, 5: 2})
    # Cached: only the content version is read.
    with django_assert_max_num_queries(1):
        get_advice({1: 2, 2: 1, 3: 2, 4: 1, 5: 2})


# ---- Helpers for the advice page: answer summary, query string, sections -----


def test_answers_query_carries_the_answers_in_question_order():
    from wegwijzer.advice import answers_query

    assert answers_query({3: 2, 1: 1}) == "q1=1&q3=2"
    assert answers_query({}) == ""


def test_answer_summary_lists_every_question_with_its_answer_or_none():
    from wegwijzer.advice import AnswerInfo, QuestionInfo, answer_summary

    questions = [
        QuestionInfo(n, "WAT?", f"Vraag {n}?", "", (AnswerInfo(1, f"{n}.1"), AnswerInfo(2, f"{n}.2")))
        for n in (1, 2, 3)
    ]
    rows = answer_summary({3: 1, 1: 2}, questions)
    assert [(r.question.number, r.answer.label if r.answer else None) for r in rows] == [
        (1, "1.2"),
        (2, None),
        (3, "3.1"),
    ]


def test_activity_advice_says_whether_it_has_tips_and_reading():
    from wegwijzer.advice import ActivityAdvice

    reading = Block(cell="S32", references=[ItemData("reference", 1, "Citaat", "<p>Citaat</p>", author="A")])
    only_reading = ActivityAdvice("S", "Specificatie", "", [reading])
    assert not only_reading.has_tips() and only_reading.has_reading()
    with_tips = ActivityAdvice("S", "Specificatie", "", [block("Sa", "tip"), reading])
    assert with_tips.has_tips() and with_tips.has_reading()
    assert not ActivityAdvice("F", "Fundering", "").has_tips()


def test_get_questions_reads_the_taxonomy_once_per_content_version(content, django_assert_max_num_queries):

    from wegwijzer.advice import get_questions

    clear_caches()
    questions = get_questions()
    assert [q.number for q in questions] == [1, 2, 3, 4, 5]
    assert [a.label for a in questions[0].answers] == ["Antwoord 1.1", "Antwoord 1.2"]
    with django_assert_max_num_queries(1):
        assert get_questions() == questions
