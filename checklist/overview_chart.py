"""Geometry of the SVG charts "uw score, uw ambitie en het landelijk beeld", one per theme.

Per theme a row for its score and one per statement: the score as a bar, the ambition
as a marker; on the theme's row, organisations of the same kind as a band from the
25th to the 75th percentile with the median as a line.
Positions are SVG attributes (no inline styles, for the strict CSP); the same
numbers are in the page text and in the chart's description.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .ambitions import ThemeGap, key_order
from .charts import format_number
from .national import TOO_FEW, Figure
from .scoring import NOT_SCORED, SCORE_VALUES

WIDTH = 640
LABEL_WIDTH = 130
RIGHT = 20
ROW_HEIGHT = 44
BAR_HEIGHT = 14
BAND_HEIGHT = 10
TOP = 10
AXIS_HEIGHT = 24
PLOT_WIDTH = WIDTH - LABEL_WIDTH - RIGHT


def _x(value: float) -> float:
    """Position of a 1-4 value, from the plot's left edge (0 at score 0, as the theme charts)."""
    return round(LABEL_WIDTH + value / SCORE_VALUES[-1] * PLOT_WIDTH, 1)


@dataclass(frozen=True)
class Row:
    label: str
    value_text: str
    theme_row: bool
    y: int
    score_width: float  # 0 when not scored
    ambition_x: float | None
    band_x: float | None
    band_width: float
    median_x: float | None

    @property
    def bar_y(self) -> int:
        return self.y + 4

    @property
    def band_y(self) -> int:
        return self.y + 4 + BAR_HEIGHT + 6

    @property
    def marker_top(self) -> int:
        return self.y + 1

    @property
    def marker_bottom(self) -> int:
        return self.y + ROW_HEIGHT - 3

    @property
    def text_y(self) -> int:
        return self.y + 4 + BAR_HEIGHT - 2


@dataclass(frozen=True)
class OverviewChart:
    description: str
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, str], ...]
    height: int
    has_ambition: bool
    has_band: bool
    width: int = WIDTH
    plot_x: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT
    band_height: int = BAND_HEIGHT

    @property
    def plot_bottom(self) -> int:
        return self.height - AXIS_HEIGHT

    @property
    def tick_label_y(self) -> int:
        return self.height - 6


def describe(theme: ThemeGap, figure: Figure | None, kind_label: str | None) -> str:
    """One theme in words: score, ambition and gap, and the national figure."""
    score = NOT_SCORED if theme.average is None else format_number(theme.average)
    parts = [f"thema {theme.number}, {theme.short_title}: uw score {score}"]
    if theme.ambition is not None:
        gap = f" ({theme.text_gap})" if theme.gap is not None else ""
        parts.append(f"ambitie {theme.ambition}{gap}")
    if kind_label:
        if figure is None:
            parts.append(f"{kind_label.lower()}: {TOO_FEW}")
        else:
            parts.append(
                f"{kind_label.lower()}: mediaan {format_number(figure.median)}, middelste helft "
                f"{format_number(figure.p25)} tot {format_number(figure.p75)}"
            )
    return "; ".join(parts)


def _row(
    label: str, value: float | None, ambition: int | None, figure: Figure | None, y: int, theme_row: bool
) -> Row:
    return Row(
        label=label,
        value_text=NOT_SCORED if value is None else format_number(value),
        theme_row=theme_row,
        y=y,
        score_width=0 if value is None else round(_x(value) - LABEL_WIDTH, 1),
        ambition_x=None if ambition is None else _x(ambition),
        band_x=None if figure is None else _x(figure.p25),
        band_width=0 if figure is None else round(_x(figure.p75) - _x(figure.p25), 1),
        median_x=None if figure is None else _x(figure.median),
    )


def theme_overview(
    theme: ThemeGap, figure: Figure | None = None, kind_label: str | None = None
) -> OverviewChart:
    """The chart of one theme: its score, then its statements in source order, with ambitions and band."""
    rows = [_row("Thema", theme.average, theme.ambition, figure, TOP, True)]
    statements = sorted(theme.statements, key=lambda s: key_order(s.key))
    for i, statement in enumerate(statements, start=1):
        rows.append(
            _row(statement.key, statement.score, statement.ambition, None, TOP + i * ROW_HEIGHT, False)
        )
    spoken = [describe(theme, figure, kind_label)]
    for statement in statements:
        score = NOT_SCORED if statement.score is None else format_number(statement.score)
        words = f"stelling {statement.key}: {score}"
        if statement.ambition is not None:
            words += f", ambitie {statement.ambition}" + (
                f" ({statement.text_gap})" if statement.gap is not None else ""
            )
        spoken.append(words)
    return OverviewChart(
        description=(
            "Scores op de schaal 1 tot 4, met de ambitie als streep"
            + (" en de middelste helft van soortgelijke organisaties als band" if figure else "")
            + ": "
            + "; ".join(spoken)
            + "."
        ),
        rows=tuple(rows),
        ticks=tuple((_x(v), str(v)) for v in SCORE_VALUES),
        height=TOP + len(rows) * ROW_HEIGHT + AXIS_HEIGHT,
        has_ambition=any(r.ambition_x is not None for r in rows),
        has_band=figure is not None,
    )


def overview_charts(
    themes: Sequence[ThemeGap],
    national: Mapping[int, Figure | None] | None = None,
    kind_label: str | None = None,
) -> list[OverviewChart]:
    """One chart per theme, for a result with its ambitions and, if a kind is known, the national picture."""
    national = national or {}
    return [theme_overview(theme, national.get(theme.number), kind_label) for theme in themes]
