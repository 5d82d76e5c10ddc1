"""``alongside keys generate`` prints a new key; ``alongside keys rotate`` re-encrypts all free text with the newest.

Rotation: put the new key first in ALONGSIDE_ENCRYPTION_KEYS (keep the old ones after it), restart,
run ``alongside keys rotate``, then drop the old keys.
"""

from typing import Any

from cryptography.fernet import Fernet
from django.core.management.base import BaseCommand, CommandParser

from alongside.core.actions import rotate_encryption_keys
from alongside.core.crypto import encrypted_columns

BATCH_SIZE = 500


class Command(BaseCommand):
    help = "Encryption keys for free text at rest: 'keys generate' prints a new key; 'keys rotate' re-encrypts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["generate", "rotate"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "generate":
            self.stdout.write(Fernet.generate_key().decode())
            return
        for label, names, count in rotate_encryption_keys(encrypted_columns(), batch_size=BATCH_SIZE):
            self.stdout.write(f"{label}: re-encrypted {', '.join(names)} in {count} rows.")
        self.stdout.write(self.style.SUCCESS("Every encrypted column now uses the newest key."))
