"""The database refuses a conversation row whose organisation is not its client's (accounts/client_records.py).
Keep this after any migration that rebuilds these tables on SQLite."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]

    operations = [
        client_records.install(
            "conversations_conversation",
            "conversations_message",
            "conversations_messagerevision",
            "conversations_receipt",
            "conversations_historyshare",
        )
    ]
