"""The keys that seal the audit chain, kept outside the database.

A link of the chain is an HMAC-SHA256 under one of these keys, so someone who can write to the database
but does not hold a key cannot append, edit or rewrite entries that still verify. Keys come from
``ALONGSIDE_AUDIT_KEYS`` (newest first): new entries are sealed with the first; verification accepts
any of them, chosen by the ``key_id`` stored with each entry. To rotate, put a new key in front and keep
every old key for as long as entries sealed with it are kept (that is, for good: entries are never deleted).
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MINIMUM_KEY_LENGTH = 32


def generate() -> str:
    """A new key: 256 random bits, URL-safe so it fits in an environment variable."""
    return secrets.token_urlsafe(32)


def key_id(key: str) -> str:
    """A short public name for a key, stored with each entry; it reveals nothing about the key."""
    return hashlib.sha256(f"alongside-audit-key:{key}".encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def _keyring(keys: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    if not keys:
        raise ImproperlyConfigured("ALONGSIDE_AUDIT_KEYS is empty: the audit log cannot be sealed.")
    for key in keys:
        if len(key) < MINIMUM_KEY_LENGTH:
            raise ImproperlyConfigured(
                f"An audit key in ALONGSIDE_AUDIT_KEYS is {len(key)} characters long; it needs at least "
                f"{MINIMUM_KEY_LENGTH} (make one with `alongside audit newkey`)."
            )
    return key_id(keys[0]), {key_id(key): key.encode() for key in keys}


def current() -> tuple[str, bytes]:
    """The (key id, key) new entries are sealed with."""
    newest, ring = _keyring(tuple(settings.AUDIT_KEYS))
    return newest, ring[newest]


def by_id() -> dict[str, bytes]:
    """Every configured key by its id, for verification."""
    return _keyring(tuple(settings.AUDIT_KEYS))[1]
