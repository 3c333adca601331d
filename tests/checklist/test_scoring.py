"""Checklist scoring as pure functions: parsing, averages, order, comparison and totals."""

from __future__ import annotations

import pytest

from checklist.charts import format_number, theme_chart
from checklist.scoring import (
    NOT_SCORED,
    ScoreError,
    StatementInfo,
    ThemeInfo,
    aggregate,
    changed_statements,
    compare,
    parse_scores,
    score,
    scores_from_form,
    statement_keys,
    statement_snapshot,
    theme_averages,
)
from cms.cells import Block, ItemData

LABELS = {1: "Oneens", 2: "Eerder oneens", 3: "Eerder eens", 4: "Helemaal eens"}
THEMES = [
    ThemeInfo(
        1,
        "Is de strategie duidelijk?",
        "Strategie",
        (StatementInfo("1.1", "Ambities bekend?", ("Toelichting",)), StatementInfo("1.2", "Doelen helder?")),
    ),
    ThemeInfo(
        2,
        "Processen op orde?",
        "Processen",
        (
            StatementInfo("2.1", "Checks?"),
            StatementInfo("2.2", "Verantwoordelijkheden?"),
            StatementInfo("2.3", "Vastgelegd?"),
        ),
    ),
]
KEYS = statement_keys(THEMES)
SNAPSHOT = statement_snapshot(THEMES)


def tip(item_id: int) -> ItemData:
    return ItemData(kind="tip", id=item_id, text=f"Tip {item_id}", html=f"<p>Tip {item_id}</p>")


class TestParseScores:
    def test_valid_scores_in_statement_order(self):
        assert parse_scores({"2.1": "4", "1.1": 3}, KEYS) == {"1.1": 3, "2.1": 4}

    def test_empty_values_leave_statements_unscored(self):
        assert parse_scores({"1.1": "", "1.2": None, "2.1": " 2 "}, KEYS) == {"2.1": 2}

    @pytest.mark.parametrize(
        ("raw", "field", "fragment"),
        [
            ({"1.1": "5"}, "1.1", "1, 2, 3 of 4"),
            ({"1.1": "0"}, "1.1", "1, 2, 3 of 4"),
            ({"1.1": "drie"}, "1.1", "1, 2, 3 of 4"),
            ({"1.1": True}, "1.1", "1, 2, 3 of 4"),
            ({"1.1": "3.5"}, "1.1", "1, 2, 3 of 4"),
            ({"9.9": "3"}, "9.9", "Onbekende stelling"),
            ({"<script>" * 10: "3"}, "<script><script><scr", "Onbekende stelling"),
        ],
    )
    def test_invalid_scores_raise_a_dutch_error_naming_the_field(self, raw, field, fragment):
        with pytest.raises(ScoreError) as error:
            parse_scores(raw, KEYS)
        assert error.value.field == field
        assert fragment in error.value.message


class TestScoresFromForm:
    def test_only_score_fields_are_read(self):
        data = {"csrfmiddlewaretoken": ["x"], "submission": ["y"], "score-1.1": ["3"], "score-2.1": [""]}
        assert scores_from_form(data) == {"1.1": "3", "2.1": ""}

    def test_a_field_posted_twice_is_an_error(self):
        with pytest.raises(ScoreError, match="meer dan één keer"):
            scores_from_form({"score-1.1": ["3", "4"]})

    def test_too_many_score_fields_is_an_error(self):
        with pytest.raises(ScoreError, match="te veel"):
            scores_from_form({f"score-{n}": ["1"] for n in range(150)})


class TestScore:
    def test_theme_average_counts_only_scored_statements(self):
        result = score({"1.1": 2, "2.1": 4, "2.2": 1}, THEMES, {}, LABELS)
        strategy, processes = result.themes
        assert (strategy.average, strategy.scored, strategy.total) == (2.0, 1, 2)
        assert (processes.average, processes.scored, processes.total) == (2.5, 2, 3)

    def test_unscored_statements_are_reported_not_counted_as_zero(self):
        result = score({"2.1": 4}, THEMES, {}, LABELS)
        strategy = result.themes[0]
        assert strategy.average is None
        assert [s.label for s in strategy.statements] == [NOT_SCORED, NOT_SCORED]
        assert strategy.percentage == 0.0
        assert result.average == 4.0

    def test_statements_are_listed_lowest_score_first_then_unscored_in_source_order(self):
        result = score({"2.1": 3, "2.3": 1}, THEMES, {}, LABELS)
        assert [s.key for s in result.themes[1].statements] == ["2.3", "2.1", "2.2"]

    def test_ties_keep_source_order(self):
        result = score({"2.1": 2, "2.2": 2, "2.3": 2}, THEMES, {}, LABELS)
        assert [s.key for s in result.themes[1].statements] == ["2.1", "2.2", "2.3"]

    def test_labels_and_blocks_are_attached(self):
        blocks = {"1.1": Block(cell="1.1", tips=[tip(7)])}
        result = score({"1.1": 4}, THEMES, blocks, LABELS)
        first = result.themes[0].statements[0]
        assert first.label == "Helemaal eens"
        assert [t.id for t in first.block.tips] == [7]
        assert result.themes[0].statements[1].block.is_empty()

    def test_json_states_the_method(self):
        data = score({"1.1": 4}, THEMES, {}, LABELS).as_json()
        assert "niet ingevulde stellingen tellen niet mee" in data["method"]
        assert data["themes"][0]["statements"][0]["tips"] == []


