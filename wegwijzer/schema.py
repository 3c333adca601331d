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


class ActivityAdviceSerializer(ActivitySerializer):
    blocks = BlockSerializer(many=True, help_text="De algemene cel eerst, dan de cellen van de antwoorden.")


class AdviceSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(), help_text='Bijvoorbeeld {"q1": 2, "q3": 1}.'
    )
    activities = ActivityAdviceSerializer(many=True, help_text="In de volgorde F, A, S, U.")
