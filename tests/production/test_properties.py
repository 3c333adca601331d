"""Property-based tests: advice assembly, scoring, the advice API and the parser never crash.

Example counts are modest to keep CI time down; the parser is slow on the whole source,
so its mutation test runs only a couple of examples without shrinking.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from checklist.scoring import (
    ScoreError,
    StatementInfo,
    ThemeInfo,
    compare,
    parse_scores,
    score,
)
from cms.cells import Block, ItemData
from wegwijzer.advice import ActivityInfo, AnswerError, build_advice, cells_for, parse_answers

QUESTIONS = [1, 2, 3, 4, 5]
ACTIVITIES = [ActivityInfo(code, code, "") for code in "FASU"]
ALL_CELLS = [f"{a}a" for a in "FASU"] + [f"{a}{q}{n}" for a in "FASU" for q in QUESTIONS for n in (1, 2)]
SOURCE = Path(__file__).resolve().parents[2] / "importers" / "source" / "organisatie-strategische-inkoop.txt"

param_names = st.one_of(
    st.sampled_from(["q1", "q2", "q3", "q4", "q5", "q0", "q6", "q", "Q1", "q01", "utm_source"]),
    st.text(max_size=8),
)
param_values = st.one_of(
    st.sampled_from(["1", "2", "", " 1", "3", "0", "-1", "1.0", "١"]), st.text(max_size=6)
)
query_params = st.lists(st.tuples(param_names, st.lists(param_values, min_size=1, max_size=3)), max_size=6)


@settings(max_examples=200)
@given(query_params)
def test_parse_answers_gives_valid_answers_or_a_dutch_error(params):
    try:
        answers = parse_answers(params, QUESTIONS)
    except AnswerError as error:
        assert error.field in [name for name, _ in params]
        assert error.message and len(error.message) < 200
    else:
        assert set(answers) <= set(QUESTIONS)
        assert set(answers.values()) <= {1, 2}
        assert list(answers) == sorted(answers)


answers_strategy = st.dictionaries(st.sampled_from(QUESTIONS), st.sampled_from([1, 2]))


def block(cell: str, n_tips: int) -> Block:
    return Block(cell=cell, tips=[ItemData("tip", i, f"tip {i}", f"<p>tip {i}</p>") for i in range(n_tips)])


blocks_strategy = st.dictionaries(st.sampled_from(ALL_CELLS), st.integers(0, 2)).map(
    lambda d: {cell: block(cell, n) for cell, n in d.items()}
)


@settings(max_examples=200)
@given(answers_strategy, blocks_strategy)
def test_build_advice_keeps_order_and_drops_empty_cells(answers, blocks):
    advice = build_advice(answers, ACTIVITIES, blocks)
    assert [a.code for a in advice.activities] == list("FASU")
    for activity in advice.activities:
        expected = [c for c in cells_for(answers, activity.code) if c in blocks and not blocks[c].is_empty()]
        assert [b.cell for b in activity.blocks] == expected
    assert advice.answers == dict(sorted(answers.items()))
    json.dumps(advice.as_json())


THEMES = [
    ThemeInfo(1, "Strategie", "Strategie", (StatementInfo("1.1", "a"), StatementInfo("1.2", "b"))),
    ThemeInfo(2, "Processen", "Processen", (StatementInfo("2.1", "c"),)),
]
KEYS = ["1.1", "1.2", "2.1"]
raw_scores = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), st.text(max_size=5)),
    st.one_of(
        st.integers(-2, 6),
        st.sampled_from(["1", "4", "", " 2", "5", "x"]),
        st.none(),
        st.booleans(),
        st.floats(),
    ),
    max_size=5,
)


@settings(max_examples=200)
@given(raw_scores)
def test_parse_scores_gives_valid_scores_or_a_dutch_error(raw):
    try:
        scores = parse_scores(raw, KEYS)
    except ScoreError as error:
        assert error.message
    else:
        assert set(scores) <= set(KEYS) and set(scores.values()) <= {1, 2, 3, 4}


valid_scores = st.dictionaries(st.sampled_from(KEYS), st.integers(1, 4))


@settings(max_examples=200)
@given(valid_scores)
def test_score_averages_stay_on_the_scale_and_sort_lowest_first(scores):
    result = score(scores, THEMES, {}, {1: "a", 2: "b", 3: "c", 4: "d"})
    for theme, info in zip(result.themes, THEMES, strict=True):
        values = [scores[s.key] for s in info.statements if s.key in scores]
        assert theme.scored == len(values) and theme.total == len(info.statements)
        assert (theme.average is None) == (not values)
        if values:
            assert 1 <= theme.average <= 4 and 0 <= theme.percentage <= 100
        ordered = [s.score for s in theme.statements]
        scored = [s for s in ordered if s is not None]
        assert scored == sorted(scored) and ordered[: len(scored)] == scored
    json.dumps(result.as_json())


@settings(max_examples=200)
@given(valid_scores, valid_scores, st.sets(st.sampled_from(KEYS)))
def test_compare_skips_changed_statements_and_reports_direction(earlier, later, reworded):
    statements = {k: k for k in KEYS}
    later_statements = {k: (k + " (nieuw)" if k in reworded else k) for k in KEYS}
    comparison = compare(earlier, statements, later, later_statements, THEMES)
    assert comparison.changed_statements == sorted(reworded)
    for theme in comparison.themes:
        assert theme.direction in {"up", "down", "equal", "unknown"}
        if theme.earlier is not None and theme.later is not None:
            assert (theme.direction == "up") == (theme.later > theme.earlier)


query_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.tuples(param_names, param_values), max_size=6).map(
        lambda ps: "&".join(f"{n}={v}" for n, v in ps)
    ),
    st.binary(max_size=40).map(lambda b: "".join(f"%{x:02X}" for x in b)),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=query_text)
def test_the_advice_api_answers_any_query_string_with_200_or_a_json_400(client, site, query):
    response = client.get("/api/wegwijzer/advice/?" + query.replace("#", "%23"))
    assert response.status_code in (200, 400), (query, response.status_code)
    body = response.json()
    if response.status_code == 400:
        assert set(body["error"]) == {"field", "message"} and body["error"]["message"]
    else:
        assert [a["code"] for a in body["activities"]] == list("FASU")


def acceptable(text: str) -> None:
    """The parser's contract on damaged input: a Document, or a ValueError with a message."""
    from importers.parser.document import Document
    from importers.parser.main import parse

    try:
        document = parse(text)
    except ValueError as error:
        assert str(error)
    else:
        assert isinstance(document, Document)


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300) | st.sampled_from(["", "I. INTRODUCTIE\n", "III. WEGWIJZER\nFa\n"]))
def test_the_parser_survives_arbitrary_short_text(text):
    acceptable(text)


@settings(max_examples=2, deadline=None, phases=[Phase.explicit, Phase.generate])
@given(st.data())
def test_the_parser_survives_a_truncated_or_mutated_source(data):
    text = SOURCE.read_text(encoding="utf-8")
    cut = data.draw(st.integers(len(text) // 2, len(text)))
    start = data.draw(st.integers(0, cut - 1))
    end = data.draw(st.integers(start, min(cut, start + 400)))
    junk = data.draw(st.text(max_size=40))
    acceptable(text[:start] + junk + text[end:cut])
