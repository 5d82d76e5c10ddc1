"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_goal_and_step_in_own_words")]

    operations = [
        client_records.install(
            "plans_goal",
            "plans_idearequest",
            "plans_suggestion",
            "plans_milestone",
            "plans_journalentry",
        )
    ]
