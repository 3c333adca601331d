"""A series over time: each measurement's theme scores, and dates for a reminder (pure)."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date

from .result import ThemeInfo, theme_averages

REMINDER_MONTHS = (3, 6, 12)


def measurement_theme_scores(
    scores: Mapping[str, float], theme_scores: Mapping[str, float] | None, themes: Sequence[ThemeInfo]
) -> list[float | None]:
    """A measurement's score per theme: a round's theme medians, else the average of its scores."""
    if theme_scores is not None:
        return [theme_scores.get(str(theme.number)) for theme in themes]
    return theme_averages(scores, themes)  # type: ignore[arg-type]


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the month's end (31 January + 1 = end of February)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return day.replace(year=year, month=month0 + 1, day=min(day.day, last))
