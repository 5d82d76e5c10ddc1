"""Which shared notes the client has read, and at which version (the "new" and "changed" markers)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from alongside.accounts import client_records


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_client_records_in_their_organisation'),
        ('meetings', '0005_client_records_in_their_organisation'),
    ]

    operations = [
        migrations.CreateModel(
            name='NoteReading',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField()),
                ('read_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.membership')),
                ('note', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='readings', to='meetings.note')),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.organisation')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('client', 'note'), name='one_reading_per_client_note')],
            },
        ),
        client_records.install("meetings_notereading"),
    ]
