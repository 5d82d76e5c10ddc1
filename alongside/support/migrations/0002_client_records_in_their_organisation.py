"""The database refuses support preferences, or a version of them, whose organisation is not their client's
(accounts/client_records.py). Keep this after any migration that rebuilds these tables on SQLite."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [client_records.install("support_supportpreferences", "support_supportpreferencesversion")]
