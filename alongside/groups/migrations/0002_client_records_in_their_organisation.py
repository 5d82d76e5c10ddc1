"""The database refuses attendance whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [client_records.install("groups_attendance")]
