"""The pages for a series' ambitions, action plan and national-picture participation.

Thin views over checklist/ambitions.py (the arithmetic), checklist/plans.py and
checklist/national_store.py (storage). Changing anything needs the series'
manage link; the read link shows the plan read only. Every post is rate limited,
and bad input re-renders the form with what was typed and a Dutch error.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from pianoo.ratelimit import check_rate, too_many_requests

from . import measurements, national_store, plans, rounds, views
from .ambitions import action_plan, ambition_keys, gaps, key_order, parse_ambitions
from .charts import band_text, format_number
from .national import KIND_PLURALS, KINDS, MIN_GROUP, KindError, parse_kind
from .overview_chart import overview_charts
from .scoring import (
    Result,
    ScoreError,
    ThemeInfo,
    get_result,
    scale_labels,
    statement_blocks,
    theme_averages,
    theme_infos,
)

if TYPE_CHECKING:
    from .models import ChecklistPage, MeasurementSeries, PlanItem

MAX_FIELDS = 120
MEASUREMENT_PATH = re.compile(r"/meting/([A-Za-z0-9_-]{20,64})/$")


def _url(page: ChecklistPage, kind: str, token: str, action: str = "") -> str:
    return f"{page.url}{kind}/{token}/{action + '/' if action else ''}"


def _render(
    request: HttpRequest,
    page: ChecklistPage,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    *,
    private: bool = True,
) -> TemplateResponse:
    """As the checklist's other private pages: noindex, no-store, referrer only to this site."""
    response = TemplateResponse(
        request, template, {"page": page, "self": page, "noindex": True, **context}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    if private:
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
    return response


def _error(request: HttpRequest, page: ChecklistPage, message: str, status: int = 400) -> TemplateResponse:
    template = "checklist/not_found.html" if status == 404 else "checklist/error.html"
    return _render(request, page, template, {"message": message}, status=status)


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _manage(page: ChecklistPage, request: HttpRequest, token: str) -> MeasurementSeries | TemplateResponse:
    series = measurements.find_series(token)
    if series is None:
        return _error(
            request, page, "Deze meetreeks bestaat niet (meer), of deze link mag hem niet wijzigen.", 404
        )
    return series


def _too_many_fields(request: HttpRequest) -> bool:
    return len(request.POST) > MAX_FIELDS


def _theme_rows(themes: list[ThemeInfo], levels: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "theme": theme,
            "value": levels.get(str(theme.number), ""),
            "statements": [{"statement": s, "value": levels.get(s.key, "")} for s in theme.statements],
            "refined": any(s.key in levels and levels[s.key] != "" for s in theme.statements),
        }
        for theme in themes
    ]


