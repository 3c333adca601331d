"""Taking checklist results along: PDFs of a result, a team round and a series; CSV of a series and its plan.

Each PDF validates its address exactly as its page does and answers with the page's
Dutch 400 or 404, and renders the page's own includes through pianoo/pdf_jobs.py (the
render process makes the PDF; meanwhile the visitor sees a page that reloads). These
PDFs can't be cached (5^12 score sets, private series), so each new render is
rate-limited per client on top of pianoo.pdf's limits on time and size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse

from pianoo.csv_export import csv_response, to_csv
from pianoo.pdf import PdfUnavailable, pdf_response, unavailable_response, waiting_response
from pianoo.pdf_jobs import PdfPending, TooManyPdfs, render_pdf
from pianoo.ratelimit import check_rate, too_many_requests

from .. import measurements, plans, rounds
from ..plan_views import plan_context
from ..scoring import (
    MIN_FOR_SPREAD,
    ScoreError,
    get_result,
    parse_scores,
    score_bands,
    scores_from_query,
    statement_keys,
    theme_infos,
)
from ..scoring.series import measurement_theme_scores
from .common import error, score_query, url
from .results import result_context
from .series import _current_scores, overview_context

if TYPE_CHECKING:
    from ..models import ChecklistPage, MeasurementSeries

TOOL = "Checklist Organisatie Strategische Inkoop"
PDF_LIMIT = (10, 60)  # PDFs per client per minute
CSV_LIMIT = (30, 60)
STYLESHEETS = ("checklist/css/checklist.css",)


def _pdf(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str, *, private: bool
) -> HttpResponse:
    context = {"tool": TOOL, "token_in_url": True, **context}
    try:
        pdf = render_pdf(
            template,
            context,
            request,
            STYLESHEETS,
            private=private,
            admit=lambda: check_rate(request, "checklist-pdf", *PDF_LIMIT),  # reloads don't count
        )
    except TooManyPdfs:
        return too_many_requests(request, retry_after=PDF_LIMIT[1])
    except PdfPending:
        return waiting_response(request)
    except PdfUnavailable as problem:
        return unavailable_response(request, problem)
    return pdf_response(pdf, filename, private=private)


def result_pdf(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    """The result at a shared GET address ("resultaat/pdf/?s1.1=3&..."), as the result page reads it."""
    themes = theme_infos()
    try:
        scores = parse_scores(scores_from_query(dict(request.GET.lists())), statement_keys(themes))
    except ScoreError as problem:
        return error(request, page, problem.message)
    if not scores:
        return error(request, page, "Geef bij minstens één stelling een score.")
    online = request.build_absolute_uri(f"{page.url}resultaat/?{score_query(scores)}")
    context = {**result_context(get_result(scores)), "scores": scores, "title": "Uw resultaat"}
    return _pdf(
        request,
        "checklist/result_pdf.html",
        {**context, "online_url": online},
        "resultaat-checklist.pdf",
        private=False,
    )


def measurement_pdf(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """A saved measurement's result, under its own private link."""
    found = measurements.find_measurement(token)
    if found is None:
        return error(request, page, "Deze meting bestaat niet (meer).", status=404)
    themes = theme_infos()
    scores = _current_scores(found, themes)
    context = {
        **result_context(get_result(scores)),
        "scores": scores,
        "measurement": found,
        "title": f"Meting: {found}",
        "online_url": request.build_absolute_uri(url(page, "meting", found.token)),
    }
    return _pdf(request, "checklist/result_pdf.html", context, "meting-checklist.pdf", private=True)


