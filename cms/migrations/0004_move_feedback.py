"""Feedback now lives in the feedback app (see feedback 0001): remove it from cms's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0003_feedback'),
        ('feedback', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Feedback')],
        ),
    ]
