"""A session record documents an individual meeting or one client's attendance at a group session (exactly one).

Changing the table rebuilds it on SQLite, which drops its client-record check: it is installed again at the end
(accounts/client_records.py; on PostgreSQL it is dropped and created again, the same check).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from alongside.accounts import client_records


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_invitation_language'),
        ('billing', '0002_client_records_in_their_organisation'),
        ('groups', '0002_client_records_in_their_organisation'),
        ('meetings', '0007_alter_meeting_mode'),
        ('plans', '0005_client_records_in_their_organisation'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='sessionrecord',
            name='attendance',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='session_record', to='groups.attendance'),
        ),
        migrations.AlterField(
            model_name='sessionrecord',
            name='meeting',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='session_record', to='meetings.meeting'),
        ),
        migrations.AddConstraint(
            model_name='sessionrecord',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('attendance__isnull', True), ('meeting__isnull', False)), models.Q(('attendance__isnull', False), ('meeting__isnull', True)), _connector='OR'), name='session_record_of_meeting_or_attendance'),
        ),
        migrations.RunPython(
            client_records.install("billing_sessionrecord").code, migrations.RunPython.noop
        ),
    ]
