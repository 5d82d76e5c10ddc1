"""Encrypt the consent's recipient name and signature at rest, like its purpose and other free text.

The columns become plain text first, so the rows can be encrypted in place, then encrypted text fields
(the same column type; only how Django reads and writes them changes).
"""

from typing import Any

from django.db import migrations, models

import alongside.core.crypto

FIELDS = ("recipient_name", "signature")


def _convert(apps: Any, convert: Any) -> None:
    consent_model = apps.get_model("consent", "Consent")
    for consent in consent_model.objects.only("pk", *FIELDS).iterator():
        for field in FIELDS:
            setattr(consent, field, convert(getattr(consent, field)))
        consent.save(update_fields=FIELDS)


def encrypt_rows(apps: Any, schema_editor: Any) -> None:
    _convert(apps, alongside.core.crypto.encrypt)


def decrypt_rows(apps: Any, schema_editor: Any) -> None:
    _convert(apps, alongside.core.crypto.decrypt)


def as_text() -> list[migrations.AlterField]:
    return [migrations.AlterField(model_name="consent", name=field, field=models.TextField()) for field in FIELDS]


def encrypted() -> list[migrations.AlterField]:
    field = alongside.core.crypto.EncryptedTextField
    return [migrations.AlterField(model_name="consent", name=name, field=field()) for name in FIELDS]


class Migration(migrations.Migration):
    dependencies = [("consent", "0003_consent_key_per_organisation_and_client")]

    operations = [
        *as_text(),
        migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False),
        *encrypted(),
    ]
