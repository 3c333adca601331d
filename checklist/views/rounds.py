"""Team round pages: start, the coordinator's page, the participant form and one's own answers.

Three kinds of link, each giving only its own rights: the coordinator link
(follow, rename, close, delete), the participant link (answer once), and each
colleague's response link (change those answers until the round closes). No
page reached with a lesser link shows a greater link or anyone else's answers.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from pianoo.ratelimit import check_rate, too_many_requests
from pianoo.response_cache import CSRF_MARKER

from .. import measurements, page_cache, round_pages, rounds
from ..measurements import valid_submission
from ..rounds import RoundError
from ..scoring import MIN_FOR_SPREAD, ScoreError, score_bands, theme_infos
from .common import error, methods, private_headers, render, see_other, url
from .results import form_context, posted_scores

if TYPE_CHECKING:
    from ..models import ChecklistPage, MeasurementSeries, Round, RoundResponse

START_LIMIT = (10, 3600)  # rounds a client may start per hour
ANSWER_LIMIT = (30, 60)  # answers a client may post per minute


def cookie_name(round_id: int) -> str:
    return f"cl_antwoord_{round_id}"


def round_links(request: HttpRequest, page: ChecklistPage, round_: Round) -> dict[str, str]:
    coordinator = url(page, "ronde", round_.coordinator_token)
    participant = url(page, "doe-mee", round_.participant_token)
    return {
        "coordinator_url": coordinator,
        "participant_url": participant,
        "coordinator_absolute_url": request.build_absolute_uri(coordinator),
        "participant_absolute_url": request.build_absolute_uri(participant),
    }


@methods("GET", "POST")
def start(page: ChecklistPage, request: HttpRequest, series: MeasurementSeries | None = None) -> HttpResponse:
    name = ""
    problem = ""
    if request.method == "POST":
        if not check_rate(request, "round-start", *START_LIMIT):
            return too_many_requests(request, retry_after=START_LIMIT[1])
        name = request.POST.get("name", "")
        try:
            round_ = rounds.start_round(rounds.clean_name(name), theme_infos(), series)
        except RoundError as refused:
            problem = refused.message
        else:
            return see_other(f"{url(page, 'ronde', round_.coordinator_token)}?gedaan=gestart")
    context = {"name": name, "problem": problem, "action": request.path}
    status = 400 if problem else 200
    return render(request, page, "checklist/round_start.html", context, status=status, private=bool(series))


@methods("POST")
def start_in_series(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    found = measurements.find_series(token)
    if found is None:
        return error(request, page, "Deze meetreeks bestaat niet (meer).", status=404)
    return start(page, request, found)


_NOTICES = {
    "gestart": "De groepsmeting is gestart. Stuur de deelnemerslink naar uw collega's en bewaar deze pagina.",
    "naam": "De naam is gewijzigd.",
    "gesloten": "De groepsmeting is gesloten en als meting aan de meetreeks toegevoegd.",
}


def _cached_notice(request: HttpRequest) -> str | None:
    """The notice code a cacheable request asks for ("" for none), or None if it is not cacheable.

    Only a GET with no parameters or exactly `gedaan=<a known notice>`; anything else
    (another parameter, such as ?soort=, which the overview reads) is rendered afresh.
    """
    if request.method != "GET":
        return None
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    code = query.removeprefix("gedaan=")
    return code if code != query and code in _NOTICES else None


def coordinator(page: ChecklistPage, request: HttpRequest, token: str, problem: str = "") -> HttpResponse:
    """The coordinator's page; the whole page is cached per state (checklist/round_pages.py)."""
    if not measurements.valid_token(token):
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    found = round_pages.lookup(token)
    if found is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    if found.due:
        rounds.touch_opened(found.round_id)
    notice = None if problem else _cached_notice(request)
    key = None
    if notice is not None:
        key = round_pages.page_key(found, _origin(request), notice)
        hit = _from_cache(request, key, found.tokens, round_pages.MARKERS)
        if hit is not None:
            return hit
    round_ = rounds.find_by_coordinator(token)
    if round_ is None:  # deleted in between
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    response = _coordinator_page(page, request, round_, found, problem, marked=key is not None)
    if key is not None:
        _keep(
            request, response, key, round_pages.still_shows(found, round_), found.tokens, round_pages.MARKERS
        )
    return response


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _from_cache(
    request: HttpRequest, key: str, tokens: tuple[str, ...], markers: tuple[str, ...]
) -> HttpResponse | None:
    """A stored page with its round's tokens, this visitor's CSRF token and a fresh submission id."""
    body = page_cache.get(key, tokens, markers)
    if body is None:
        return None
    hit = HttpResponse(round_pages.for_visitor(request, body))
    private_headers(hit)
    return hit


