"""JSON API of the checklist: the statements with their content, and scoring."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response
from cms.cache import cached, content_version
from pianoo.ratelimit import rate_limit
from pianoo.schema import ErrorSerializer

from .schema import ChecklistSerializer, ResultSerializer, ScoresRequestSerializer
from .scoring import ScoreError, get_result, parse_scores, scale_labels, statement_blocks, theme_infos


def checklist_json() -> dict[str, Any]:
    blocks = statement_blocks()
    empty: dict[str, list[Any]] = {"tips": [], "examples": [], "references": []}
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
                        **(
                            {k: v for k, v in blocks[s.key].as_json().items() if k != "cell"}
                            if s.key in blocks
                            else empty
                        ),
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
