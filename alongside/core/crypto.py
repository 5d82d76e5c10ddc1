"""Encryption at rest for free text (notes, journal entries, free-text answers).

Keys come from ``ALONGSIDE_ENCRYPTION_KEYS`` (comma separated Fernet keys, newest first). Values are
encrypted with the first key and decrypted with any of them, so a new key can be put in front and old
rows re-encrypted at leisure (``alongside keys rotate``) before the old key is dropped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("ALONGSIDE_ENCRYPTION_KEYS is empty: free text cannot be stored.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher_for(tuple(settings.ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return cipher().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured(
            "Stored text cannot be decrypted with the configured keys: was a key removed before rotation?"
        ) from error


class EncryptedTextField(models.TextField):
    """A text column stored encrypted. It cannot be searched or sorted in SQL, by design."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else encrypt(str(value))

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with EncryptedTextField columns, found rather than listed, so new apps are covered."""
    found = []
    for model in apps.get_models():
        names = [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]
        if names and model._meta.managed and not model._meta.proxy:
            found.append((model, names))
    return found
