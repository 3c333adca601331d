"""The shapes of the checklist API, for the OpenAPI schema (the views build the JSON)."""

from rest_framework import serializers

from pianoo.schema import ItemsSerializer


class ScaleStepSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="1 tot en met 4.")
    label = serializers.CharField()


class StatementSerializer(ItemsSerializer):
    key = serializers.CharField(help_text="Bijvoorbeeld '2.1'.")
    text = serializers.CharField()
    clarifications = serializers.ListField(child=serializers.CharField())


class ThemeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    short_title = serializers.CharField()
    statements = StatementSerializer(many=True)


class ChecklistSerializer(serializers.Serializer):
    scale = ScaleStepSerializer(many=True)
    themes = ThemeSerializer(many=True)


class ScoresRequestSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=4, allow_null=True),
        help_text='Score per stelling, bijvoorbeeld {"1.1": 3, "1.2": 2}; leeg of null is niet ingevuld.',
    )


class StatementResultSerializer(ItemsSerializer):
    key = serializers.CharField()
    text = serializers.CharField()
    score = serializers.IntegerField(allow_null=True)
    label = serializers.CharField(help_text="Het label van de score, of 'niet ingevuld'.")


class ThemeResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    short_title = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    scored = serializers.IntegerField()
    total = serializers.IntegerField()
    statements = StatementResultSerializer(many=True, help_text="Laagste score eerst.")


class ResultSerializer(serializers.Serializer):
    method = serializers.CharField()
    scores = serializers.DictField(child=serializers.IntegerField())
    average = serializers.FloatField(allow_null=True)
    themes = ThemeResultSerializer(many=True)