def _keep(
    request: HttpRequest,
    response: HttpResponse,
    key: str,
    still_shows: bool,
    tokens: tuple[str, ...],
    markers: tuple[str, ...],
) -> None:
    """Store a page rendered with markers (if it is a page, and still of its key), then fill them in."""
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        return
    response.render()
    body = response.content
    if still_shows:
        body = page_cache.put(key, body, tokens, markers)
    response.content = round_pages.for_visitor(request, body)


def _coordinator_page(
    page: ChecklistPage,
    request: HttpRequest,
    round_: Round,
    found: round_pages.Found,
    problem: str,
    *,
    marked: bool,
) -> TemplateResponse:
    """The coordinator's page rendered; `marked`: with the CSRF marker, for the cache."""
    result, result_key = rounds.current_result(round_, found.content, found.answers)
    measurement_token = found.measurement_token
    context = {
        **round_links(request, page, round_),
        "round": round_,
        "result": result,
        "result_key": result_key,
        # The gaps to the series' ambitions and the national picture: rendered once per result,
        # state of the series and published picture (no token in it: no link to the ambitions).
        "overview_key": f"{result_key}:s{found.series_version}:n{found.national}",
        "min_for_spread": MIN_FOR_SPREAD,
        "series_url": url(page, "reeks", round_.series.manage_token),
        "series_absolute_url": request.build_absolute_uri(url(page, "reeks", round_.series.manage_token)),
        "measurement_url": url(page, "meting", measurement_token) if measurement_token else "",
        "notice": _NOTICES.get(request.GET.get("gedaan", "")),
        "problem": problem,
    }
    if marked:  # overrides the csrf context processor: no visitor's token in a stored page
        context["csrf_token"] = CSRF_MARKER
    return render(
        request,
        page,
        "checklist/round_coordinator.html",
        context,
        status=400 if problem else 200,
        private=True,
    )


