"""How an entry is sealed into its organisation's chain.

An entry's content is hashed (``content_digest``); the entry's own hash is an HMAC, under an audit key
(``audit.keys``), of the previous entry's hash, its place in the chain and that digest (``link_hash``).
Changing, inserting, removing or reordering an entry breaks a link, and nobody without the key can
compute a link that verifies. Entries written before the chain was keyed (``key_id`` empty) were linked
with a plain SHA-256 (``legacy_link_hash``); they may only come before every keyed entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The fields an entry's content digest covers, in the order the verifier reads them.
CONTENT_FIELDS = (
    "organisation_id",
    "created_at",
    "actor_id",
    "action",
    "client_id",
    "target",
    "ip_address",
    "reason",
    "detail",
)


def canonical(
    organisation_id: int,
    created_at: datetime,
    actor_id: int | None,
    action: str,
    client_id: int | None,
    target: str,
    ip_address: str | None,
    reason: str,
    detail: dict[str, Any],
) -> dict[str, Any]:
    """The content an entry's hash covers, in a form that reads back identically from any database."""
    return {
        "organisation": organisation_id,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": actor_id,
        "action": action,
        "client": client_id,
        "target": target,
        "ip_address": ip_address,
        "reason": reason,
        "detail": detail,
    }


def content_digest(*content: Any) -> str:
    """SHA-256 of the canonical JSON of ``canonical(*content)`` (arguments in ``CONTENT_FIELDS`` order)."""
    text = json.dumps(canonical(*content), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def link_hash(key: bytes, prev_hash: str, seq: int, digest: str) -> str:
    """The entry's own hash, what the next entry points to: it covers the whole chain before it."""
    return hmac.digest(key, f"{prev_hash}:{seq}:{digest}".encode(), "sha256").hex()


def legacy_link_hash(prev_hash: str, seq: int, digest: str) -> str:
    """How entries were linked before the chain was keyed; only verified, never written any more."""
    return hashlib.sha256(f"{prev_hash}:{seq}:{digest}".encode()).hexdigest()


def checkpoint_signature(key: bytes, organisation_id: int, seq: int, hash_: str) -> str:
    """Seals "the chain of this organisation was intact up to entry ``seq``, whose hash is ``hash_``"."""
    return hmac.digest(key, f"checkpoint:{organisation_id}:{seq}:{hash_}".encode(), "sha256").hex()
