"""The database refuses a session record, an amendment or a supervisor's return whose organisation is not its
client's (accounts/client_records.py). Keep this after any migration that rebuilds these tables on SQLite."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [
        client_records.install("billing_sessionrecord", "billing_sessionamendment", "billing_cosignreturn")
    ]
