"""A team round's result: many colleagues' scores -> one picture, without showing anyone's answers.

Per statement: the number of answers, the median, the lowest and highest score,
how many chose each of 1-4, and a disagreement flag (scores 2 or more points
apart). Per theme: the median of the participants' theme scores (each
participant's average over the statements they scored in that theme).

To protect colleagues, the spread (distribution, lowest, highest, and the
disagreement flag that would reveal it) is only given from MIN_FOR_SPREAD
answers on; below that the result says how many more are needed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .bands import Band, band_for
from .result import SCORE_VALUES, ThemeInfo, average

MIN_FOR_SPREAD = 3
DISAGREEMENT_POINTS = 2


def median(values: Sequence[float]) -> float | None:
    return round(float(statistics.median(values)), 2) if values else None


@dataclass(frozen=True)
class StatementSummary:
    key: str
    text: str
    theme: int
    n: int
    median: float | None
    lowest: int | None  # None below MIN_FOR_SPREAD answers
    highest: int | None
    distribution: dict[int, int] | None
    disagreement: bool | None

    @property
    def needed(self) -> int:
        """How many more answers before the spread is shown."""
        return max(0, MIN_FOR_SPREAD - self.n)

    @property
    def slug(self) -> str:
        return self.key.replace(".", "-")

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "text": self.text,
            "n": self.n,
            "median": self.median,
            "min": self.lowest,
            "max": self.highest,
            "distribution": (
                {str(v): c for v, c in self.distribution.items()} if self.distribution is not None else None
            ),
            "disagreement": self.disagreement,
        }


@dataclass(frozen=True)
class ThemeSummary:
    number: int
    title: str
    short_title: str
    n: int  # participants who scored at least one statement of the theme
    median: float | None
    band: Band | None

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "short_title": self.short_title,
            "n": self.n,
            "median": self.median,
            "band": self.band.as_json() if self.band else None,
        }


@dataclass(frozen=True)
class RoundResult:
    participants: int
    themes: tuple[ThemeSummary, ...]
    statements: tuple[StatementSummary, ...]

    @property
    def disagreements(self) -> list[StatementSummary]:
        return [s for s in self.statements if s.disagreement]

    @property
    def needed(self) -> int:
        return max(0, MIN_FOR_SPREAD - self.participants)

    def theme_statements(self, number: int) -> list[StatementSummary]:
        return [s for s in self.statements if s.theme == number]

    def as_json(self) -> dict[str, Any]:
        return {
            "participants": self.participants,
            "themes": [t.as_json() for t in self.themes],
            "statements": [s.as_json() for s in self.statements],
        }


def summarise_statement(key: str, text: str, theme: int, values: Sequence[int]) -> StatementSummary:
    n = len(values)
    if n < MIN_FOR_SPREAD:
        return StatementSummary(key, text, theme, n, median(values), None, None, None, None)
    lowest, highest = min(values), max(values)
    return StatementSummary(
        key=key,
        text=text,
        theme=theme,
        n=n,
        median=median(values),
        lowest=lowest,
        highest=highest,
        distribution={v: values.count(v) for v in SCORE_VALUES},
        disagreement=highest - lowest >= DISAGREEMENT_POINTS,
    )


def round_result(
    responses: Iterable[Mapping[str, int]], themes: Sequence[ThemeInfo], bands: Sequence[Band] = ()
) -> RoundResult:
    """Aggregate the colleagues' scores (one mapping per response) over the current statements.

    Pure and linear in the number of responses; keys that are not current statements are ignored.
    """
    per_statement: dict[str, list[int]] = {s.key: [] for t in themes for s in t.statements}
    per_theme: dict[int, list[float]] = {t.number: [] for t in themes}
    participants = 0
    for scores in responses:
        participants += 1
        for theme in themes:
            values = []
            for s in theme.statements:
                value = scores.get(s.key)
                if value in SCORE_VALUES:
                    per_statement[s.key].append(int(value))  # type: ignore[arg-type]
                    values.append(int(value))  # type: ignore[arg-type]
            theme_average = average(values)
            if theme_average is not None:
                per_theme[theme.number].append(theme_average)
    theme_summaries = []
    for theme in themes:
        theme_median = median(per_theme[theme.number])
        theme_summaries.append(
            ThemeSummary(
                number=theme.number,
                title=theme.title,
                short_title=theme.short_title,
                n=len(per_theme[theme.number]),
                median=theme_median,
                band=band_for(theme_median, bands),
            )
        )
    return RoundResult(
        participants=participants,
        themes=tuple(theme_summaries),
        statements=tuple(
            summarise_statement(s.key, s.text, t.number, per_statement[s.key])
            for t in themes
            for s in t.statements
        ),
    )


def measurement_scores(result: RoundResult) -> tuple[dict[str, float], dict[str, float]]:
    """What a closed round keeps as a measurement: statement medians and theme medians."""
    statements = {s.key: s.median for s in result.statements if s.median is not None}
    themes = {str(t.number): t.median for t in result.themes if t.median is not None}
    return statements, themes
