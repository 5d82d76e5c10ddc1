"""``alongside keys generate`` prints a new key; ``alongside keys rotate`` re-encrypts all free text with the newest.

Rotation: put the new key first in ALONGSIDE_ENCRYPTION_KEYS (keep the old ones after it), restart,
run ``alongside keys rotate``, then drop the old keys.
"""

from typing import Any

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import models, transaction

from alongside.core.crypto import EncryptedTextField

BATCH_SIZE = 500


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with EncryptedTextField columns, found rather than listed, so new apps are covered."""
    found = []
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names and model._meta.managed and not model._meta.proxy:
            found.append((model, names))
    return found


def rotate(model: type[models.Model], names: list[str]) -> int:
    """Read (decrypting with any key) and write back (encrypting with the newest), batch by batch."""
    rows, last_pk = 0, None
    manager = model._base_manager
    while True:
        batch_query = manager.order_by("pk").only("pk", *names)
        if last_pk is not None:
            batch_query = batch_query.filter(pk__gt=last_pk)
        batch = list(batch_query[:BATCH_SIZE])
        if not batch:
            return rows
        with transaction.atomic():
            manager.bulk_update(batch, names)
        rows, last_pk = rows + len(batch), batch[-1].pk


class Command(BaseCommand):
    help = "Encryption keys for free text at rest: 'keys generate' prints a new key; 'keys rotate' re-encrypts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        for model, names in encrypted_columns():
            count = rotate(model, names)
            self.stdout.write(f"{model._meta.label}: re-encrypted {', '.join(names)} in {count} rows.")
        self.stdout.write(self.style.SUCCESS("Every encrypted column now uses the newest key."))
