"""Checklist scoring, pure and typed (see docs/scoring.md).

- result: a visitor's scores -> the result per theme, "Begin hier", comparisons
- bands: what a theme score means (word and sentence)
- rounds: a team round's responses -> n, median, spread and disagreement
- series: the theme scores of a series' measurements over time
- loaders: the content those work on, cached per content version (the only part using the database)
"""

from .bands import DEFAULT_BANDS, Band, band_for
from .loaders import get_result, scale_labels, score_bands, statement_blocks, theme_infos
from .result import (
    BEGIN_HERE,
    FIELD_PREFIX,
    MAX_SCORE_FIELDS,
    NOT_SCORED,
    SCORE_VALUES,
    Aggregate,
    Comparison,
    Result,
    ScoreError,
    StatementAggregate,
    StatementInfo,
    StatementResult,
    ThemeAggregate,
    ThemeComparison,
    ThemeInfo,
    ThemeResult,
    aggregate,
    average,
    begin_here,
    changed_statements,
    compare,
    key_slug,
    parse_scores,
    score,
    scores_from_form,
    scores_from_query,
    statement_keys,
    statement_snapshot,
    theme_averages,
)
from .rounds import MIN_FOR_SPREAD, RoundResult, StatementSummary, ThemeSummary, round_result

__all__ = [
    "BEGIN_HERE",
    "DEFAULT_BANDS",
    "FIELD_PREFIX",
    "MAX_SCORE_FIELDS",
    "MIN_FOR_SPREAD",
    "NOT_SCORED",
    "SCORE_VALUES",
    "Aggregate",
    "Band",
    "Comparison",
    "Result",
    "RoundResult",
    "ScoreError",
    "StatementAggregate",
    "StatementInfo",
    "StatementResult",
    "StatementSummary",
    "ThemeAggregate",
    "ThemeComparison",
    "ThemeInfo",
    "ThemeResult",
    "ThemeSummary",
    "aggregate",
    "average",
    "band_for",
    "begin_here",
    "changed_statements",
    "compare",
    "get_result",
    "key_slug",
    "parse_scores",
    "round_result",
    "scale_labels",
    "score",
    "score_bands",
    "scores_from_form",
    "scores_from_query",
    "statement_blocks",
    "statement_keys",
    "statement_snapshot",
    "theme_averages",
    "theme_infos",
]
