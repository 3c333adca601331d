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
    html = serializers.CharField(help_text="De tekst als HTML.")


class ExampleSerializer(TipSerializer):
    organisation = serializers.CharField(required=False)
    links = LinkSerializer(many=True)


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
