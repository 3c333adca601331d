"""POST /api/feedback/: the same feedback as the site's forms, for headless clients."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response
from pianoo.ratelimit import too_many_requests
from pianoo.schema import ErrorSerializer

from .constants import COMMENT_MAX, KINDS, TOO_BIG, TOOLS
from .recording import feedback_client, rate_allowed, record
from .submission import SubmissionError, parse_submission


class FeedbackRequestSerializer(serializers.Serializer):
    """Documents the request; validation is feedback.submission, shared with the forms."""

    kind = serializers.ChoiceField(
        choices=KINDS, help_text="Waarover: een tip, voorbeeld, referentie of algemeen."
    )
    id = serializers.IntegerField(required=False, help_text="Het id van het item; weglaten bij 'general'.")
    helpful = serializers.BooleanField(required=False, help_text="Was dit nuttig? Verplicht bij een item.")
    comment = serializers.CharField(
        required=False, max_length=COMMENT_MAX, help_text="Optioneel bij een item, verplicht bij 'general'."
    )
    cell = serializers.CharField(required=False, help_text="Waar het item stond: 'S32', 'Fa' of '2.1'.")
    context = serializers.CharField(
        required=False, help_text="De antwoorden ('q1=2&q3=1') of scores ('1.1=3&1.2=2') achter de pagina."
    )
    tool = serializers.ChoiceField(
        choices=TOOLS, required=False, help_text="Afgeleid van cel of context als leeg."
    )
    page = serializers.CharField(
        required=False, help_text="Het pad van de pagina, bijvoorbeeld '/wegwijzer/advies/'."
    )


class FeedbackCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Het id van de opgeslagen feedback.")
    message = serializers.CharField()


class FeedbackView(APIView):
    """Record a yes/no on a tip, example or reference, or general feedback."""

    @extend_schema(
        operation_id="feedback_create",
        summary="Feedback geven",
        request=FeedbackRequestSerializer,
        responses={
            201: FeedbackCreatedSerializer,
            200: OpenApiResponse(FeedbackCreatedSerializer, description="Herhaalde inzending: bijgewerkt."),
            400: ErrorSerializer,
            429: ErrorSerializer,
        },
        examples=[
            OpenApiExample(
                "Tip nuttig",
                value={"kind": "tip", "id": 12, "helpful": True, "cell": "S32", "context": "q1=2&q3=2"},
                request_only=True,
            ),
            OpenApiExample(
                "Algemeen",
                value={"kind": "general", "comment": "Duidelijk advies.", "tool": "wegwijzer"},
                request_only=True,
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        try:
            request._request.body  # noqa: B018 - enforce DATA_UPLOAD_MAX_MEMORY_SIZE before parsing
        except RequestDataTooBig:
            return error_response(None, TOO_BIG)
        if not rate_allowed(request._request):
            return too_many_requests(request._request, retry_after=60)  # type: ignore[return-value]
        try:
            data = request.data
        except exceptions.UnsupportedMediaType:
            return error_response(None, "Stuur de feedback als JSON (Content-Type: application/json).")
        if not isinstance(data, dict):
            return error_response(
                None, 'Stuur een JSON-object, bijvoorbeeld {"kind": "tip", "id": 12, "helpful": true}.'
            )
        try:
            recorded = record(parse_submission(data), feedback_client(request._request), channel="api")
        except SubmissionError as exc:
            return error_response(exc.field, exc.message)
        return Response(
            {"id": recorded.feedback.pk, "message": "Bedankt voor uw reactie."},
            status=201 if recorded.created else 200,
        )