def ambitions(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """Set the series' ambition per theme, and optionally per statement (manage link)."""
    found = _manage(page, request, token)
    if isinstance(found, TemplateResponse):
        return found
    themes = theme_infos()
    error = ""
    status = 200
    levels: dict[str, Any] = dict(plans.ambitions_of(found))
    if request.method == "POST":
        if not check_rate(request, "checklist-plan", limit=60, window=60):
            return too_many_requests(request)
        if _too_many_fields(request):
            return _error(request, page, "Er zijn te veel velden verstuurd.")
        posted = {k[len("ambitie-") :]: v for k, v in request.POST.items() if k.startswith("ambitie-")}
        try:
            parsed = parse_ambitions(posted, themes)
        except ScoreError as failure:
            error, status = failure.message, 400
            levels = {k: v for k, v in posted.items() if k in set(ambition_keys(themes))}
        else:
            plans.save_ambitions(found, parsed)
            return _see_other(_url(page, "reeks", token, "actieplan") + "?opgeslagen=ambitie")
    context = {
        "series": found,
        "rows": _theme_rows(themes, levels),
        "scale": sorted(scale_labels().items()),
        "error": error,
        "series_url": _url(page, "reeks", token),
        "form_url": _url(page, "reeks", token, "ambitie"),
    }
    return _render(request, page, "checklist/ambitions.html", context, status=status, private=True)


def plan_context(page: ChecklistPage, series: MeasurementSeries, *, manage: bool) -> dict[str, Any]:
    """What the action plan shows: the gaps of the latest measurement and the planned tips."""
    themes = theme_infos()
    levels = plans.ambitions_of(series)
    latest = plans.latest_measurement(series)
    items = plans.plan_of(series)
    planned = {item.tip_id: item for item in items}
    rows: list[dict[str, Any]] = []
    if latest is not None:
        keys = {s.key for t in themes for s in t.statements}
        result = get_result(
            {k: int(v) for k, v in latest.scores.items() if k in keys and float(v).is_integer()}
        )
        for statement in action_plan(gaps(result, levels)):
            rows.append(
                {
                    "gap": statement,
                    "tips": [{"tip": tip, "item": planned.get(tip.id)} for tip in statement.tips],
                }
            )
    return {
        "series": series,
        "themes": themes,
        "latest": latest,
        "has_ambitions": bool(levels),
        "rows": rows,
        "items": items,
        "open_items": [i for i in items if i.done_at is None],
        "done_items": [i for i in items if i.done_at is not None],
        "manage": manage,
        "latest_averages": theme_averages(latest.scores, themes) if latest else [],
    }


def _plan_page(
    page: ChecklistPage,
    request: HttpRequest,
    series: MeasurementSeries,
    token: str,
    *,
    error: str = "",
    error_tip: int | None = None,
    error_item: int | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> TemplateResponse:
    context = {
        **plan_context(page, series, manage=True),
        "error": error,
        "error_tip": error_tip,
        "error_item": error_item,
        "typed": typed or {},
        "form_url": _url(page, "reeks", token, "actieplan"),
        "ambitions_url": _url(page, "reeks", token, "ambitie"),
        "national_url": _url(page, "reeks", token, "landelijk"),
        "series_url": _url(page, "reeks", token),
        "saved": request.GET.get("opgeslagen", "")[:20],
        "kinds": KINDS,
        "national_kind": national_store.series_kind(series),
    }
    return _render(request, page, "checklist/plan.html", context, status=status, private=True)


def plan(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """The action plan under the manage link: take up tips, note, target date, done."""
    found = _manage(page, request, token)
    if isinstance(found, TemplateResponse):
        return found
    if request.method != "POST":
        return _plan_page(page, request, found, token)
    if not check_rate(request, "checklist-plan", limit=60, window=60):
        return too_many_requests(request)
    if _too_many_fields(request):
        return _error(request, page, "Er zijn te veel velden verstuurd.")
    action = request.POST.get("action", "")
    if action == "oppakken":
        return _take_up(page, request, found, token)
    item = _item(found, request.POST.get("item", ""))
    if item is None:
        return _plan_page(page, request, found, token, error="Dit actiepunt bestaat niet (meer).", status=400)
    if action == "wijzigen":
        return _change(page, request, found, token, item)
    if action in {"klaar", "niet-klaar"}:
        plans.set_done(item, action == "klaar")
        return _see_other(f"{_url(page, 'reeks', token, 'actieplan')}?opgeslagen={action}#actie-{item.pk}")
    if action == "verwijderen":
        item.delete()
        return _see_other(f"{_url(page, 'reeks', token, 'actieplan')}?opgeslagen=verwijderd#plan")
    return _plan_page(
        page, request, found, token, error="Onbekende actie. Gebruik de knoppen op de pagina.", status=400
    )


def _item(series: MeasurementSeries, raw: str) -> PlanItem | None:
    if not raw.isdigit() or len(raw) > 12:
        return None
    return series.plan_items.filter(pk=int(raw)).first()


def _take_up(
    page: ChecklistPage, request: HttpRequest, series: MeasurementSeries, token: str
) -> HttpResponse:
    tip_raw = request.POST.get("tip", "")
    statement_key = request.POST.get("statement", "")[:10]
    typed = {
        "note": request.POST.get("note", "")[:2000],
        "target_date": request.POST.get("target_date", "")[:20],
    }
    tip = _tip_of(statement_key, tip_raw)
    if tip is None:
        return _plan_page(
            page, request, series, token, error="Deze tip hoort niet bij deze stelling.", status=400
        )
    try:
        note = plans.parse_note(typed["note"])
        target = plans.parse_target_date(typed["target_date"])
    except plans.PlanError as failure:
        return _plan_page(
            page, request, series, token, error=failure.message, error_tip=tip.id, typed=typed, status=400
        )
    item = plans.take_up(series, statement_key, tip.id, tip.text, note, target)
    return _see_other(f"{_url(page, 'reeks', token, 'actieplan')}?opgeslagen=opgepakt#actie-{item.pk}")


def _change(
    page: ChecklistPage, request: HttpRequest, series: MeasurementSeries, token: str, item: PlanItem
) -> HttpResponse:
    """Change a planned tip's note or target date; bad input keeps what was typed, changes nothing."""
    typed = {
        "note": request.POST.get("note", "")[:2000],
        "target_date": request.POST.get("target_date", "")[:20],
    }
    try:
        note = plans.parse_note(typed["note"])
        target = plans.parse_target_date(typed["target_date"])
    except plans.PlanError as failure:
        return _plan_page(
            page, request, series, token, error=failure.message, error_item=item.pk, typed=typed, status=400
        )
    plans.change_item(item, note, target)
    return _see_other(f"{_url(page, 'reeks', token, 'actieplan')}?opgeslagen=gewijzigd#actie-{item.pk}")


def _tip_of(statement_key: str, raw: str) -> Any:
    if not raw.isdigit() or len(raw) > 12:
        return None
    block = statement_blocks().get(statement_key)
    return next((t for t in block.tips if t.id == int(raw)), None) if block else None


def national(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """Opt the series' latest measurement in to the national picture, or the whole series out."""
    found = _manage(page, request, token)
    if isinstance(found, TemplateResponse):
        return found
    if request.method != "POST":
        return HttpResponseRedirect(_url(page, "reeks", token, "actieplan") + "#landelijk")
    if not check_rate(request, "checklist-plan", limit=60, window=60):
        return too_many_requests(request)
    themes = theme_infos()
    numbers = [t.number for t in themes]
    if request.POST.get("action") == "afmelden":
        national_store.opt_out(found, numbers)
        return _see_other(_url(page, "reeks", token, "actieplan") + "?opgeslagen=afgemeld#landelijk")
    try:
        kind = parse_kind(request.POST.get("kind", ""))
    except KindError as failure:
        return _plan_page(page, request, found, token, error=failure.message, status=400)
    latest = plans.latest_measurement(found)
    if latest is None:
        return _plan_page(
            page, request, found, token, error="Deze meetreeks heeft nog geen meting.", status=400
        )
    national_store.opt_in(latest, kind, national_store.theme_scores_of(latest, themes), numbers)
    return _see_other(_url(page, "reeks", token, "actieplan") + "?opgeslagen=aangemeld#landelijk")


def overview_context(
    result: Result,
    series: MeasurementSeries | None = None,
    kind: str | None = None,
    *,
    ambitions_url: str = "",
    choose_kind_url: str = "",
    keep: list[tuple[str, str]] | None = None,
    kind_error: str = "",
) -> dict[str, Any]:
    """A result against its series' ambitions and the national picture of `kind`
    (else the kind the series counts as); three queries at most, whatever the data."""
    levels = plans.ambitions_of(series) if series is not None else {}
    if kind is None and series is not None:
        kind = national_store.series_kind(series)
    theme_gaps = gaps(result, levels)
    numbers = [t.number for t in result.themes]
    group = national_store.published(kind) if kind else None
    figures = national_store.figures_of(group, numbers) if kind else {}
    label = KIND_PLURALS.get(kind or "")
    charts = overview_charts(theme_gaps, figures, label)
    rows = [
        {
            "gap": gap_row,
            "chart": chart,
            "score_text": "niet ingevuld" if gap_row.average is None else format_number(gap_row.average),
            "national_text": band_text(gap_row.short_title, figures.get(gap_row.number), label)
            if label
            else "",
            "statements": sorted(gap_row.statements, key=lambda s: key_order(s.key)),
        }
        for gap_row, chart in zip(theme_gaps, charts, strict=True)
    ]
    return {
        "overview": {
            "rows": rows,
            "has_ambitions": bool(levels),
            "kind": kind or "",
            "kind_label": label or "",
            "kinds": KINDS,
            "minimum": MIN_GROUP,
            "published_at": group.published_at if group is not None and group.visible else None,
            "ambitions_url": ambitions_url,
            "choose_kind_url": choose_kind_url,
            "keep": keep or [],
            "kind_error": kind_error,
        },
        "action_plan": action_plan(theme_gaps) if levels else [],
    }


def requested_kind(request: HttpRequest) -> tuple[str | None, str]:
    """The kind chosen with ?soort= on a result page, and a Dutch error for an unknown one
    (shown beside the choice; the result itself still shows)."""
    raw = request.GET.get("soort", "")
    if not raw:
        return None, ""
    try:
        return parse_kind(raw, "soort"), ""
    except KindError as failure:
        return None, failure.message


def posted_opt_in(request: HttpRequest) -> tuple[str | None, str]:
    """The national-picture choice posted with a save or a round's close: (kind or None, Dutch error).

    Off unless the box `landelijk` is ticked; then a kind is required. Check it before
    saving anything, so that a bad choice loses nothing.
    """
    if request.POST.get("landelijk", "") not in {"ja", "on"}:
        return None, ""
    try:
        return parse_kind(request.POST.get("soort", ""), "soort"), ""
    except KindError as failure:
        return None, failure.message


def planned_context(measurement: Any) -> dict[str, Any]:
    """On a measurement's page: what the series had planned before it, and whether those statements moved."""
    items = plans.plan_of(measurement.series)
    return {"planned": plans.progress_since_plan(measurement, items), "plan_items": items}


def opt_in_context() -> dict[str, Any]:
    return {"national_kinds": KINDS}


def save(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    """Saving a measurement (checklist/views.py) with the national-picture opt-in posted with it.

    The choice is checked first, so a bad one saves nothing and says so in Dutch.
    """
    kind = None
    if request.method == "POST":
        kind, problem = posted_opt_in(request)
        if problem:
            return _error(
                request, page, f"{problem} De meting is nog niet opgeslagen: ga terug en kies opnieuw."
            )
    response = views.save(page, request)
    location = response.get("Location", "") if response.status_code == 303 else ""
    match = MEASUREMENT_PATH.search(location)
    if kind and match:
        saved = measurements.find_measurement(match.group(1))
        if saved is not None:
            national_store.count_measurement(saved, kind)
    return response


def close_round(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """Closing a team round (checklist/views/rounds.py) with the national-picture opt-in posted with it.

    The round's measurement counts with its theme medians; a bad choice closes nothing.
    """
    kind = None
    if request.method == "POST":
        kind, problem = posted_opt_in(request)
        if problem:
            return _error(
                request, page, f"{problem} De groepsmeting is nog niet gesloten: ga terug en kies opnieuw."
            )
    response = views.close_round(page, request, token)
    if kind and response.status_code == 303:
        closed = rounds.find_by_coordinator(token)
        if closed is not None and closed.measurement is not None:
            national_store.count_measurement(closed.measurement, kind)
    return response
