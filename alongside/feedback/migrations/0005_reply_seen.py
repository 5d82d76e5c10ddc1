"""When the client has seen a supporter's reply to their feedback (nullable: no table rebuild, triggers stay)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0004_client_records_in_their_organisation'),
    ]

    operations = [
        migrations.AddField(
            model_name='prompt',
            name='seen_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
