"""JSON API of the checklist: the statements with their content, and scoring."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response, found_or_404
from cms.cache import cached, content_version
from cms.cells import Block
from pianoo.ratelimit import rate_limit
from pianoo.schema import ErrorSerializer

from . import national_store, rounds
from .measurements import valid_submission
from .models import ChecklistPage, Round, RoundResponse
from .national import KindError, parse_kind
from .rounds import RoundError
from .schema import (
    ChecklistSerializer,
    ParticipantRoundSerializer,
    ResultSerializer,
    RoundAnswerRequestSerializer,
    RoundAnswerSerializer,
    RoundCloseRequestSerializer,
    RoundSerializer,
    RoundStartSerializer,
    ScoresRequestSerializer,
)
from .scoring import (
    MIN_FOR_SPREAD,
    ScoreError,
    get_result,
    parse_scores,
    scale_labels,
    score_bands,
    statement_blocks,
    statement_keys,
    theme_infos,
)


def checklist_json() -> dict[str, Any]:
    blocks = statement_blocks()
    empty = Block(cell="").items_json()
    return {
        "scale": [{"value": v, "label": label} for v, label in sorted(scale_labels().items())],
        "themes": [
            {
                "number": theme.number,
                "title": theme.title,
                "short_title": theme.short_title,
                "statements": [
                    {
                        "key": s.key,
                        "text": s.text,
                        "clarifications": list(s.clarifications),
                        **(blocks[s.key].items_json() if s.key in blocks else empty),
                    }
                    for s in theme.statements
                ],
            }
            for theme in theme_infos()
        ],
    }


class ChecklistView(APIView):
    """The scale, and the themes with their statements, tips, examples and references."""

    @extend_schema(
        operation_id="checklist",
        summary="Checklist met schaal, thema's en stellingen",
        responses=ChecklistSerializer,
    )
    def get(self, request: Request) -> Response:
        return Response(cached("api:checklist", checklist_json))


class ResultsView(APIView):
    """Score a filled-in checklist, as the results page does."""

    @extend_schema(
        operation_id="checklist_results",
        summary="Resultaat voor ingevulde scores",
        request=ScoresRequestSerializer,
        responses={200: ResultSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        examples=[OpenApiExample("Scores", value={"scores": {"1.1": 3, "1.2": 2}})],
    )
    @rate_limit("checklist-results", limit=120, window=60)
    def post(self, request: Request) -> Response:
        data = request.data
        if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
            return error_response("scores", 'Stuur een object {"scores": {"1.1": 3, ...}}.')
        version = content_version()
        keys = [s.key for theme in theme_infos(version) for s in theme.statements]
        try:
            scores = parse_scores(data["scores"], keys)
        except ScoreError as error:
            return error_response(error.field, error.message)
        return Response(get_result(scores, version).as_json())


# ---- Team rounds ------------------------------------------------------------------
#
# Three kinds of token, each in its own address, each giving only its own rights:
#   /api/checklist/rounds/<coordinator>/          follow (GET), rename (PATCH), delete (DELETE)
#   /api/checklist/rounds/<coordinator>/close/    close (POST)
#   /api/checklist/participate/<participant>/     answer once (POST)
#   /api/checklist/responses/<response>/          one's own answers (GET, PUT)
# A participant token is never looked up as a coordinator token, nor the reverse.

ROUND_NOT_FOUND = "Deze groepsmeting bestaat niet (meer). Controleer de link."
RESPONSE_NOT_FOUND = "Deze antwoorden bestaan niet (meer). Controleer de link."


def checklist_page_url(version: int | None = None) -> str:
    """The checklist page's path ("/checklist/"), cached per content version."""
    return cached(
        "checklist:page-url", lambda: ChecklistPage.objects.live().first().url or "/checklist/", version
    )


def _absolute(request: Request, path: str) -> str:
    return request.build_absolute_uri(path)


