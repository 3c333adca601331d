"""JSON API of the national picture: the published figures of one kind of organisation.

Only what the pages show: groups from 10 organisations on, never a measurement.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response
from pianoo.schema import ErrorSerializer

from . import national_store
from .charts import band_text
from .national import KIND_LABELS, KIND_PLURALS, KINDS, MIN_GROUP, KindError, parse_kind
from .scoring import theme_infos


def national_json(kind: str) -> dict[str, Any]:
    themes = theme_infos()
    group = national_store.published(kind)
    figures = national_store.figures_of(group, [t.number for t in themes])
    return {
        "kind": kind,
        "label": KIND_LABELS[kind],
        "minimum": MIN_GROUP,
        "published_at": group.published_at.isoformat()
        if group and group.visible and group.published_at
        else None,
        "themes": [
            {
                "number": theme.number,
                "short_title": theme.short_title,
                **(
                    figures[theme.number].as_json()  # type: ignore[union-attr]
                    if figures[theme.number]
                    else {"n": None, "median": None, "p25": None, "p75": None}
                ),
                "text": band_text(theme.short_title, figures[theme.number], KIND_PLURALS[kind]),
            }
            for theme in themes
        ],
    }


class NationalThemeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    short_title = serializers.CharField()
    n = serializers.IntegerField(allow_null=True, help_text="Aantal organisaties; null onder de 10.")
    median = serializers.FloatField(allow_null=True)
    p25 = serializers.FloatField(allow_null=True)
    p75 = serializers.FloatField(allow_null=True)
    text = serializers.CharField(help_text="Het cijfer in woorden, of 'nog te weinig deelnemers'.")


class NationalSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    label = serializers.CharField()
    minimum = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    themes = NationalThemeSerializer(many=True)


class NationalView(APIView):
    """The national picture of one kind of organisation: median and middle half per theme."""

    @extend_schema(
        operation_id="checklist_national",
        summary="Landelijk beeld per soort organisatie",
        parameters=[OpenApiParameter("kind", str, enum=[code for code, _ in KINDS], required=True)],
        responses={200: NationalSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        try:
            kind = parse_kind(request.query_params.get("kind", ""))
        except KindError as error:
            return error_response(error.field, error.message)
        return Response(national_json(kind))
