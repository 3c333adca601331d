"""Ambitions and the action plan as pure functions: parsing, gaps, wording, order, movement."""

from __future__ import annotations

import pytest

from checklist.ambitions import (
    action_plan,
    ambition_keys,
    effective_ambition,
    gap,
    gap_text,
    gaps,
    movement,
    parse_ambitions,
)
from checklist.scoring import ScoreError, StatementInfo, ThemeInfo, score
from cms.cells import Block, ItemData

LABELS = {1: "Oneens", 2: "Eerder oneens", 3: "Eerder eens", 4: "Helemaal eens"}
THEMES = [
    ThemeInfo(1, "Strategie?", "Strategie", (StatementInfo("1.1", "A?"), StatementInfo("1.2", "B?"))),
    ThemeInfo(
        2,
        "Processen?",
        "Processen",
        (StatementInfo("2.1", "C?"), StatementInfo("2.2", "D?"), StatementInfo("2.3", "E?")),
    ),
]


def tip(item_id: int) -> ItemData:
    return ItemData(kind="tip", id=item_id, text=f"Tip {item_id}", html=f"<p>Tip {item_id}</p>")


BLOCKS = {"1.1": Block(cell="1.1", tips=[tip(1), tip(2)]), "2.2": Block(cell="2.2", tips=[tip(3)])}


def result(scores):
    return score(scores, THEMES, BLOCKS, LABELS)


class TestParseAmbitions:
    def test_theme_and_statement_keys_in_checklist_order(self):
        assert ambition_keys(THEMES) == ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"]
        assert parse_ambitions({"2.1": "4", "1": 3, "2": " 2 "}, THEMES) == {"1": 3, "2": 2, "2.1": 4}

    def test_empty_values_mean_no_ambition(self):
        assert parse_ambitions({"1": "", "2": None, "1.2": "3"}, THEMES) == {"1.2": 3}

    @pytest.mark.parametrize(
        ("raw", "field", "fragment"),
        [
            ({"9": 3}, "9", "Onbekend thema"),
            ({"1.9": 3}, "1.9", "Onbekend"),
            ({"1": 5}, "1", "thema 1 moet 1, 2, 3 of 4"),
            ({"1.1": 0}, "1.1", "stelling 1.1 moet 1, 2, 3 of 4"),
            ({"1": True}, "1", "moet 1, 2, 3 of 4"),
            ({"1": "3.5"}, "1", "moet 1, 2, 3 of 4"),
            ({"1": [3]}, "1", "moet 1, 2, 3 of 4"),
            ({"<script>" * 10: 3}, "<script><script><scr", "Onbekend"),
        ],
    )
    def test_hostile_values_get_a_dutch_error_naming_the_field(self, raw, field, fragment):
        with pytest.raises(ScoreError) as error:
            parse_ambitions(raw, THEMES)
        assert error.value.field == field
        assert fragment in error.value.message

    def test_too_many_fields_are_refused(self):
        with pytest.raises(ScoreError, match="te veel"):
            parse_ambitions({f"x{i}": 1 for i in range(101)}, THEMES)


class TestGaps:
    def test_statement_ambition_overrides_its_theme(self):
        ambitions = {"1": 3, "1.2": 4}
        assert effective_ambition("1.1", ambitions) == 3
        assert effective_ambition("1.2", ambitions) == 4
        assert effective_ambition("2.1", ambitions) is None

    def test_gap_is_ambition_minus_score(self):
        assert gap(4, 2.6) == 1.4
        assert gap(2, 3.0) == -1.0
        assert gap(None, 2.0) is None
        assert gap(3, None) is None

    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (1.4, "1,4 punt onder uw ambitie"),
            (1.0, "1 punt onder uw ambitie"),
            (2.0, "2 punten onder uw ambitie"),
            (0.25, "0,25 punt onder uw ambitie"),
            (0.0, "op uw ambitie"),
            (-0.5, "0,5 punt boven uw ambitie"),
            (None, ""),
        ],
    )
    def test_gap_in_words(self, value, text):
        assert gap_text(value) == text

    def test_gaps_per_theme_and_statement_against_own_arithmetic(self):
        scores = {"1.1": 1, "1.2": 4, "2.1": 2, "2.2": 3}
        ambitions = {"1": 4, "2.1": 4, "2.2": 3}
        themes = gaps(result(scores), ambitions)
        strategy, processes = themes
        assert strategy.ambition == 4
        assert strategy.gap == round(4 - (1 + 4) / 2, 2)
        assert strategy.text_gap == "1,5 punt onder uw ambitie"
        by_key = {s.key: s for t in themes for s in t.statements}
        assert by_key["1.1"].gap == 3 and by_key["1.1"].text_gap == "3 punten onder uw ambitie"
        assert by_key["1.2"].gap == 0 and by_key["1.2"].text_gap == "op uw ambitie"
        assert by_key["2.1"].gap == 2
        assert by_key["2.2"].gap == 0
        assert by_key["2.3"].gap is None  # unscored: no gap, even with a theme ambition
        assert processes.ambition is None and processes.gap is None

    def test_no_ambitions_no_gaps(self):
        themes = gaps(result({"1.1": 2}), {})
        assert all(t.gap is None for t in themes)
        assert all(s.gap is None for t in themes for s in t.statements)


class TestActionPlan:
    def test_statements_below_ambition_largest_gap_first_with_their_tips(self):
        scores = {"1.1": 2, "1.2": 1, "2.1": 3, "2.2": 1, "2.3": 4}
        ambitions = {"1": 3, "2": 4, "2.3": 4}
        plan = action_plan(gaps(result(scores), ambitions))
        assert [(s.key, s.gap) for s in plan] == [("2.2", 3), ("1.2", 2), ("1.1", 1), ("2.1", 1)]
        assert [t.id for t in plan[0].tips] == [3]
        assert [t.id for t in plan[2].tips] == [1, 2]

    def test_at_or_above_ambition_is_not_in_the_plan(self):
        plan = action_plan(gaps(result({"1.1": 3, "1.2": 4}), {"1": 3}))
        assert plan == []


@pytest.mark.parametrize(
    ("before", "after", "direction", "words"),
    [
        (2, 3, "up", "gestegen van 2 naar 3"),
        (3, 1, "down", "gedaald van 3 naar 1"),
        (2, 2, "equal", "gelijk gebleven (2)"),
        (None, 2, "unknown", "niet te vergelijken (niet ingevuld)"),
    ],
)
def test_movement_of_a_planned_statement(before, after, direction, words):
    assert movement(before, after) == (direction, words)
