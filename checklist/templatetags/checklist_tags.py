"""Template filters of the checklist pages."""

from __future__ import annotations

from django import template

from checklist.charts import format_number
from checklist.scoring import NOT_SCORED

register = template.Library()


@register.filter
def score_text(value: float | None) -> str:
    """An average as Dutch text: "2,5", "3", or "niet ingevuld"."""
    return NOT_SCORED if value is None else format_number(value)
