"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("consent", "0004_encrypt_recipient_name_and_signature")]

    operations = [client_records.install("consent_consent", "consent_breakglass", "consent_accountclosure")]
