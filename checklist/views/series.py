"""Saved measurements and series: the manage link (change, add, delete) and the read link (show).

The manage link is the series' old single link, so existing series keep working.
The read link shows the same progress without any way to change it, and without
the tokens of the measurements (which would give their delete buttons).
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import measurements, page_cache
from ..charts import series_charts
from ..reminders import reminder_ics
from ..rounds import RoundError, clean_name
from ..scoring import (
    ThemeInfo,
    changed_statements,
    compare,
    get_result,
    statement_keys,
    statement_snapshot,
    theme_infos,
)
from ..scoring.series import REMINDER_MONTHS, measurement_theme_scores
from .common import METHOD, error, methods, number, private_headers, render, see_other, url
from .results import result_context

if TYPE_CHECKING:
    from ..models import ChecklistPage, Measurement, MeasurementSeries

DIRECTIONS = {
    "up": ("hoger", "↑"),
    "down": ("lager", "↓"),
    "equal": ("gelijk", "="),
    "unknown": ("niet te vergelijken", "–"),
}
LABEL_MAX = 120


def _links(
    request: HttpRequest, page: ChecklistPage, measurement: Measurement | None, series: MeasurementSeries
) -> dict[str, str]:
    links = {
        "series_url": url(page, "reeks", series.manage_token),
        "read_url": url(page, "bekijk", series.read_token),
        "new_in_series_url": url(page, "reeks", series.manage_token, "nieuw"),
        "delete_series_url": url(page, "reeks", series.manage_token, "verwijderen"),
    }
    if measurement is not None:
        links["measurement_url"] = url(page, "meting", measurement.token)
        links["delete_measurement_url"] = url(page, "meting", measurement.token, "verwijderen")
        links["measurement_absolute_url"] = request.build_absolute_uri(links["measurement_url"])
    links["series_absolute_url"] = request.build_absolute_uri(links["series_url"])
    links["read_absolute_url"] = request.build_absolute_uri(links["read_url"])
    return links


def comparison_context(earlier: Measurement, later: Measurement, themes: list[ThemeInfo]) -> dict[str, Any]:
    comparison = compare(earlier.scores, earlier.statements, later.scores, later.statements, themes)
    rows = [
        {
            "theme": theme,
            "earlier": number(theme.earlier),
            "later": number(theme.later),
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


def overview_context(items: list[Measurement], themes: list[ThemeInfo]) -> dict[str, Any]:
    """The chart of every theme over all measurements, the table, and the last comparison."""
    values = [measurement_theme_scores(m.scores, m.theme_scores, themes) for m in items]
    labels = [m.label or f"{m.measured_on:%d-%m-%Y}" for m in items]
    history = [
        {"measurement": m, "index": i + 1, "scores": [number(v) for v in row]}
        for i, (m, row) in enumerate(zip(items, values, strict=True))
    ]
    charts = series_charts([(t.number, t.short_title) for t in themes], labels, values) if items else []
    return {
        "method": METHOD,
        "themes": themes,
        "history": history,
        "line_charts": charts,
        "comparison": comparison_context(items[-2], items[-1], themes) if len(items) > 1 else None,
    }


def _current_scores(measurement: Measurement, themes: list[ThemeInfo]) -> dict[str, int]:
    keys = set(statement_keys(themes))
    return {k: int(v) for k, v in measurement.scores.items() if k in keys and float(v).is_integer()}


def measurement(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """A saved measurement; the whole page is cached per state (checklist/page_cache.py)."""
    if not measurements.valid_token(token):
        return error(request, page, "Deze meting bestaat niet (meer).", status=404)
    # The versions first: a page rendered after them is at least as new as its key says.
    content, national = page_cache.versions()
    found = page_cache.lookup(token)
    if found is None:
        return error(request, page, "Deze meting bestaat niet (meer).", status=404)
    measurements.touch_opened(found.series_id, found.last_opened_at)
    kind = page_cache.cached_kind(request.META.get("QUERY_STRING", "")) if request.method == "GET" else None
    key = None
    if kind is not None:
        origin = f"{request.scheme}://{request.get_host()}"
        key = page_cache.page_key(found, content, national, origin, kind)
        body = page_cache.get(key, found.tokens)
        if body is not None:
            hit = HttpResponse(body)
            private_headers(hit)
            return hit
    response = _measurement_page(page, request, token, content)
    if key is not None and response.status_code == 200:
        response.render()
        response.content = page_cache.put(key, response.content, found.tokens)
    return response


def _measurement_page(
    page: ChecklistPage, request: HttpRequest, token: str, version: int
) -> TemplateResponse:
    found = measurements.find_measurement(token)
    if found is None:  # deleted in between
        return error(request, page, "Deze meting bestaat niet (meer).", status=404)
    themes = theme_infos(version)
    items = list(found.series.measurements.all())
    index = next(i for i, m in enumerate(items) if m.pk == found.pk)
    previous = items[index - 1] if index > 0 else None
    changed_since = changed_statements(found.statements, statement_snapshot(themes))
    result = get_result(_current_scores(found, themes), version)
    context = {
        **result_context(result),
        # The result with all its tips depends only on the content and the scores: its rendered
        # fragment is cached under those, as a shared result address is (no token in it).
        "result_fragment_key": f"{version}:{json.dumps(result.scores, sort_keys=True)}",
        **_links(request, page, found, found.series),
        "method": METHOD,
        "measurement": found,
        "group": found.theme_scores is not None,
        "group_rows": _group_rows(found, themes) if found.theme_scores is not None else [],
        "comparison": comparison_context(previous, found, themes) if previous else None,
        "changed_since": [{"key": k, "text": found.statements.get(k)} for k in changed_since],
        "token_in_url": True,
    }
    return render(request, page, "checklist/measurement.html", context, private=True)


def _group_rows(found: Measurement, themes: list[ThemeInfo]) -> list[dict[str, Any]]:
    values = measurement_theme_scores(found.scores, found.theme_scores, themes)
    return [
        {
            "theme": theme,
            "median": number(value),
            "statements": [(s, number(found.scores.get(s.key))) for s in theme.statements],
        }
        for theme, value in zip(themes, values, strict=True)
    ]


def series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    measurements.touch(found)
    themes = theme_infos()
    items = list(found.measurements.all())
    rounds = list(found.rounds.all())
    overview = overview_context(items, themes)
    for row in overview["history"]:
        row["view_url"] = url(page, "meting", row["measurement"].token)
        row["edit_url"] = url(page, "reeks", found.manage_token, f"meting/{row['measurement'].pk}")
    context = {
        **_links(request, page, None, found),
        **overview,
        "series": found,
        "manage": True,
        "rounds": [{"round": r, "url": url(page, "ronde", r.coordinator_token)} for r in rounds],
        "reminder_months": REMINDER_MONTHS,
        "reminder_url": url(page, "reeks", found.manage_token, "herinnering"),
        "round_action": url(page, "reeks", found.manage_token, "groepsmeting"),
        "rename_action": url(page, "reeks", found.manage_token, "naam"),
        "notice": _NOTICES.get(request.GET.get("gedaan", "")),
    }
    return render(request, page, "checklist/series.html", context, private=True)


_NOTICES = {
    "meting": "De meting is verwijderd.",
    "naam": "De naam van de meetreeks is gewijzigd.",
    "gewijzigd": "De meting is gewijzigd.",
}


def series_read(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series_to_read(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    measurements.touch(found)
    themes = theme_infos()
    items = list(found.measurements.all())
    context = {**overview_context(items, themes), "series": found, "manage": False}
    return render(request, page, "checklist/series_read.html", context, private=True)


@methods("POST")
def rename_series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    try:
        name = clean_name(request.POST.get("name", ""), "meetreeks")
    except RoundError as problem:
        return error(request, page, problem.message)
    measurements.rename_series(found, name)
    return see_other(f"{url(page, 'reeks', found.manage_token)}?gedaan=naam")


def _parse_date(raw: str) -> date | None:
    try:
        value = date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return value if date(2000, 1, 1) <= value <= date(2100, 12, 31) else None


@methods("GET", "POST")
def edit_measurement(page: ChecklistPage, request: HttpRequest, token: str, pk: str) -> HttpResponse:
    found = measurements.find_series(token)
    target = measurements.find_in_series(found, pk) if found else None
    if found is None or target is None:
        return error(request, page, "Deze meting bestaat niet (meer).", status=404)
    errors: dict[str, str] = {}
    label, raw_date = target.label, target.measured_on.isoformat()
    if request.method == "POST":
        label = " ".join(request.POST.get("label", "").split())
        raw_date = request.POST.get("measured_on", "")
        measured_on = _parse_date(raw_date)
        if len(label) > LABEL_MAX:
            errors["label"] = f"De naam mag hoogstens {LABEL_MAX} tekens lang zijn."
        if measured_on is None:
            errors["measured_on"] = "Vul een geldige datum in, bijvoorbeeld 2027-03-15."
        if not errors and measured_on is not None:
            measurements.update_measurement(target, label, measured_on)
            return see_other(f"{url(page, 'reeks', found.manage_token)}?gedaan=gewijzigd")
    context = {
        "series": found,
        "target": target,
        "label": label,
        "measured_on": raw_date,
        "errors": errors,
        "series_url": url(page, "reeks", found.manage_token),
    }
    return render(
        request, page, "checklist/measurement_edit.html", context, status=400 if errors else 200, private=True
    )


def reminder(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    months = request.GET.get("over", "")
    if months not in {str(m) for m in REMINDER_MONTHS}:
        return error(request, page, "Kies een herinnering over 3, 6 of 12 maanden.")
    manage_url = request.build_absolute_uri(url(page, "reeks", found.manage_token))
    body = reminder_ics(timezone.localdate(), int(months), manage_url, found.name, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="herinnering-checklist-{months}-maanden.ics"'
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@methods("GET", "POST")
def _confirm_or_delete(page: ChecklistPage, request: HttpRequest, kind: str, token: str) -> HttpResponse:
    target: Measurement | MeasurementSeries | None
    target = measurements.find_measurement(token) if kind == "meting" else measurements.find_series(token)
    if target is None:
        what = "meting" if kind == "meting" else "meetreeks"
        return error(request, page, f"Deze {what} bestaat niet (meer).", status=404)
    if request.method == "POST":
        if kind == "meting":
            series_gone = measurements.delete_measurement(target)  # type: ignore[arg-type]
            if not series_gone:
                series_url = url(page, "reeks", target.series.manage_token)  # type: ignore[union-attr]
                return see_other(f"{series_url}?gedaan=meting")
        else:
            target.delete()
        return see_other(f"{page.url}verwijderd/?wat={kind}")
    context = {
        "kind": kind,
        "target": target,
        "count": 1 if kind == "meting" else target.measurements.count(),  # type: ignore[union-attr]
        "back_url": url(page, "meting" if kind == "meting" else "reeks", token),
    }
    return render(request, page, "checklist/confirm_delete.html", context, private=True)


def delete_measurement(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    return _confirm_or_delete(page, request, "meting", token)


def delete_series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    return _confirm_or_delete(page, request, "reeks", token)


def deleted(page: ChecklistPage, request: HttpRequest) -> HttpResponse:
    kinds = {"reeks": "reeks", "ronde": "ronde"}
    kind = kinds.get(request.GET.get("wat", ""), "meting")
    return render(request, page, "checklist/deleted.html", {"kind": kind})
