"""Entries record which audit key sealed them; signed checkpoints let a check start where the last one ended.

SQLite adds the column by rebuilding the table, which drops its triggers: they are taken off first and
put back after, on both databases, so the two stay alike.
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

from alongside.audit import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0002_append_only_chain"),
    ]

    operations = [
        migrations.RunPython(triggers.remove, triggers.install),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(triggers.install, triggers.remove),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seq", models.PositiveBigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("key_id", models.CharField(max_length=16)),
                ("signature", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="accounts.organisation"
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["organisation", "-seq"], name="audit_audit_organis_9cab1b_idx")],
            },
        ),
    ]
