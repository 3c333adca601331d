import secrets
from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

import checklist.models

# The defaults editors start from (checklist/scoring/bands.py holds the same words as the
# fallback when the table is empty; a migration keeps its own copy, as migrations must).
DEFAULT_BANDS = [
    (
        Decimal("1.00"),
        "Beginnend",
        "Dit thema staat nog aan het begin: er zijn weinig afspraken of vaste werkwijzen. "
        "Hier valt de meeste winst te behalen; begin bij de stellingen met de laagste score.",
    ),
    (
        Decimal("1.75"),
        "In ontwikkeling",
        "Er zijn eerste stappen gezet, maar nog niet structureel of in de hele organisatie. "
        "Kies een paar stellingen om de komende periode gericht aan te werken.",
    ),
    (
        Decimal("2.50"),
        "Gevorderd",
        "Het thema krijgt op de meeste punten aandacht. Maak het een vast onderdeel van de "
        "werkwijze en werk de zwakste stellingen bij.",
    ),
    (
        Decimal("3.25"),
        "Verankerd",
        "Het thema is goed geregeld en een vast onderdeel van de organisatie. Houd dit vast, "
        "meet periodiek opnieuw en deel uw ervaring met anderen.",
    ),
]


def seed_bands(apps, schema_editor):
    ScoreBand = apps.get_model("checklist", "ScoreBand")
    for minimum, label, meaning in DEFAULT_BANDS:
        ScoreBand.objects.get_or_create(minimum=minimum, defaults={"label": label, "meaning": meaning})


def give_read_links(apps, schema_editor):
    """Existing series keep their link as the manage link and get a new read link."""
    MeasurementSeries = apps.get_model("checklist", "MeasurementSeries")
    for series in MeasurementSeries.objects.filter(read_token__isnull=True).only("pk"):
        MeasurementSeries.objects.filter(pk=series.pk).update(read_token=secrets.token_urlsafe(24))


def date_measurements(apps, schema_editor):
    Measurement = apps.get_model("checklist", "Measurement")
    for measurement in Measurement.objects.only("pk", "created_at"):
        Measurement.objects.filter(pk=measurement.pk).update(
            measured_on=django.utils.timezone.localtime(measurement.created_at).date()
        )


class Migration(migrations.Migration):

    dependencies = [
        ("checklist", "0002_measurementseries_measurement"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScoreBand",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "minimum",
                    models.DecimalField(
                        decimal_places=2,
                        help_text="De laagste themascore (1–4) die in deze band valt, bijvoorbeeld 2,5.",
                        max_digits=3,
                        unique=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("1")),
                            django.core.validators.MaxValueValidator(Decimal("4")),
                        ],
                        verbose_name="vanaf score",
                    ),
                ),
                (
                    "label",
                    models.CharField(
                        help_text="Eén of twee woorden, bijvoorbeeld 'In ontwikkeling'.",
                        max_length=60,
                        verbose_name="woord",
                    ),
                ),
                (
                    "meaning",
                    models.TextField(
                        help_text="Een zin over wat deze score betekent en wat een volgende stap is.",
                        verbose_name="betekenis",
                    ),
                ),
            ],
            options={"verbose_name": "scoreband", "verbose_name_plural": "scorebanden", "ordering": ["minimum"]},
        ),
        migrations.RunPython(seed_bands, migrations.RunPython.noop),
        migrations.RenameField(model_name="measurementseries", old_name="token", new_name="manage_token"),
        migrations.AlterField(
            model_name="measurementseries",
            name="manage_token",
            field=models.CharField(
                default=checklist.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="beheertoken",
            ),
        ),
        migrations.AddField(
            model_name="measurementseries",
            name="read_token",
            field=models.CharField(editable=False, max_length=64, null=True, verbose_name="leestoken"),
        ),
        migrations.RunPython(give_read_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="measurementseries",
            name="read_token",
            field=models.CharField(
                default=checklist.models.new_token,
                editable=False,
                max_length=64,
                unique=True,
                verbose_name="leestoken",
            ),
        ),
        migrations.AddField(
            model_name="measurementseries",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam"),
        ),
        migrations.AddField(
            model_name="measurementseries",
            name="last_opened_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="laatst geopend"
            ),
        ),
        migrations.AlterField(
            model_name="measurement",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="opgeslagen op"),
        ),
        migrations.AddField(
            model_name="measurement",
            name="label",
            field=models.CharField(blank=True, max_length=120, verbose_name="naam"),
        ),
        migrations.AddField(
            model_name="measurement",
            name="measured_on",
            field=models.DateField(default=checklist.models.today, verbose_name="datum"),
        ),
        migrations.RunPython(date_measurements, migrations.RunPython.noop),
        migrations.AddField(
            model_name="measurement",
            name="theme_scores",
            field=models.JSONField(
                blank=True,
                help_text="Bij een groepsmeting: per thema de mediaan van de themascores van de deelnemers.",
                null=True,
                verbose_name="themascores",
            ),
        ),
        migrations.AddField(
            model_name="measurement",
            name="participants",
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name="deelnemers"),
        ),
        migrations.AlterField(
            model_name="measurement",
            name="scores",
            field=models.JSONField(
                default=dict,
                help_text="Per stellingsleutel ('2.1') de score 1-4 (of de mediaan).",
                verbose_name="scores",
            ),
        ),
        migrations.AlterModelOptions(
            name="measurement",
            options={
                "ordering": ["measured_on", "created_at", "pk"],
                "verbose_name": "meting",
                "verbose_name_plural": "metingen",
            },
        ),
        migrations.CreateModel(
            name="Round",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200, verbose_name="naam")),
                (
                    "coordinator_token",
                    models.CharField(
                        default=checklist.models.new_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                        verbose_name="coördinatortoken",
                    ),
                ),
                (
                    "participant_token",
                    models.CharField(
                        default=checklist.models.new_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                        verbose_name="deelnemerstoken",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "open"), ("closed", "gesloten")],
                        default="open",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                (
                    "statements",
                    models.JSONField(
                        default=dict, help_text="De stellingen zoals ze luidden bij de start.", verbose_name="stellingen"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="gestart op")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="gesloten op")),
                (
                    "last_opened_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="laatst geopend"
                    ),
                ),
                (
                    "measurement",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="round",
                        to="checklist.measurement",
                        verbose_name="meting",
                    ),
                ),
                (
                    "series",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rounds",
                        to="checklist.measurementseries",
                        verbose_name="meetreeks",
                    ),
                ),
            ],
            options={
                "verbose_name": "groepsmeting",
                "verbose_name_plural": "groepsmetingen",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="RoundResponse",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "token",
                    models.CharField(
                        default=checklist.models.new_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                        verbose_name="token",
                    ),
                ),
                ("scores", models.JSONField(default=dict, verbose_name="scores")),
                (
                    "submission_key",
                    models.CharField(
                        blank=True,
                        editable=False,
                        help_text="Voorkomt dat hetzelfde formulier twee keer meetelt.",
                        max_length=64,
                        null=True,
                        unique=True,
                        verbose_name="inzendingssleutel",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="ingediend op")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="responses",
                        to="checklist.round",
                        verbose_name="ronde",
                    ),
                ),
            ],
            options={
                "verbose_name": "antwoord in een groepsmeting",
                "verbose_name_plural": "antwoorden in groepsmetingen",
                "ordering": ["created_at", "pk"],
            },
        ),
    ]