class TestCompare:
    def test_direction_per_theme(self):
        earlier = {"1.1": 2, "1.2": 2, "2.1": 3, "2.2": 3}
        later = {"1.1": 4, "1.2": 2, "2.1": 3, "2.2": 3}
        comparison = compare(earlier, SNAPSHOT, later, SNAPSHOT, THEMES)
        assert [(t.earlier, t.later, t.direction) for t in comparison.themes] == [
            (2.0, 3.0, "up"),
            (3.0, 3.0, "equal"),
        ]
        assert comparison.changed_statements == []

    def test_down_and_unknown(self):
        comparison = compare({"1.1": 4}, SNAPSHOT, {"1.1": 1, "2.1": 2}, SNAPSHOT, THEMES)
        assert [t.direction for t in comparison.themes] == ["down", "unknown"]

    def test_reworded_statements_are_reported_and_left_out(self):
        earlier_statements = {**SNAPSHOT, "1.1": "Oude tekst"}
        earlier = {"1.1": 1, "1.2": 3}
        later = {"1.1": 4, "1.2": 3}
        comparison = compare(earlier, earlier_statements, later, SNAPSHOT, THEMES)
        assert comparison.changed_statements == ["1.1"]
        assert comparison.themes[0].direction == "equal"
        assert (comparison.themes[0].earlier, comparison.themes[0].later) == (3.0, 3.0)

    def test_added_and_removed_statements_count_as_changed(self):
        earlier_statements = {k: v for k, v in SNAPSHOT.items() if k != "2.3"} | {"2.10": "Weg"}
        assert changed_statements(earlier_statements, SNAPSHOT) == ["2.3", "2.10"]


class TestTotals:
    def test_theme_averages_in_theme_order(self):
        assert theme_averages({"1.1": 1, "1.2": 2, "2.3": 4}, THEMES) == [1.5, 4.0]

    def test_aggregate_counts_and_averages_per_theme_and_statement(self):
        totals = aggregate(
            [({"1.1": 4, "2.1": 2}, SNAPSHOT), ({"1.1": 2, "1.2": 4}, SNAPSHOT), ({}, SNAPSHOT)], THEMES
        )
        assert totals.measurements == 3
        strategy, processes = totals.themes
        assert (strategy.count, strategy.average) == (2, 3.5)  # mean of 4.0 and 3.0
        assert [(s.key, s.count, s.average) for s in strategy.statements] == [
            ("1.1", 2, 3.0),
            ("1.2", 1, 4.0),
        ]
        assert (processes.count, processes.average) == (1, 2.0)

    def test_aggregate_ignores_scores_given_to_other_wording(self):
        totals = aggregate([({"1.1": 1}, {**SNAPSHOT, "1.1": "Oud"}), ({"1.1": 3}, SNAPSHOT)], THEMES)
        assert (totals.themes[0].statements[0].count, totals.themes[0].statements[0].average) == (1, 3.0)


class TestChart:
    def test_bars_in_source_order_with_the_average_last(self):
        theme = score({"2.1": 4, "2.3": 1}, THEMES, {}, LABELS).themes[1]
        chart = theme_chart(theme)
        assert [(b.label, b.value_text) for b in chart.bars] == [
            ("2.1", "4"),
            ("2.2", NOT_SCORED),
            ("2.3", "1"),
            ("Gemiddeld", "2,5"),
        ]
        assert chart.bars[0].width == chart.plot_width
        assert chart.bars[1].width == 0
        assert "stelling 2.2: niet ingevuld" in chart.description
        assert "Gemiddeld 2,5 van 4" in chart.description

    def test_dutch_number_format(self):
        assert [format_number(v) for v in (2.5, 3.0, 2.67)] == ["2,5", "3", "2,67"]
