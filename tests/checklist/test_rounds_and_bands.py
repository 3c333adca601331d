"""Pure scoring of bands, "Begin hier" and team rounds (no database), checked against plain arithmetic."""

from __future__ import annotations

import random
import statistics

import pytest

from checklist.scoring import (
    DEFAULT_BANDS,
    MIN_FOR_SPREAD,
    Band,
    StatementInfo,
    ThemeInfo,
    band_for,
    round_result,
    score,
)
from checklist.scoring.rounds import measurement_scores
from cms.cells import Block, ItemData

THEMES = [
    ThemeInfo(1, "Strategie?", "Strategie", (StatementInfo("1.1", "A"), StatementInfo("1.2", "B"))),
    ThemeInfo(2, "Processen?", "Processen", (StatementInfo("2.1", "C"), StatementInfo("2.2", "D"))),
]
LABELS = {1: "Oneens", 2: "Eerder oneens", 3: "Eerder eens", 4: "Helemaal eens"}
BANDS = (Band(1.0, "Laag", "Laag."), Band(2.5, "Midden", "Midden."), Band(3.5, "Hoog", "Hoog."))


def tip(n: int) -> ItemData:
    return ItemData(kind="tip", id=n, text=f"Tip {n}", html=f"<p>Tip {n}</p>")


class TestBands:
    @pytest.mark.parametrize(
        ("value", "label"),
        [(1.0, "Laag"), (2.49, "Laag"), (2.5, "Midden"), (3.49, "Midden"), (3.5, "Hoog"), (4, "Hoog")],
    )
    def test_a_band_holds_from_its_minimum_to_the_next(self, value, label):
        assert band_for(value, BANDS).label == label

    def test_no_score_no_band_and_order_of_bands_does_not_matter(self):
        assert band_for(None, BANDS) is None
        assert band_for(3.0, tuple(reversed(BANDS))).label == "Midden"

    def test_defaults_cover_the_whole_scale(self):
        assert DEFAULT_BANDS[0].minimum == 1.0
        assert all(band_for(v / 4, DEFAULT_BANDS) for v in range(4, 17))
        assert len({b.label for b in DEFAULT_BANDS}) == len(DEFAULT_BANDS)

    def test_each_theme_result_carries_its_band(self):
        result = score({"1.1": 1, "1.2": 2, "2.1": 3, "2.2": 2}, THEMES, {}, LABELS, BANDS)
        assert [t.band.label for t in result.themes] == ["Laag", "Midden"]
        assert result.as_json()["themes"][1]["band"] == {
            "minimum": 2.5,
            "label": "Midden",
            "meaning": "Midden.",
        }


class TestBeginHereAndFolding:
    def test_begin_here_lists_the_lowest_scores_first_with_their_first_tip(self):
        blocks = {"2.2": Block(cell="2.2", tips=[tip(7), tip(8)])}
        result = score({"1.1": 3, "1.2": 4, "2.1": 2, "2.2": 1}, THEMES, blocks, LABELS, BANDS)
        assert [s.key for s in result.begin_here] == ["2.2", "2.1", "1.1"]
        assert result.begin_here[0].first_tip.id == 7
        assert result.begin_here[1].first_tip is None
        assert result.as_json()["begin_here"][0]["tip"]["id"] == 7

    def test_statements_scored_4_are_folded_and_never_in_begin_here(self):
        result = score({"1.1": 4, "1.2": 4}, THEMES, {}, LABELS, BANDS)
        assert result.begin_here == []
        folded = {s.key: s.folded for t in result.themes for s in t.statements}
        assert folded == {"1.1": True, "1.2": True, "2.1": False, "2.2": False}


class TestRoundResult:
    def test_below_three_answers_only_n_and_median_are_given(self):
        result = round_result([{"1.1": 1}, {"1.1": 4}], THEMES)
        first = result.statements[0]
        assert (first.n, first.median) == (2, 2.5)
        assert first.lowest is first.highest is first.distribution is first.disagreement is None
        assert first.needed == MIN_FOR_SPREAD - 2
        assert first.as_json()["distribution"] is None

    def test_spread_and_disagreement_from_three_answers(self):
        responses = [{"1.1": 2, "1.2": 3}, {"1.1": 4, "1.2": 3}, {"1.1": 3, "1.2": 4}]
        result = round_result(responses, THEMES)
        s11, s12 = result.statements[0], result.statements[1]
        assert (s11.n, s11.median, s11.lowest, s11.highest) == (3, 3, 2, 4)
        assert s11.distribution == {1: 0, 2: 1, 3: 1, 4: 1}
        assert s11.disagreement is True
        assert s12.disagreement is False
        assert s12.as_json()["distribution"] == {"1": 0, "2": 0, "3": 2, "4": 1}

    def test_theme_median_is_the_median_of_participants_theme_scores(self):
        responses = [{"1.1": 1, "1.2": 2}, {"1.1": 4}, {"1.1": 3, "1.2": 3}, {"2.1": 2}]
        result = round_result(responses, THEMES)
        # theme 1 scores per participant: 1.5, 4, 3 (the fourth scored no theme-1 statement)
        assert result.themes[0].n == 3
        assert result.themes[0].median == 3
        assert result.themes[1].median == 2
        assert result.participants == 4

    def test_against_plain_arithmetic_on_random_rounds(self):
        rng = random.Random(12)  # noqa: S311 (test data, not secrets)
        for _ in range(50):
            responses = [
                {k: rng.choice([1, 2, 3, 4]) for k in ("1.1", "1.2", "2.1", "2.2") if rng.random() > 0.2}
                for _ in range(rng.randint(0, 12))
            ]
            result = round_result(responses, THEMES)
            for summary in result.statements:
                values = [r[summary.key] for r in responses if summary.key in r]
                assert summary.n == len(values)
                assert summary.median == (round(statistics.median(values), 2) if values else None)
                if len(values) >= 3:
                    assert summary.lowest == min(values) and summary.highest == max(values)
                    assert sum(summary.distribution.values()) == len(values)
                    assert summary.disagreement == (max(values) - min(values) >= 2)

    def test_unknown_keys_and_values_are_ignored(self):
        result = round_result([{"9.9": 3, "1.1": 7}], THEMES)
        assert result.statements[0].n == 0

    def test_a_closed_round_keeps_medians_as_its_measurement(self):
        result = round_result([{"1.1": 1}, {"1.1": 2}], THEMES)
        statements, themes = measurement_scores(result)
        assert statements == {"1.1": 1.5}
        assert themes == {"1": 1.5}
