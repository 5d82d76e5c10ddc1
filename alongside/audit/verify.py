"""Checking the chain: any edited, deleted, inserted or reordered entry breaks a link."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .models import GENESIS_HASH, AuditEntry, AuditHead


@dataclass(frozen=True)
class Break:
    organisation_id: int
    seq: int
    problem: str


def _entries(organisation_id: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(organisation_id=organisation_id).order_by("seq").iterator(chunk_size=5000)


def verify_organisation(organisation_id: int) -> Break | None:
    """Return the first broken link of one organisation's chain, or None when it is intact."""
    expected_prev, expected_seq = GENESIS_HASH, 1
    for entry in _entries(organisation_id):
        if entry.seq != expected_seq:
            return Break(organisation_id, expected_seq, f"entry {expected_seq} is missing (found {entry.seq})")
        if entry.prev_hash != expected_prev:
            return Break(organisation_id, entry.seq, "does not point to the entry before it")
        if entry.compute_hash() != entry.hash:
            return Break(organisation_id, entry.seq, "its contents were changed after it was written")
        expected_prev, expected_seq = entry.hash, expected_seq + 1
    head = AuditHead.objects.filter(organisation_id=organisation_id).first()
    if head and (head.seq, head.hash) != (expected_seq - 1, expected_prev):
        return Break(organisation_id, expected_seq, "entries at the end of the log were removed")
    return None


def verify_all() -> list[Break]:
    org_ids = AuditHead.objects.values_list("organisation_id", flat=True).order_by("organisation_id")
    return [problem for org_id in org_ids if (problem := verify_organisation(org_id))]
