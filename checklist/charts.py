"""Geometry of the server-rendered SVG bar chart per theme (no JavaScript, no inline styles).

Widths and positions are SVG attributes, which a strict Content-Security-Policy
allows; colours come from checklist.css. The numbers are also in the page text,
so the chart is a picture of the text, not its only carrier.
"""

from __future__ import annotations

from dataclasses import dataclass

from .national import TOO_FEW, Figure
from .scoring import NOT_SCORED, SCORE_VALUES, ThemeResult

WIDTH = 640
LABEL_WIDTH = 110
VALUE_WIDTH = 150
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 10
AXIS_HEIGHT = 24
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: int  # top of the row
    width: float  # 0 for an unscored statement
    average: bool = False

    @property
    def bar_y(self) -> int:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) // 2

    @property
    def text_y(self) -> int:
        return self.y + ROW_HEIGHT // 2 + 5


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    description: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    height: int
    width: int = WIDTH
    plot_x: int = LABEL_WIDTH
    plot_width: int = PLOT_WIDTH
    value_x: int = WIDTH - VALUE_WIDTH + 10
    bar_height: int = BAR_HEIGHT

    @property
    def plot_bottom(self) -> int:
        return self.height - AXIS_HEIGHT

    @property
    def tick_label_y(self) -> int:
        return self.height - 6


def format_number(value: float) -> str:
    """Dutch decimal notation: 2,5 and 3."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def format_count(value: int) -> str:
    """A count in Dutch notation, thousands with a dot: 10.000."""
    return f"{value:,}".replace(",", ".")


def _x(value: float) -> float:
    return round(value / SCORE_VALUES[-1] * PLOT_WIDTH, 1)


def theme_chart(theme: ThemeResult) -> Chart:
    """One bar per statement in source order, and the theme's average last."""
    statements = sorted(theme.statements, key=lambda s: tuple(int(p) for p in s.key.split(".")))
    bars = [
        Bar(
            label=s.key,
            value_text=NOT_SCORED if s.score is None else str(s.score),
            y=TOP + i * ROW_HEIGHT,
            width=0 if s.score is None else _x(s.score),
        )
        for i, s in enumerate(statements)
    ]
    bars.append(
        Bar(
            label="Gemiddeld",
            value_text=NOT_SCORED if theme.average is None else format_number(theme.average),
            y=TOP + len(statements) * ROW_HEIGHT,
            width=0 if theme.average is None else _x(theme.average),
            average=True,
        )
    )
    scored = "; ".join(f"stelling {b.label}: {b.value_text}" for b in bars[:-1])
    average = "niet ingevuld" if theme.average is None else f"{format_number(theme.average)} van 4"
    description = f"Scores van thema {theme.number}, {theme.short_title}: {scored}. Gemiddeld {average}."
    return Chart(
        description=description,
        bars=tuple(bars),
        ticks=tuple(Tick(x=LABEL_WIDTH + _x(v), label=str(v)) for v in SCORE_VALUES),
        height=TOP + len(bars) * ROW_HEIGHT + AXIS_HEIGHT,
    )


def band_text(theme_title: str, value: Figure | None, kind_plural: str) -> str:
    """The figure in words, for the page and the API: `kind_plural` as "gemeenten"."""
    if value is None:
        return f"{theme_title}: {kind_plural.lower()}: {TOO_FEW}."
    return (
        f"{theme_title}: bij {format_count(value.n)} {kind_plural.lower()} is de mediaan {format_number(value.median)}; "
        f"de middelste helft scoort tussen {format_number(value.p25)} en {format_number(value.p75)}."
    )


# ---- A theme over all measurements of a series (one small chart per theme) ----

LINE_WIDTH = 320
LINE_HEIGHT = 170
LINE_LEFT = 30
LINE_RIGHT = 14
LINE_TOP = 14
LINE_BOTTOM = 30


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value_text: str
    label: str  # the measurement's number in the table: "1", "2", ...

    @property
    def value_y(self) -> float:
        return self.y - 8


@dataclass(frozen=True)
class LineChart:
    number: int
    title: str
    description: str
    points: tuple[Point, ...]
    ticks: tuple[tuple[float, str], ...]  # (y, label) of 1-4
    width: int = LINE_WIDTH
    height: int = LINE_HEIGHT
    plot_left: int = LINE_LEFT
    plot_right: int = LINE_WIDTH - LINE_RIGHT

    @property
    def polyline(self) -> str:
        """The line through consecutive scored measurements (gaps break it: see segments)."""
        return " ".join(f"{p.x},{p.y}" for p in self.points if p.value_text != NOT_SCORED)

    @property
    def label_y(self) -> int:
        return self.height - 8

    @property
    def axis_y(self) -> float:
        return _line_y(1.0)


def _line_y(value: float) -> float:
    plot_height = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    return round(
        LINE_TOP + (SCORE_VALUES[-1] - value) / (SCORE_VALUES[-1] - SCORE_VALUES[0]) * plot_height, 1
    )


def series_charts(
    themes: list[tuple[int, str]], labels: list[str], values: list[list[float | None]]
) -> list[LineChart]:
    """One line chart per theme: `values[i][t]` is measurement i's score for theme t."""
    count = len(labels)
    plot_width = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    step = plot_width / (count - 1) if count > 1 else 0
    charts = []
    for t, (number, title) in enumerate(themes):
        points = []
        for i in range(count):
            value = values[i][t]
            x = round(LINE_LEFT + (i * step if count > 1 else plot_width / 2), 1)
            points.append(
                Point(
                    x=x,
                    y=_line_y(value) if value is not None else _line_y(1.0),
                    value_text=NOT_SCORED if value is None else format_number(value),
                    label=str(i + 1),
                )
            )
        spoken = "; ".join(f"meting {p.label} ({labels[i]}): {p.value_text}" for i, p in enumerate(points))
        charts.append(
            LineChart(
                number=number,
                title=title,
                description=f"Score van thema {number}, {title}, per meting op de schaal 1 tot 4: {spoken}.",
                points=tuple(points),
                ticks=tuple((_line_y(v), str(v)) for v in SCORE_VALUES),
            )
        )
    return charts
