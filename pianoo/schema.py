"""Serializers that describe the API's shapes in the OpenAPI schema (/api/schema/).

The views build their JSON from the assembly dataclasses (`as_json()`); these
classes only document that JSON, shared by the wegwijzer, checklist and
feedback endpoints so that each shape is written down once.
"""

from __future__ import annotations

from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="Het veld dat niet klopt, of null.")
    message = serializers.CharField(help_text="Wat er mis is, in het Nederlands.")


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (400, 404, 429)."""

    error = ErrorDetailSerializer()


class LinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    title = serializers.CharField()


class TipSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField(help_text="De tekst zonder opmaak.")
    html = serializers.CharField(help_text="De tekst als HTML, met de links op hun woorden.")
    links = LinkSerializer(many=True, help_text="De links van het item, in volgorde.")


class ExampleSerializer(TipSerializer):
    organisation = serializers.CharField(required=False)


class ReferenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField()
    text = serializers.CharField()
    html = serializers.CharField()
    links = LinkSerializer(many=True)


class ItemsSerializer(serializers.Serializer):
    tips = TipSerializer(many=True)
    examples = ExampleSerializer(many=True)
    references = ReferenceSerializer(many=True)


class BlockSerializer(ItemsSerializer):
    cell = serializers.CharField(help_text="De cel, bijvoorbeeld 'Fa' of 'S32'.")


def public_api_only(endpoints: list[tuple[str, str, str, object]]) -> list[tuple[str, str, str, object]]:
    """drf-spectacular preprocessing hook: our own /api/ endpoints, not the admin's or the schema.

    Wagtail's page API (/api/v2/) documents itself through its own discovery
    endpoints and has no serializers that drf-spectacular can read.
    """
    return [
        endpoint
        for endpoint in endpoints
        if endpoint[0].startswith("/api/") and not endpoint[0].startswith(("/api/v2/", "/api/schema/"))
    ]
