"""The shapes of the wegwijzer API, for the OpenAPI schema (the views build the JSON)."""

from rest_framework import serializers

from pianoo.schema import BlockSerializer


class AnswerSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 of 2.")
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=["WAT?", "HOE?", "WIE?"])
    text = serializers.CharField()
    help_text = serializers.CharField(allow_blank=True)
    answers = AnswerSerializer(many=True)


class ActivitySerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["F", "A", "S", "U"])
    name = serializers.CharField()
    description = serializers.CharField()


class WegwijzerSerializer(serializers.Serializer):
    questions = QuestionSerializer(many=True)
    activities = ActivitySerializer(many=True)


class ReasonSerializer(serializers.Serializer):
    question = serializers.IntegerField(help_text="Het nummer van de vraag.")
    answer = serializers.IntegerField(help_text="Het gekozen antwoord, 1 of 2.")
    label = serializers.CharField(help_text="De tekst van dat antwoord.")


class AdviceBlockSerializer(BlockSerializer):
    reason = ReasonSerializer(
        allow_null=True,
        help_text="Waarom dit blok er staat: null voor de algemene cel, anders de vraag en het antwoord.",
    )


class ActivityAdviceSerializer(ActivitySerializer):
    blocks = AdviceBlockSerializer(
        many=True, help_text="De algemene cel eerst, dan de cellen van de antwoorden."
    )


class AdviceSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(), help_text='Bijvoorbeeld {"q1": 2, "q3": 1}.'
    )
    activities = ActivityAdviceSerializer(many=True, help_text="In de volgorde F, A, S, U.")