def round_links(request: Request, round_: Round, version: int | None = None) -> dict[str, Any]:
    base = checklist_page_url(version)
    return {
        "links": {
            "coordinator": _absolute(request, f"{base}ronde/{round_.coordinator_token}/"),
            "participant": _absolute(request, f"{base}doe-mee/{round_.participant_token}/"),
            "series": _absolute(request, f"{base}reeks/{round_.series.manage_token}/"),
        },
        "api": {
            "coordinator": _absolute(request, reverse("api:round", args=[round_.coordinator_token])),
            "participant": _absolute(request, reverse("api:participate", args=[round_.participant_token])),
            "series": _absolute(request, reverse("api:series", args=[round_.series.manage_token])),
        },
    }


def response_links(request: Request, response: RoundResponse) -> dict[str, Any]:
    return {
        "response": _absolute(request, reverse("api:response", args=[response.token])),
        "links": {"response": _absolute(request, f"{checklist_page_url()}antwoord/{response.token}/")},
    }


def round_json(request: Request, round_: Round) -> dict[str, Any]:
    version = content_version()
    result, _ = rounds.current_result(round_, version)
    themes = [{**t.as_json(), "title": t.title} for t in result.themes]
    return {
        "name": round_.name,
        "status": round_.status,
        "participants": result.participants,
        "min_for_spread": MIN_FOR_SPREAD,
        "themes": themes,
        "statements": [s.as_json() for s in result.statements],
        **round_links(request, round_, version),
    }


def _scores_from(request: Request) -> dict[str, int]:
    data = request.data
    if not isinstance(data, dict) or not isinstance(data.get("scores"), dict):
        raise ScoreError("scores", 'Stuur een object {"scores": {"1.1": 3, ...}}.')
    scores = parse_scores(data["scores"], statement_keys(theme_infos()))
    if not scores:
        raise ScoreError("scores", "Geef bij minstens één stelling een score (1, 2, 3 of 4).")
    return scores


def _refused(error: RoundError) -> Response:
    return error_response(error.field, error.message, error.status)


