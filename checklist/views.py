"""The checklist's pages: form, results, and saved measurements under private links.

Thin views over checklist/scoring.py (the arithmetic) and checklist/measurements.py
(storage). ChecklistPage's routes call these. Results and private pages are
`noindex`; private pages are also `no-store` and send a referrer only to this
site, so a token never leaks into a shared cache or to a linked site.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from cms.cache import content_version
from pianoo.ratelimit import check_rate, too_many_requests

from . import measurements
from .charts import format_number, theme_chart
from .scoring import (
    NOT_SCORED,
    Result,
    ScoreError,
    ThemeInfo,
    changed_statements,
    compare,
    parse_scores,
    scale_labels,
    score,
    scores_from_form,
    statement_blocks,
    statement_keys,
    statement_snapshot,
    theme_averages,
    theme_infos,
)

if TYPE_CHECKING:
    from .models import ChecklistPage, Measurement, MeasurementSeries

METHOD = (
    "De score per thema is het gemiddelde van de ingevulde stellingen op de schaal 1–4; "
    "niet ingevulde stellingen tellen niet mee."
)
DIRECTIONS = {
    "up": ("hoger", "↑"),
    "down": ("lager", "↓"),
    "equal": ("gelijk", "="),
    "unknown": ("niet te vergelijken", "–"),
}


def _render(
    request: HttpRequest,
    page: ChecklistPage,
    template: str,
    context: dict[str, Any],
    status: int = 200,
    *,
    index: bool = False,
    private: bool = False,
) -> TemplateResponse:
    response = TemplateResponse(
        request, template, {"page": page, "self": page, "noindex": not index, **context}, status=status
    )
    if not index:
        response["X-Robots-Tag"] = "noindex, nofollow"
    if private:
        response["Cache-Control"] = "no-store"
        # Not "no-referrer": browsers then post forms with "Origin: null", which fails CSRF.
        response["Referrer-Policy"] = "same-origin"
    return response


def _error(request: HttpRequest, page: ChecklistPage, message: str, status: int = 400) -> TemplateResponse:
    """A Dutch 400 or 404 page for tampered input and unknown links."""
    template = "checklist/not_found.html" if status == 404 else "checklist/error.html"
    return _render(request, page, template, {"message": message}, status=status, private=True)


def _form_context(series: MeasurementSeries | None = None, error: str = "") -> dict[str, Any]:
    version = content_version()
    return {
        "themes": theme_infos(version),
        "scale": sorted(scale_labels(version).items()),
        "content_version": version,  # keys the cached statement fieldsets in the template
        "submission": secrets.token_urlsafe(16),
        "series_token": series.manage_token if series else "",
        "error": error,
    }


def _posted_scores(request: HttpRequest, themes: list[ThemeInfo]) -> dict[str, int]:
    """The scores of a posted form; raises ScoreError on tampered input."""
    return parse_scores(scores_from_form(dict(request.POST.lists())), statement_keys(themes))


def _result(scores: dict[str, int], themes: list[ThemeInfo]) -> Result:
    """As scoring.get_result, reusing the themes this request already loaded."""
    return score(scores, themes, statement_blocks(), scale_labels())


def _result_context(result: Result) -> dict[str, Any]:
    return {
        "result": result,
        "method": METHOD,
        "theme_charts": [(theme, theme_chart(theme)) for theme in result.themes],
        "not_scored": NOT_SCORED,
    }


def form(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    return _render(request, page, "checklist/checklist_page.html", _form_context(), index=True)


def results(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    themes = theme_infos()
    try:
        scores = _posted_scores(request, themes)
    except ScoreError as error:
        return _error(request, page, error.message)
    series_token = request.POST.get("series", "")
    series = None
    if series_token:
        series = measurements.find_series(series_token)
        if series is None:
            return _error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    if not scores:
        context = _form_context(series, error="Geef bij minstens één stelling een score.")
        return _render(request, page, "checklist/checklist_page.html", context, private=bool(series))
    submission = request.POST.get("submission", "")
    if not measurements.valid_submission(submission):
        submission = secrets.token_urlsafe(16)
    context = {
        **_result_context(_result(scores, themes)),
        "scores": scores,
        "submission": submission,
        "series_token": series.manage_token if series else "",
    }
    return _render(request, page, "checklist/results.html", context, private=bool(series))


def save(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    if not check_rate(request, "checklist-save", limit=30, window=60):
        return too_many_requests(request)
    themes = theme_infos()
    try:
        scores = _posted_scores(request, themes)
    except ScoreError as error:
        return _error(request, page, error.message)
    if not scores:
        return _error(request, page, "Er zijn geen scores om op te slaan. Vul eerst de checklist in.")
    submission = request.POST.get("submission", "")
    if not measurements.valid_submission(submission):
        return _error(request, page, "Het formulier is onvolledig. Vul de checklist opnieuw in.")
    series = None
    if series_token := request.POST.get("series", ""):
        series = measurements.find_series(series_token)
        if series is None:
            return _error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    measurement = measurements.save_measurement(scores, statement_snapshot(themes), submission, series)
    response = HttpResponseRedirect(_url(page, "meting", measurement.token))
    response.status_code = 303
    return response


def _url(page: ChecklistPage, kind: str, token: str, action: str = "") -> str:
    return f"{page.url}{kind}/{token}/{action + '/' if action else ''}"


def _links(
    request: HttpRequest, page: ChecklistPage, measurement: Measurement | None, series: MeasurementSeries
) -> dict[str, str]:
    links = {
        "series_url": _url(page, "reeks", series.manage_token),
        "new_in_series_url": _url(page, "reeks", series.manage_token, "nieuw"),
        "delete_series_url": _url(page, "reeks", series.manage_token, "verwijderen"),
    }
    if measurement is not None:
        links["measurement_url"] = _url(page, "meting", measurement.token)
        links["delete_measurement_url"] = _url(page, "meting", measurement.token, "verwijderen")
        links["measurement_absolute_url"] = request.build_absolute_uri(links["measurement_url"])
    links["series_absolute_url"] = request.build_absolute_uri(links["series_url"])
    return links


def _comparison_context(earlier: Measurement, later: Measurement, themes: list[ThemeInfo]) -> dict[str, Any]:
    comparison = compare(earlier.scores, earlier.statements, later.scores, later.statements, themes)
    rows = [
        {
            "theme": theme,
            "earlier": _number(theme.earlier),
            "later": _number(theme.later),
            "direction": theme.direction,
            "direction_text": DIRECTIONS[theme.direction][0],
            "symbol": DIRECTIONS[theme.direction][1],
        }
        for theme in comparison.themes
    ]
    changed = [
        {"key": key, "earlier": earlier.statements.get(key), "later": later.statements.get(key)}
        for key in comparison.changed_statements
    ]
    return {"earlier": earlier, "later": later, "rows": rows, "changed": changed}


def _number(value: float | None) -> str:
    return NOT_SCORED if value is None else format_number(value)


def _current_scores(measurement: Measurement, themes: list[ThemeInfo]) -> dict[str, int]:
    keys = set(statement_keys(themes))
    return {k: int(v) for k, v in measurement.scores.items() if k in keys}


def measurement(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_measurement(token)
    if found is None:
        return _error(request, page, "Deze meting bestaat niet (meer).", status=404)
    themes = theme_infos()
    previous = measurements.previous_measurement(found)
    changed_since = changed_statements(found.statements, statement_snapshot(themes))
    context = {
        **_result_context(_result(_current_scores(found, themes), themes)),
        **_links(request, page, found, found.series),
        "measurement": found,
        "comparison": _comparison_context(previous, found, themes) if previous else None,
        "changed_since": [{"key": k, "text": found.statements.get(k)} for k in changed_since],
        "token_in_url": True,
    }
    return _render(request, page, "checklist/measurement.html", context, private=True)


def series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return _error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    themes = theme_infos()
    items = list(found.measurements.all())
    history = [
        {
            "measurement": m,
            "url": _url(page, "meting", m.token),
            "averages": [_number(a) for a in theme_averages(m.scores, themes)],
        }
        for m in items
    ]
    context = {
        **_links(request, page, None, found),
        "method": METHOD,
        "series": found,
        "themes": themes,
        "history": history,
        "comparison": _comparison_context(items[-2], items[-1], themes) if len(items) > 1 else None,
        "deleted_measurement": request.GET.get("verwijderd") == "meting",
    }
    return _render(request, page, "checklist/series.html", context, private=True)


def series_form(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return _error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    context = {**_form_context(found), "series_url": _url(page, "reeks", found.manage_token)}
    return _render(request, page, "checklist/checklist_page.html", context, private=True)


@require_http_methods(["GET", "POST"])
def _confirm_or_delete(request: HttpRequest, page: ChecklistPage, kind: str, token: str) -> HttpResponse:
    target: Measurement | MeasurementSeries | None
    target = measurements.find_measurement(token) if kind == "meting" else measurements.find_series(token)
    if target is None:
        what = "meting" if kind == "meting" else "meetreeks"
        return _error(request, page, f"Deze {what} bestaat niet (meer).", status=404)
    if request.method == "POST":
        if kind == "meting":
            series_gone = measurements.delete_measurement(target)  # type: ignore[arg-type]
            if not series_gone:
                series_url = _url(page, "reeks", target.series.manage_token)  # type: ignore[union-attr]
                return _see_other(f"{series_url}?verwijderd=meting")
        else:
            target.delete()
        return _see_other(f"{page.url}verwijderd/?wat={kind}")
    context = {
        "kind": kind,
        "target": target,
        "count": 1 if kind == "meting" else target.measurements.count(),  # type: ignore[union-attr]
        "back_url": _url(page, "meting" if kind == "meting" else "reeks", token),
    }
    return _render(request, page, "checklist/confirm_delete.html", context, private=True)


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def delete_measurement(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    return _confirm_or_delete(request, page, "meting", token)


def delete_series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    return _confirm_or_delete(request, page, "reeks", token)


def deleted(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    kind = "reeks" if request.GET.get("wat") == "reeks" else "meting"
    return _render(request, page, "checklist/deleted.html", {"kind": kind})
