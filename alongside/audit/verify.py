"""Checking the chain: any edited, deleted, inserted or reordered entry breaks a link, and so does a
chain rewritten or cut short behind the copy of its head kept outside the database (``headfile``).

Entries are read as plain tuples, not model instances, so a million entries verify in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .chain import CONTENT_FIELDS, GENESIS_HASH, content_digest, link_hash
from .headfile import recorded_heads
from .models import AuditEntry, AuditHead


@dataclass(frozen=True)
class Break:
    organisation_id: int
    seq: int
    problem: str


def _entries(organisation_id: int) -> Iterator[tuple[Any, ...]]:
    rows = AuditEntry.objects.filter(organisation_id=organisation_id).order_by("seq")
    return rows.values_list("seq", "prev_hash", "hash", *CONTENT_FIELDS).iterator(chunk_size=10_000)


def _walk(organisation_id: int, outside: tuple[int, str] | None) -> tuple[Break | None, int, str]:
    """Follow the chain; return the first break (if any) and the last good (seq, hash)."""
    expected_prev, expected_seq = GENESIS_HASH, 1
    for seq, prev_hash, hash_, *content in _entries(organisation_id):
        if seq != expected_seq:
            return Break(organisation_id, expected_seq, f"is missing (found entry {seq} instead)"), 0, ""
        if prev_hash != expected_prev:
            return Break(organisation_id, seq, "does not point to the entry before it"), 0, ""
        if link_hash(prev_hash, seq, content_digest(*content)) != hash_:
            return Break(organisation_id, seq, "was changed after it was written"), 0, ""
        if outside is not None and outside[0] == seq and outside[1] != hash_:
            problem = "differs from the copy of the chain head kept outside the database: the log was rewritten"
            return Break(organisation_id, seq, problem), 0, ""
        expected_prev, expected_seq = hash_, expected_seq + 1
    return None, expected_seq - 1, expected_prev


def verify_organisation(organisation_id: int) -> Break | None:
    """Return the first broken link of one organisation's chain, or None when it is intact."""
    return _verify(organisation_id, recorded_heads().get(organisation_id))


def _verify(organisation_id: int, outside: tuple[int, str] | None) -> Break | None:
    """``outside`` is the newest head recorded outside the database, if any."""
    problem, last_seq, last_hash = _walk(organisation_id, outside)
    if problem:
        return problem
    head = AuditHead.objects.filter(organisation_id=organisation_id).first()
    if head and (head.seq, head.hash) != (last_seq, last_hash):
        return Break(organisation_id, last_seq + 1, "and the entries after it were removed from the end of the log")
    if outside is not None and outside[0] > last_seq:
        return Break(
            organisation_id,
            last_seq + 1,
            f"is missing: the copy of the chain head outside the database says the log reached entry {outside[0]}",
        )
    return None


def verify_all() -> list[Break]:
    outside = recorded_heads()
    org_ids = set(AuditHead.objects.values_list("organisation_id", flat=True)) | set(outside)
    return [problem for org_id in sorted(org_ids) if (problem := _verify(org_id, outside.get(org_id)))]
