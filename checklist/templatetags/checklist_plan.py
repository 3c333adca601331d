"""Template tags that put ambitions, the action plan and the national picture on result pages.

Every result of a series (a measurement, a closed round's measurement, a shared result
address opened from the series) shows the same overview; the tags keep the result
views unchanged apart from one line each in their templates. Each tag costs a fixed
number of queries (see checklist/plan_views.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.http import HttpRequest

from checklist import plan_views
from checklist.models import Measurement, MeasurementSeries
from checklist.scoring import Result, get_result, statement_keys, theme_infos
from checklist.scoring.rounds import RoundResult, measurement_scores

register = template.Library()


def _request(context: template.Context) -> HttpRequest | None:
    return context.get("request")


def _result_of(measurement: Measurement) -> Result:
    """The measurement's result, a team round's theme medians as its theme scores."""
    return _result_from(measurement.scores, getattr(measurement, "theme_scores", None))


def _result_from(statement_scores: Mapping[str, float], stored: object) -> Result:
    """A result from statement scores (whole ones count) and, for a team round, its theme medians."""
    themes = theme_infos()
    keys = set(statement_keys(themes))
    scores = {k: int(v) for k, v in statement_scores.items() if k in keys and float(v).is_integer()}
    result = get_result(scores)
    if isinstance(stored, dict) and stored:
        for theme in result.themes:
            value = stored.get(str(theme.number))
            theme.average = None if value is None else round(float(value), 2)
    return result


@register.inclusion_tag("checklist/includes/ambition_overview.html", takes_context=True)
def result_overview(
    context: template.Context,
    result: Result | None = None,
    series: MeasurementSeries | None = None,
    measurement: Measurement | None = None,
    manage_token: str = "",
    choose_kind: bool = False,
    round_result: RoundResult | None = None,
) -> dict[str, Any]:
    """The result against the series' ambitions and the national picture.

    Pass `measurement` for a saved one (its series and kind follow), `result` and
    optionally `series` for a shared result address, or `round_result` and `series` for
    a team round's current result. With `choose_kind`, visitors can
    choose a kind to compare with (?soort=, a GET form that keeps the other parameters).
    """
    request = _request(context)
    if measurement is not None:
        result = _result_of(measurement)
        series = measurement.series
    elif round_result is not None:
        # An open round as its measurement will be once closed: statement and theme medians.
        result = _result_from(*measurement_scores(round_result))
    kind, kind_error = plan_views.requested_kind(request) if request else (None, "")
    keep = [(k, str(v)) for k, v in request.GET.items() if k != "soort"][:100] if request else []
    page = context.get("page")
    ambitions_url = f"{page.url}reeks/{manage_token}/ambitie/" if manage_token and page else ""
    return plan_views.overview_context(
        result if result is not None else get_result({}),
        series,
        kind,
        ambitions_url=ambitions_url,
        choose_kind_url=request.path if request and choose_kind else "",
        keep=keep,
        kind_error=kind_error,
    )


@register.inclusion_tag("checklist/includes/planned.html")
def planned_before(measurement: Measurement) -> dict[str, Any]:
    """What the series had planned before this measurement, and whether those statements moved."""
    return plan_views.planned_context(measurement)


@register.inclusion_tag("checklist/includes/series_plan.html", takes_context=True)
def series_plan(context: template.Context, series: MeasurementSeries, manage: bool = False) -> dict[str, Any]:
    """The series' action plan: read only, with links to change it under the manage link."""
    items = plan_views.plans.plan_of(series)
    page = context.get("page")
    base = f"{page.url}reeks/{series.manage_token}/" if manage and page else ""
    return {
        "items": [i for i in items if i.done_at is None],
        "done_items": [i for i in items if i.done_at is not None],
        "manage": False,
        "plan_url": f"{base}actieplan/" if base else "",
        "ambitions_url": f"{base}ambitie/" if base else "",
    }


@register.inclusion_tag("checklist/includes/opt_in_fields.html")
def national_opt_in(where: str = "") -> dict[str, Any]:
    """The opt-in fields of a save or close form; `where` keeps ids unique when a page has two."""
    return {**plan_views.opt_in_context(), "suffix": f"-{where}" if where else ""}