@methods("POST")
def rename(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    round_ = rounds.find_by_coordinator(token)
    if round_ is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    try:
        rounds.rename(round_, rounds.clean_name(request.POST.get("name", "")))
    except RoundError as refused:
        return coordinator(page, request, token, refused.message)
    return see_other(f"{url(page, 'ronde', token)}?gedaan=naam")


@methods("POST")
def close(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    round_ = rounds.find_by_coordinator(token)
    if round_ is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    try:
        rounds.close(round_, theme_infos(), score_bands())
    except RoundError as refused:
        if refused.status == 409:
            return error(request, page, refused.message, status=409)
        return coordinator(page, request, token, refused.message)
    return see_other(f"{url(page, 'ronde', token)}?gedaan=gesloten")


@methods("GET", "POST")
def delete(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    round_ = rounds.find_by_coordinator(token)
    if round_ is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    if request.method == "POST":
        rounds.delete(round_)
        return see_other(f"{page.url}verwijderd/?wat=ronde")
    context = {
        "kind": "ronde",
        "target": round_,
        "count": rounds.participant_count(round_),
        "back_url": url(page, "ronde", token),
    }
    return render(request, page, "checklist/confirm_delete.html", context, private=True)


def _answer_form(
    request: HttpRequest,
    page: ChecklistPage,
    round_: Round,
    action: str,
    scores: dict[str, int],
    *,
    response: RoundResponse | None = None,
    problem: str = "",
    status: int = 200,
    notice: str = "",
    marked: bool = False,
) -> HttpResponse:
    """The answer form; `marked`: with markers for the CSRF token and the submission id, for the cache."""
    context = {
        **form_context(error=problem, scores=scores),
        "round": round_,
        "action": action,
        "submission": round_pages.SUBMISSION_MARKER if marked else secrets.token_urlsafe(16),
        "response": response,
        "response_url": url(page, "antwoord", response.token) if response else "",
        "response_absolute_url": request.build_absolute_uri(url(page, "antwoord", response.token))
        if response
        else "",
        "notice": notice,
    }
    if marked:  # overrides the csrf context processor: no visitor's token in a stored page
        context["csrf_token"] = CSRF_MARKER
    return render(request, page, "checklist/round_answer.html", context, status=status, private=True)


def _own_response(request: HttpRequest, round_: Round) -> RoundResponse | None:
    """The answer this browser gave before (its link is kept in a cookie on the participant path)."""
    token = request.COOKIES.get(cookie_name(round_.pk), "")
    response = rounds.find_response(token) if token else None
    return response if response is not None and response.round_id == round_.pk else None


def _invitation(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    """The participant link opened: the form (or the closed notice), cached whole per state
    (checklist/round_pages.py); a browser that answered before goes to its own answers."""
    found = round_pages.lookup_participant(token) if measurements.valid_token(token) else None
    if found is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    if found.due:
        rounds.touch_opened(found.round_id)
    key = None
    if not request.META.get("QUERY_STRING") and cookie_name(found.round_id) not in request.COOKIES:
        key = round_pages.form_key(found, _origin(request))
        hit = _from_cache(request, key, found.tokens, round_pages.FORM_MARKERS)
        if hit is not None:
            return hit
    round_ = rounds.find_by_participant(token)
    if round_ is None:  # deleted in between
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    if not round_.is_open:
        response: HttpResponse = render(
            request, page, "checklist/round_closed.html", {"round": round_}, private=True
        )
    else:
        own = _own_response(request, round_)
        if own is not None:
            return see_other(url(page, "antwoord", own.token))
        response = _answer_form(
            request, page, round_, url(page, "doe-mee", token), {}, marked=key is not None
        )
    if key is not None:
        shown = round_pages.still_shows(found, round_)
        _keep(request, response, key, shown, found.tokens, round_pages.FORM_MARKERS)
    return response


@methods("GET", "POST")
def participate(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return _invitation(page, request, token)
    round_ = rounds.find_by_participant(token)
    if round_ is None:
        return error(request, page, "Deze groepsmeting bestaat niet (meer).", status=404)
    action = url(page, "doe-mee", token)
    own = _own_response(request, round_)
    if not check_rate(request, "round-answer", *ANSWER_LIMIT):
        return too_many_requests(request, retry_after=ANSWER_LIMIT[1])
    themes = theme_infos()
    try:
        scores = posted_scores(request, themes)
    except ScoreError as problem:
        return error(request, page, problem.message)
    if not scores:
        return _answer_form(
            request, page, round_, action, {}, problem="Geef bij minstens één stelling een score.", status=400
        )
    submission = request.POST.get("submission", "")
    if not valid_submission(submission):
        return error(request, page, "Het formulier is onvolledig. Open de deelnemerslink opnieuw.")
    try:
        if own is not None:
            response = rounds.change_answer(own, scores)
        else:
            response, _ = rounds.answer(round_, scores, submission)
    except RoundError as refused:
        return error(request, page, refused.message, status=refused.status)
    redirect = see_other(f"{url(page, 'antwoord', response.token)}?gedaan=opgeslagen")
    redirect.set_cookie(
        cookie_name(round_.pk),
        response.token,
        max_age=180 * 24 * 3600,
        path=action,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return redirect


@methods("GET", "POST")
def own_answers(page: ChecklistPage, request: HttpRequest, token: str) -> HttpResponse:
    response = rounds.find_response(token)
    if response is None:
        return error(request, page, "Deze antwoorden bestaan niet (meer).", status=404)
    round_ = response.round
    action = url(page, "antwoord", token)
    if request.method == "GET":
        notice = "Uw antwoorden zijn opgeslagen." if request.GET.get("gedaan") == "opgeslagen" else ""
        if not round_.is_open:
            context: dict[str, Any] = {"round": round_, "own": True}
            return render(request, page, "checklist/round_closed.html", context, private=True)
        return _answer_form(
            request, page, round_, action, _int_scores(response), response=response, notice=notice
        )
    if not check_rate(request, "round-answer", *ANSWER_LIMIT):
        return too_many_requests(request, retry_after=ANSWER_LIMIT[1])
    try:
        scores = posted_scores(request, theme_infos())
    except ScoreError as problem:
        return error(request, page, problem.message)
    if not scores:
        return _answer_form(
            request,
            page,
            round_,
            action,
            _int_scores(response),
            response=response,
            problem="Geef bij minstens één stelling een score.",
            status=400,
        )
    try:
        rounds.change_answer(response, scores)
    except RoundError as refused:
        return error(request, page, refused.message, status=refused.status)
    return see_other(f"{action}?gedaan=opgeslagen")


def _int_scores(response: RoundResponse) -> dict[str, int]:
    return {k: int(v) for k, v in response.scores.items()}
