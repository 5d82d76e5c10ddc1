"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_suggestion_key_per_organisation_and_author")]

    operations = [
        client_records.install(
            "plans_goal",
            "plans_idearequest",
            "plans_suggestion",
            "plans_milestone",
            "plans_journalentry",
        )
    ]
