"""The Feedback model moves from cms to feedback, with its rows and its permissions.

1. The model's state moves here while the table stays `cms_feedback` (no data copied);
   cms 0004 removes it from cms's state.
2. The table is renamed to feedback's own name, `feedback_feedback`.
3. The content type `cms.feedback` becomes `feedback.feedback`, so the permissions
   (and the groups that hold them) follow the model instead of being recreated empty.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="feedback", model="feedback").exists():
        return
    ContentType.objects.using(db).filter(app_label="cms", model="feedback").update(app_label="feedback")


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="cms", model="feedback").exists():
        return
    ContentType.objects.using(db).filter(app_label="feedback", model="feedback").update(app_label="cms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0003_feedback'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('tip', 'Tip'), ('example', 'Voorbeeld'), ('reference', 'Referentie'), ('general', 'Algemeen')], help_text='Over een tip, voorbeeld of referentie, of algemene feedback over de pagina.', max_length=10, verbose_name='soort')),
                        ('object_id', models.PositiveBigIntegerField(blank=True, help_text='Het id van het item; de feedback blijft bewaard als het item wordt verwijderd.', null=True, verbose_name='item-id')),
                        ('revision', models.PositiveBigIntegerField(blank=True, help_text='Het id van de gepubliceerde revisie van het item die de bezoeker zag.', null=True, verbose_name='revisie')),
                        ('item_label', models.CharField(blank=True, help_text='Het begin van de tekst van het item zoals het werd getoond.', max_length=255, verbose_name='item')),
                        ('tool', models.CharField(blank=True, choices=[('wegwijzer', 'Wegwijzer'), ('checklist', 'Checklist')], help_text='Of de feedback bij het advies van de wegwijzer of bij de checklist hoort.', max_length=10, verbose_name='onderdeel')),
                        ('activity', models.CharField(blank=True, choices=[('F', 'F'), ('A', 'A'), ('S', 'S'), ('U', 'U')], help_text='Bij de wegwijzer: de inkoopactiviteit van de cel waarin het item stond.', max_length=1, verbose_name='inkoopactiviteit')),
                        ('cell', models.CharField(blank=True, help_text="De cel ('S32', 'Fa') of checklistvraag ('2.1') waarin het item stond.", max_length=10, verbose_name='cel')),
                        ('page', models.CharField(blank=True, help_text='Het pad van de pagina, zonder zoekvraag.', max_length=300, verbose_name='pagina')),
                        ('context', models.CharField(blank=True, help_text="De antwoorden ('q1=2&q3=1') of scores ('1.1=3') die tot het advies leidden.", max_length=500, verbose_name='antwoorden of scores')),
                        ('helpful', models.BooleanField(blank=True, help_text='Ja of nee; leeg bij algemene feedback.', null=True, verbose_name='nuttig')),
                        ('comment', models.TextField(blank=True, help_text='Wat de bezoeker miste of wat niet klopte.', max_length=1000, verbose_name='opmerking')),
                        ('channel', models.CharField(choices=[('form', 'Formulier op de site'), ('api', 'API')], default='form', help_text='Via het formulier op de site of via de API.', max_length=10, verbose_name='kanaal')),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='ontvangen op')),
                        ('handled', models.BooleanField(default=False, help_text='Vink aan als een redacteur de feedback heeft bekeken.', verbose_name='afgehandeld')),
                        ('handled_note', models.TextField(blank=True, help_text='Wat de redactie met de feedback heeft gedaan (intern).', verbose_name='notitie')),
                        ('content_type', models.ForeignKey(blank=True, help_text='Het soort item waarover de feedback gaat; leeg bij algemene feedback.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype', verbose_name='inhoudstype')),
                    ],
                    options={
                        'verbose_name': 'feedback',
                        'verbose_name_plural': 'feedback',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='feedback_item_idx')],
                        'db_table': 'cms_feedback',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='feedback', table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
