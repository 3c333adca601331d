"""JSON API of a series: its measurements (label, date, theme scores), ambitions and action plan.

`GET /api/checklist/series/<token>/` answers for the manage token and for the read token
alike, with the same data: neither shows a measurement's own token (that link can delete
it) nor the other link. Everything here is read only.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.api import error_response
from pianoo.schema import ErrorSerializer

from . import measurements, national_store, plans
from .models import MeasurementSeries
from .national import KIND_LABELS
from .scoring import theme_infos
from .scoring.series import measurement_theme_scores


def series_json(series: MeasurementSeries) -> dict[str, Any]:
    themes = theme_infos()
    kind = national_store.series_kind(series)
    items = list(series.measurements.all())
    return {
        "name": series.name,
        "measurements": [
            {
                "label": m.label,
                "date": m.measured_on.isoformat(),
                "participants": m.participants,
                "themes": [
                    {"number": t.number, "short_title": t.short_title, "score": value}
                    for t, value in zip(
                        themes, measurement_theme_scores(m.scores, m.theme_scores, themes), strict=True
                    )
                ],
            }
            for m in items
        ],
        "ambitions": plans.ambitions_of(series),
        "plan": [
            {
                "statement": item.statement_key,
                "tip": {"id": item.tip_id, "text": item.tip_text},
                "note": item.note,
                "target_date": item.target_date.isoformat() if item.target_date else None,
                "planned_at": item.planned_at.isoformat(),
                "done": item.done_at is not None,
                "done_at": item.done_at.isoformat() if item.done_at else None,
                "score_when_planned": item.baseline_score,
            }
            for item in plans.plan_of(series)
        ],
        "national": {"kind": kind, "label": KIND_LABELS[kind]} if kind else None,
    }


class SeriesThemeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    short_title = serializers.CharField()
    score = serializers.FloatField(
        allow_null=True, help_text="Gemiddelde (of bij een groepsmeting de mediaan), 1-4."
    )


class SeriesMeasurementSerializer(serializers.Serializer):
    label = serializers.CharField()
    date = serializers.DateField()
    participants = serializers.IntegerField(
        allow_null=True, help_text="Bij een groepsmeting: het aantal deelnemers."
    )
    themes = SeriesThemeSerializer(many=True)


class PlanTipSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    text = serializers.CharField()


class PlanItemSerializer(serializers.Serializer):
    statement = serializers.CharField()
    tip = PlanTipSerializer()
    note = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    planned_at = serializers.DateTimeField()
    done = serializers.BooleanField()
    done_at = serializers.DateTimeField(allow_null=True)
    score_when_planned = serializers.FloatField(allow_null=True)


class SeriesNationalSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    name = serializers.CharField()
    measurements = SeriesMeasurementSerializer(many=True, help_text="Oudste eerst.")
    ambitions = serializers.DictField(
        child=serializers.IntegerField(), help_text="Per thema ('2') of stelling ('2.1') de ambitie 1-4."
    )
    plan = PlanItemSerializer(many=True)
    national = SeriesNationalSerializer(
        allow_null=True, help_text="De soort organisatie als de reeks meetelt."
    )


class SeriesView(APIView):
    """A series under its manage or read link: measurements, ambitions and the action plan."""

    @extend_schema(
        operation_id="checklist_series",
        summary="Meetreeks met metingen, ambities en actieplan",
        responses={200: SeriesSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, token: str) -> Response:
        found = measurements.find_series(token) or measurements.find_series_to_read(token)
        if found is None:
            return error_response("token", "Deze meetreeks bestaat niet (meer).", 404)
        response = Response(series_json(found))
        response["Cache-Control"] = "no-store"
        return response
