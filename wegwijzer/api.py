"""JSON API of the wegwijzer: the questions and activities, and the advice."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response
from cms.cache import cached
from cms.models import Activity, Question
from pianoo.schema import ErrorSerializer

from .advice import AnswerError, get_advice, parse_answers, question_numbers
from .schema import AdviceSerializer, WegwijzerSerializer


def wegwijzer_json() -> dict[str, Any]:
    return {
        "questions": [
            {
                "number": q.number,
                "kind": q.kind,
                "text": q.text,
                "help_text": q.help_text,
                "answers": [{"number": a.number, "label": a.label} for a in q.answers.all()],
            }
            for q in Question.objects.prefetch_related("answers")
        ],
        "activities": [
            {"code": a.code, "name": a.name, "description": a.description} for a in Activity.objects.all()
        ],
    }


class WegwijzerView(APIView):
    """The five questions with their answers, and the four activities."""

    @extend_schema(
        operation_id="wegwijzer", summary="Vragen en inkoopactiviteiten", responses=WegwijzerSerializer
    )
    def get(self, request: Request) -> Response:
        return Response(cached("api:wegwijzer", wegwijzer_json))


class AdviceView(APIView):
    """The advice for a set of answers; a missing qN leaves that question unanswered."""

    @extend_schema(
        operation_id="wegwijzer_advice",
        summary="Advies voor de gekozen antwoorden",
        parameters=[OpenApiParameter(f"q{n}", int, enum=[1, 2], required=False) for n in range(1, 6)],
        responses={200: AdviceSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        try:
            answers = parse_answers(request.query_params.lists(), question_numbers())
        except AnswerError as error:
            return error_response(error.field, error.message)
        return Response(get_advice(answers).as_json())
