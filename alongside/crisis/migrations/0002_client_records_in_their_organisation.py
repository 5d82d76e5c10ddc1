"""The database refuses a crisis plan, or a version of one, whose organisation is not its client's
(accounts/client_records.py). Keep this after any migration that rebuilds these tables on SQLite."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("crisis", "0001_initial")]

    operations = [client_records.install("crisis_crisisplan", "crisis_crisisplanversion")]