class RoundsView(APIView):
    """Start a team round: no account, no personal data, only a name."""

    @extend_schema(
        operation_id="checklist_round_start",
        summary="Start een groepsmeting",
        request=RoundStartSerializer,
        responses={201: RoundSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        examples=[OpenApiExample("Naam", value={"name": "Inkoop gemeente X, voorjaar 2027"})],
    )
    @rate_limit("round-start", limit=10, window=3600)
    def post(self, request: Request) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        try:
            round_ = rounds.start_round(rounds.clean_name(data.get("name")), theme_infos())
        except RoundError as error:
            return _refused(error)
        return Response(round_json(request, round_), status=201)


class RoundView(APIView):
    """A round for its coordinator: the aggregate (never one colleague's answers), rename, delete."""

    def _find(self, token: str) -> Round | None:
        found = rounds.find_by_coordinator(token)
        if found is not None:
            rounds.touch(found)
        return found

    @extend_schema(
        operation_id="checklist_round",
        summary="Resultaat van een groepsmeting (coördinator)",
        responses={200: RoundSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, token: str) -> Response:
        found = found_or_404(self._find(token), ROUND_NOT_FOUND)
        return Response(round_json(request, found))

    @extend_schema(
        operation_id="checklist_round_rename",
        summary="Naam van een groepsmeting wijzigen (coördinator)",
        request=RoundStartSerializer,
        responses={200: RoundSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def patch(self, request: Request, token: str) -> Response:
        found = found_or_404(self._find(token), ROUND_NOT_FOUND)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            rounds.rename(found, rounds.clean_name(data.get("name")))
        except RoundError as error:
            return _refused(error)
        return Response(round_json(request, found))

    @extend_schema(
        operation_id="checklist_round_delete",
        summary="Groepsmeting verwijderen met alle antwoorden (coördinator)",
        responses={204: None, 404: ErrorSerializer},
    )
    def delete(self, request: Request, token: str) -> Response:
        found = found_or_404(self._find(token), ROUND_NOT_FOUND)
        rounds.delete(found)
        return Response(status=204)


class RoundCloseView(APIView):
    """Close a round: no more answers; its aggregate becomes a measurement of the series."""

    @extend_schema(
        operation_id="checklist_round_close",
        summary="Groepsmeting sluiten (coördinator)",
        request=RoundCloseRequestSerializer,
        responses={200: RoundSerializer, 400: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer},
        examples=[
            OpenApiExample("Anoniem meetellen", value={"national_kind": "gemeente"}, request_only=True)
        ],
    )
    def post(self, request: Request, token: str) -> Response:
        found = found_or_404(rounds.find_by_coordinator(token), ROUND_NOT_FOUND)
        # Opting in to the national picture is off unless a kind is given; a bad one closes nothing.
        try:
            data = request.data if isinstance(request.data, dict) else {}
        except UnsupportedMediaType:  # a bare POST (form or no type) still closes, without opting in
            data = {}
        raw = data.get("national_kind")
        kind = None
        if raw not in (None, ""):
            try:
                kind = parse_kind(raw, "national_kind")
            except KindError as error:
                return error_response(error.field, f"{error.message} De groepsmeting is nog niet gesloten.")
        try:
            rounds.close(found, theme_infos(), score_bands())
        except RoundError as error:
            return _refused(error)
        if kind and found.measurement is not None:
            national_store.count_measurement(found.measurement, kind)
        return Response(round_json(request, found))


class ParticipateView(APIView):
    """Answer a round through its participant link; gives the address to change those answers."""

    @extend_schema(
        operation_id="checklist_round_participate_info",
        summary="Naam en status van een groepsmeting (deelnemer)",
        responses={200: ParticipantRoundSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, token: str) -> Response:
        found = found_or_404(rounds.find_by_participant(token), ROUND_NOT_FOUND)
        return Response({"name": found.name, "status": found.status})

    @extend_schema(
        operation_id="checklist_round_participate",
        summary="Antwoorden geven in een groepsmeting (deelnemer)",
        request=RoundAnswerRequestSerializer,
        responses={
            201: RoundAnswerSerializer,
            200: RoundAnswerSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
            429: ErrorSerializer,
        },
        examples=[OpenApiExample("Scores", value={"scores": {"1.1": 3, "1.2": 2}})],
    )
    @rate_limit("round-answer", limit=30, window=60)
    def post(self, request: Request, token: str) -> Response:
        found = found_or_404(rounds.find_by_participant(token), ROUND_NOT_FOUND)
        if not found.is_open:
            return _refused(rounds.RoundClosed())
        try:
            scores = _scores_from(request)
        except ScoreError as error:
            return error_response(error.field, error.message)
        submission = request.data.get("submission", "")
        if submission and not (isinstance(submission, str) and valid_submission(submission)):
            return error_response("submission", "Een submission is 16 tot 64 letters, cijfers, - of _.")
        try:
            response, created = rounds.answer(found, scores, submission)
        except RoundError as error:
            return _refused(error)
        return Response(
            {**response_links(request, response), "scores": response.scores}, status=201 if created else 200
        )


class ResponseView(APIView):
    """One colleague's own answers, changeable (PUT) until the round closes."""

    @extend_schema(
        operation_id="checklist_round_response",
        summary="Eigen antwoorden in een groepsmeting",
        responses={200: RoundAnswerSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, token: str) -> Response:
        found = found_or_404(rounds.find_response(token), RESPONSE_NOT_FOUND)
        return Response(
            {**response_links(request, found), "scores": found.scores, "status": found.round.status}
        )

    @extend_schema(
        operation_id="checklist_round_response_change",
        summary="Eigen antwoorden wijzigen (tot de groepsmeting sluit)",
        request=RoundAnswerRequestSerializer,
        responses={
            200: RoundAnswerSerializer,
            400: ErrorSerializer,
            404: ErrorSerializer,
            409: ErrorSerializer,
        },
    )
    @rate_limit("round-answer", limit=30, window=60)
    def put(self, request: Request, token: str) -> Response:
        found = found_or_404(rounds.find_response(token), RESPONSE_NOT_FOUND)
        if not found.round.is_open:
            return _refused(rounds.RoundClosed())
        try:
            scores = _scores_from(request)
        except ScoreError as error:
            return error_response(error.field, error.message)
        try:
            rounds.change_answer(found, scores)
        except RoundError as error:
            return _refused(error)
        return Response(
            {**response_links(request, found), "scores": found.scores, "status": found.round.status}
        )
