"""Template filters of the checklist pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from checklist.charts import format_number
from checklist.scoring import NOT_SCORED, RoundResult, StatementSummary

register = template.Library()


@register.filter
def score_text(value: float | None) -> str:
    """An average as Dutch text: "2,5", "3", or "niet ingevuld"."""
    return NOT_SCORED if value is None else format_number(value)


@register.filter
def score_of(scores: Mapping[str, Any] | None, key: str) -> Any:
    """scores[key], or None: the given answer to a statement."""
    return scores.get(key) if scores else None


@register.filter
def distribution_of(distribution: Mapping[int, int] | None, value: int | str) -> int | None:
    """How many chose `value` (1-4, also as the string "1")."""
    return distribution.get(int(value)) if distribution else None


@register.filter
def theme_statements(result: RoundResult, number: int) -> list[StatementSummary]:
    return result.theme_statements(number)