def round_pdf(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """A team round's result, for the coordinator. It names no link: the coordinator link
    may close and delete the round, and a PDF is passed round."""
    round_ = rounds.find_by_coordinator(token)
    if round_ is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    context = {
        "round": round_,
        "result": rounds.result(round_, theme_infos(), score_bands()),
        "min_for_spread": MIN_FOR_SPREAD,
        "title": f"Groepsmeting: {round_.name}",
        "online_note": "op de pagina van de groepsmeting, via de link van de coördinator",
    }
    return _pdf(request, "checklist/round_pdf.html", context, "groepsmeting-checklist.pdf", private=True)


def _series_context(page: ChecklistPage, request: HttpRequest, series: MeasurementSeries) -> dict[str, Any]:
    themes = theme_infos()
    items = list(series.measurements.all())
    levels = plans.ambitions_of(series)
    return {
        **overview_context(items, themes),
        **plan_context(page, series, manage=False),
        "series": series,
        "ambition_rows": [
            {"theme": theme, "level": levels.get(str(theme.number))}
            for theme in themes
            if str(theme.number) in levels
        ],
        "statement_ambitions": [(key, level) for key, level in levels.items() if "." in key],
        "title": series.name or "Uw meetreeks",
        # The read link, whichever link asked: a PDF is passed round, and reading is all it needs.
        "online_url": request.build_absolute_uri(url(page, "bekijk", series.read_token)),
    }


def _series(token: str, *, read: bool) -> MeasurementSeries | None:
    return measurements.find_series_to_read(token) if read else measurements.find_series(token)


def series_pdf(page: ChecklistPage, request: HttpRequest, token: str, *, read: bool = False) -> HttpResponse:
    """A series over time: chart and table per theme, ambitions and the action plan."""
    found = _series(token, read=read)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    context = _series_context(page, request, found)
    return _pdf(request, "checklist/series_pdf.html", context, "meetreeks-checklist.pdf", private=True)


def series_rows(series: MeasurementSeries) -> tuple[list[str], list[list[Any]]]:
    """One row per measurement: its name, date and kind, each statement's score, each theme's score."""
    themes = theme_infos()
    keys = statement_keys(themes)
    header = ["Meting", "Datum", "Soort", "Deelnemers"]
    header += [f"Stelling {key}" for key in keys]
    header += [f"Thema {theme.number}: {theme.short_title}" for theme in themes]
    rows = []
    for measurement in series.measurements.all():
        theme_scores = measurement_theme_scores(measurement.scores, measurement.theme_scores, themes)
        group = measurement.theme_scores is not None
        rows.append(
            [
                measurement.label,
                measurement.measured_on,
                "groepsmeting (mediaan)" if group else "meting",
                measurement.participants,
                *[measurement.scores.get(key) for key in keys],
                *theme_scores,
            ]
        )
    return header, rows


def series_csv(page: ChecklistPage, request: HttpRequest, token: str, *, read: bool = False) -> HttpResponse:
    found = _series(token, read=read)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    if not check_rate(request, "checklist-csv", *CSV_LIMIT):
        return too_many_requests(request, retry_after=CSV_LIMIT[1])
    header, rows = series_rows(found)
    return csv_response(to_csv(header, rows), "meetreeks-checklist.csv")


def plan_rows(series: MeasurementSeries) -> tuple[list[str], list[list[Any]]]:
    """One row per planned tip, open ones first, as the action plan shows them."""
    header = ["Stelling", "Tip", "Notitie", "Streefdatum", "Score bij oppakken", "Opgepakt op", "Klaar op"]
    rows = [
        [
            item.statement_key,
            item.tip_text,
            item.note,
            item.target_date,
            item.baseline_score,
            item.planned_at.date(),
            item.done_at.date() if item.done_at else None,
        ]
        for item in plans.plan_of(series)
    ]
    return header, rows


def plan_csv(page: ChecklistPage, request: HttpRequest, token: str, *, read: bool = False) -> HttpResponse:
    found = _series(token, read=read)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    if not check_rate(request, "checklist-csv", *CSV_LIMIT):
        return too_many_requests(request, retry_after=CSV_LIMIT[1])
    header, rows = plan_rows(found)
    return csv_response(to_csv(header, rows), "actieplan-checklist.csv")
