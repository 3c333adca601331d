"""The shapes of the checklist API, for the OpenAPI schema (the views build the JSON)."""

from rest_framework import serializers

from pianoo.schema import ItemsSerializer

from .national import KINDS


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
    folded = serializers.BooleanField(help_text="Helemaal eens: de pagina klapt de tips in.")


class BandSerializer(serializers.Serializer):
    minimum = serializers.FloatField(help_text="Vanaf deze themascore.")
    label = serializers.CharField(help_text="Het woord voor de band, bijvoorbeeld 'In ontwikkeling'.")
    meaning = serializers.CharField(help_text="Wat de score betekent.")


class BeginHereSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    score = serializers.IntegerField()
    tip = serializers.DictField(allow_null=True, help_text="De eerste tip van de stelling.")


class ThemeResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    short_title = serializers.CharField()
    average = serializers.FloatField(allow_null=True)
    scored = serializers.IntegerField()
    total = serializers.IntegerField()
    band = BandSerializer(allow_null=True)
    statements = StatementResultSerializer(many=True, help_text="Laagste score eerst.")


class ResultSerializer(serializers.Serializer):
    method = serializers.CharField()
    scores = serializers.DictField(child=serializers.IntegerField())
    average = serializers.FloatField(allow_null=True)
    begin_here = BeginHereSerializer(
        many=True, help_text="Stellingen die de meeste aandacht vragen, laagste eerst."
    )
    themes = ThemeResultSerializer(many=True)


class RoundStartSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, help_text="Bijvoorbeeld 'Inkoop gemeente X, voorjaar 2027'.")


class RoundCloseRequestSerializer(serializers.Serializer):
    national_kind = serializers.ChoiceField(
        choices=[code for code, _ in KINDS],
        required=False,
        allow_null=True,
        help_text="Niet verplicht: tel de groepsmeting anoniem mee in het landelijk beeld als deze soort "
        "organisatie. Zonder telt zij niet mee.",
    )


class RoundLinksSerializer(serializers.Serializer):
    coordinator = serializers.URLField(
        help_text="Pagina voor de coördinator: volgen, naam wijzigen, sluiten."
    )
    participant = serializers.URLField(help_text="Pagina voor collega's om de checklist in te vullen.")
    series = serializers.URLField(help_text="Beheerlink van de meetreeks waar het resultaat bij komt.")


class RoundApiSerializer(serializers.Serializer):
    coordinator = serializers.URLField(
        help_text="GET resultaat, PATCH naam, DELETE; <coordinator>close/ sluit."
    )
    participant = serializers.URLField(help_text='POST {"scores": {...}} om te antwoorden.')
    series = serializers.URLField(
        help_text="GET: de meetreeks met metingen, ambities en actieplan (met de beheertoken)."
    )


class RoundThemeSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    short_title = serializers.CharField()
    n = serializers.IntegerField(help_text="Deelnemers met minstens één score in dit thema.")
    median = serializers.FloatField(
        allow_null=True, help_text="Mediaan van de themascores van de deelnemers."
    )
    band = BandSerializer(allow_null=True)


class RoundStatementSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    n = serializers.IntegerField(help_text="Aantal antwoorden.")
    median = serializers.FloatField(allow_null=True)
    min = serializers.IntegerField(allow_null=True, help_text="null onder 3 antwoorden.")
    max = serializers.IntegerField(allow_null=True, help_text="null onder 3 antwoorden.")
    distribution = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text='Aantal per score {"1": n1, "2": n2, "3": n3, "4": n4}; null onder 3 antwoorden.',
    )
    disagreement = serializers.BooleanField(
        allow_null=True, help_text="Antwoorden 2 punten of meer uit elkaar; null onder 3 antwoorden."
    )


class RoundSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    participants = serializers.IntegerField()
    min_for_spread = serializers.IntegerField(help_text="Vanaf zoveel antwoorden wordt de spreiding getoond.")
    themes = RoundThemeSerializer(many=True)
    statements = RoundStatementSerializer(many=True)
    links = RoundLinksSerializer()
    api = RoundApiSerializer()


class ParticipantRoundSerializer(serializers.Serializer):
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])


class RoundAnswerRequestSerializer(ScoresRequestSerializer):
    submission = serializers.CharField(
        required=False,
        help_text="Optioneel, 16-64 tekens: dezelfde submission twee keer telt één keer.",
    )


class ResponseLinksSerializer(serializers.Serializer):
    response = serializers.URLField(help_text="Pagina waar de collega de antwoorden kan wijzigen.")


class RoundAnswerSerializer(serializers.Serializer):
    response = serializers.URLField(help_text="Adres (JSON) van deze antwoorden: GET, en PUT om te wijzigen.")
    links = ResponseLinksSerializer()
    scores = serializers.DictField(child=serializers.IntegerField())
    status = serializers.ChoiceField(choices=["open", "closed"], required=False)
