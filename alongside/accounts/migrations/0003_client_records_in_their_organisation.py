"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitation_cancel_and_handover")]

    operations = [client_records.install("accounts_assignment")]
