"""How an entry is hashed into its organisation's chain.

Python hashes an entry's contents (``content_digest``); the database links that digest to the entry
before it (``link_hash``) inside the single INSERT that appends it, so the chain needs no extra round
trip. ``verify`` recomputes both in Python. Keep the two sides byte-for-byte identical.
"""

from __future__ import annotations

import hashlib
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


def link_hash(prev_hash: str, seq: int, digest: str) -> str:
    """The entry's own hash: what the next entry points to. Mirrored in SQL by ``log.LINK_SQL``."""
    return hashlib.sha256(f"{prev_hash}:{seq}:{digest}".encode()).hexdigest()
