"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_keys_per_organisation_and_author")]

    operations = [
        client_records.install(
            "meetings_meeting",
            "meetings_note",
            "meetings_amendmentrequest",
            "meetings_perspective",
        )
    ]
