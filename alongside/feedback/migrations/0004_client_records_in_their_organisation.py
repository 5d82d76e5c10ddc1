"""The database refuses a record whose organisation is not its client's (accounts/client_records.py)."""

from django.db import migrations

from alongside.accounts import client_records


class Migration(migrations.Migration):
    dependencies = [("feedback", "0003_answers_in_order")]

    operations = [client_records.install("feedback_checkinrequest", "feedback_response", "feedback_prompt")]
