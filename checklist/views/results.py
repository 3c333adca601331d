"""The checklist form, its result at a GET address, and saving a result as a measurement.

The form is the same for every visitor (a GET form, no per-visitor token), so
it is served from the response cache like the advice page. The result address
carries the scores ("/checklist/resultaat/?s1.1=3&s2.4=1"): it can be reloaded,
bookmarked and shared, and stores nothing. Only "Meting opslaan" (a POST) stores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from pianoo.ratelimit import check_rate, too_many_requests

from .. import measurements
from ..charts import theme_chart
from ..scoring import (
    NOT_SCORED,
    Result,
    ScoreError,
    ThemeInfo,
    get_result,
    parse_scores,
    scale_labels,
    scores_from_form,
    scores_from_query,
    statement_keys,
    statement_snapshot,
    theme_infos,
)
from .common import METHOD, error, render, score_query, see_other, url

if TYPE_CHECKING:
    from ..models import ChecklistPage, MeasurementSeries

from cms.cache import content_version


def form_context(
    series: MeasurementSeries | None = None, error: str = "", scores: dict[str, int] | None = None
) -> dict[str, Any]:
    version = content_version()
    return {
        "themes": theme_infos(version),
        "scale": sorted(scale_labels(version).items()),
        "content_version": version,  # keys the cached statement fieldsets in the template
        "series": series,
        "error": error,
        "scores": scores or {},
    }


def result_context(result: Result) -> dict[str, Any]:
    return {
        "result": result,
        "method": METHOD,
        "theme_charts": [(theme, theme_chart(theme)) for theme in result.themes],
        "not_scored": NOT_SCORED,
    }


def posted_scores(request: HttpRequest, themes: list[ThemeInfo]) -> dict[str, int]:
    """The scores of a posted form ("score-1.1" fields); raises ScoreError on tampered input."""
    return parse_scores(scores_from_form(dict(request.POST.lists())), statement_keys(themes))


def form(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    context = {**form_context(), "action": f"{page.url}resultaat/"}
    return render(request, page, "checklist/checklist_page.html", context, index=True)


def _result_response(
    page: ChecklistPage, request: HttpRequest, base: str, series: MeasurementSeries | None
) -> HttpResponse:
    themes = theme_infos()
    try:
        raw = scores_from_query(dict(request.GET.lists()))
        scores = parse_scores(raw, statement_keys(themes))
    except ScoreError as problem:
        return error(request, page, problem.message)
    if not scores:
        context = {
            **form_context(series, error="Geef bij minstens één stelling een score."),
            "action": base,
        }
        return render(request, page, "checklist/checklist_page.html", context, private=bool(series))
    canonical = score_query(scores)
    if series is not None and "soort" in request.GET:
        # The national picture's kind chosen on a series' result (its GET form puts it last).
        canonical += "&" + urlencode({"soort": request.GET["soort"][:30]})
    if request.META.get("QUERY_STRING", "") != canonical:
        # One address per result: unscored statements left out, statements in order.
        return HttpResponseRedirect(f"{base}?{canonical}")
    context = {
        **result_context(get_result(scores)),
        "scores": scores,
        "series": series,
        "save_action": f"{page.url}opslaan/",
        "form_url": url(page, "reeks", series.manage_token, "nieuw") if series else page.url,
    }
    return render(request, page, "checklist/results.html", context, private=bool(series))


def results(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    base = f"{page.url}resultaat/"
    if request.method == "POST":
        return _post_to_address(page, request, base)
    return _result_response(page, request, base, None)


def _post_to_address(page: ChecklistPage, request: HttpRequest, base: str) -> HttpResponse:
    """The form used to POST its scores: send such a post on to the result's GET address."""
    try:
        scores = posted_scores(request, theme_infos())
    except ScoreError as problem:
        return error(request, page, problem.message)
    if series_token := request.POST.get("series", ""):
        series = measurements.find_series(series_token)
        if series is None:
            return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
        base = url(page, "reeks", series.manage_token, "resultaat")
    return see_other(f"{base}?{score_query(scores)}" if scores else base)


def series_form(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    context = {
        **form_context(found),
        "action": url(page, "reeks", found.manage_token, "resultaat"),
        "series_url": url(page, "reeks", found.manage_token),
    }
    return render(request, page, "checklist/checklist_page.html", context, private=True)


def series_results(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    return _result_response(page, request, url(page, "reeks", found.manage_token, "resultaat"), found)


def save(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseRedirect(page.url)
    if not check_rate(request, "checklist-save", limit=30, window=60):
        return too_many_requests(request)
    themes = theme_infos()
    try:
        scores = posted_scores(request, themes)
    except ScoreError as problem:
        return error(request, page, problem.message)
    if not scores:
        return error(request, page, "Er zijn geen scores om op te slaan. Vul eerst de checklist in.")
    # The CSRF token is unique per rendered page (also per cached hit), so a double click
    # sends the same one and a second visitor of the same shared address another.
    submission = request.POST.get("submission", "") or request.POST.get("csrfmiddlewaretoken", "")
    if not measurements.valid_submission(submission):
        return error(request, page, "Het formulier is onvolledig. Vul de checklist opnieuw in.")
    series = None
    if series_token := request.POST.get("series", ""):
        series = measurements.find_series(series_token)
        if series is None:
            return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    measurement = measurements.save_measurement(scores, statement_snapshot(themes), submission, series)
    return see_other(url(page, "meting", measurement.token))
