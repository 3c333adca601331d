"""The chart of a result against its ambition and the national picture, as pure geometry and words."""

from __future__ import annotations

from checklist.ambitions import gaps
from checklist.national import Figure
from checklist.overview_chart import LABEL_WIDTH, PLOT_WIDTH, overview_charts
from checklist.scoring import StatementInfo, ThemeInfo, score

THEMES = [
    ThemeInfo(1, "Strategie?", "Strategie", (StatementInfo("1.1", "A?"), StatementInfo("1.2", "B?"))),
    ThemeInfo(2, "Processen?", "Processen", (StatementInfo("2.1", "C?"),)),
]
LABELS = {1: "Oneens", 2: "Eerder oneens", 3: "Eerder eens", 4: "Helemaal eens"}


def x(value: float) -> float:
    return round(LABEL_WIDTH + value / 4 * PLOT_WIDTH, 1)


def charts(scores, ambitions, national=None, kind=None):
    return overview_charts(gaps(score(scores, THEMES, {}, LABELS), ambitions), national, kind)


def test_theme_row_first_then_statements_in_source_order_with_ambition_markers():
    first, second = charts({"1.1": 3, "1.2": 1, "2.1": 2}, {"1": 4, "1.2": 2})
    assert [r.label for r in first.rows] == ["Thema", "1.1", "1.2"]
    theme, s11, s12 = first.rows
    assert theme.theme_row and theme.score_width == round(x(2.0) - LABEL_WIDTH, 1)
    assert theme.ambition_x == x(4) and s11.ambition_x == x(4) and s12.ambition_x == x(2)
    assert second.rows[0].ambition_x is None and not second.has_ambition
    assert "ambitie 4 (2 punten onder uw ambitie)" in first.description
    assert "stelling 1.2: 1, ambitie 2 (1 punt onder uw ambitie)" in first.description


def test_national_band_on_the_theme_row_only_and_in_words():
    figure = Figure(n=12, median=2.5, p25=2.1, p75=3.0)
    first, second = charts({"1.1": 3, "1.2": 1, "2.1": 2}, {}, {1: figure, 2: None}, "gemeenten")
    theme = first.rows[0]
    assert (theme.band_x, theme.median_x) == (x(2.1), x(2.5))
    assert theme.band_width == round(x(3.0) - x(2.1), 1)
    assert all(r.band_x is None for r in first.rows[1:])
    assert first.has_band and not second.has_band
    assert "gemeenten: mediaan 2,5, middelste helft 2,1 tot 3" in first.description
    assert "gemeenten: nog te weinig deelnemers" in second.description


def test_unscored_theme_has_no_bar():
    first, _ = charts({"2.1": 2}, {"1": 3})
    assert first.rows[0].score_width == 0
    assert "uw score niet ingevuld" in first.description
