"""Checking the chain: any edited, deleted, inserted or reordered entry breaks a link, and so does an
entry not sealed with an audit key, or a chain rewritten or cut short behind the copy of its head kept
outside the database (``headfile``).

Entries are read as plain tuples, not model instances, so a million entries verify in seconds. After a
check that found nothing wrong, a signed checkpoint remembers how far the chain was intact, so the next
check can start there (``since_checkpoint``).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import keys
from .chain import CONTENT_FIELDS, GENESIS_HASH, checkpoint_signature, content_digest, legacy_link_hash, link_hash
from .headfile import recorded_heads
from .models import AuditCheckpoint, AuditEntry, AuditHead


@dataclass(frozen=True)
class Break:
    organisation_id: int
    seq: int
    problem: str


@dataclass(frozen=True)
class Position:
    """A place in a chain believed intact: the walk continues after it."""

    seq: int
    hash: str


START = Position(0, GENESIS_HASH)
REWRITTEN = "differs from the copy of the chain head kept outside the database: the log was rewritten"


def _entries(organisation_id: int, after_seq: int) -> Iterator[tuple[Any, ...]]:
    rows = AuditEntry.objects.filter(organisation_id=organisation_id, seq__gt=after_seq).order_by("seq")
    return rows.values_list("seq", "prev_hash", "hash", "key_id", *CONTENT_FIELDS).iterator(chunk_size=10_000)


def _seal_problem(ring: dict[str, bytes], keyed_before: bool, row: tuple[Any, ...]) -> str | None:
    seq, prev_hash, hash_, key_id, *content = row
    digest = content_digest(*content)
    if not key_id:
        if keyed_before:
            return "is not sealed with an audit key, although entries before it are: it was added by someone else"
        return None if legacy_link_hash(prev_hash, seq, digest) == hash_ else "was changed after it was written"
    key = ring.get(key_id)
    if key is None:
        return f"is sealed with a key that is not configured (key id {key_id}): add it to ALONGSIDE_AUDIT_KEYS"
    if not hmac.compare_digest(link_hash(key, prev_hash, seq, digest), hash_):
        return "was changed after it was written, or was not written by Alongside (its seal does not match)"
    return None


def _walk(organisation_id: int, start: Position, outside: tuple[int, str] | None) -> tuple[Break | None, Position]:
    """Follow the chain after ``start``; return the first break (if any) and the last good position."""
    ring, last, keyed = keys.by_id(), start, False
    for row in _entries(organisation_id, start.seq):
        seq, prev_hash, hash_, key_id = row[:4]
        if seq != last.seq + 1:
            return Break(organisation_id, last.seq + 1, f"is missing (found entry {seq} instead)"), last
        if prev_hash != last.hash:
            return Break(organisation_id, seq, "does not point to the entry before it"), last
        if problem := _seal_problem(ring, keyed, row):
            return Break(organisation_id, seq, problem), last
        if outside is not None and outside[0] == seq and outside[1] != hash_:
            return Break(organisation_id, seq, REWRITTEN), last
        last, keyed = Position(seq, hash_), keyed or bool(key_id)
    return None, last


def _end_problem(organisation_id: int, last: Position, outside: tuple[int, str] | None) -> Break | None:
    head = AuditHead.objects.filter(organisation_id=organisation_id).values_list("seq", "hash").first()
    if head and head != (last.seq, last.hash):
        return Break(organisation_id, last.seq + 1, "and the entries after it were removed from the end of the log")
    if outside is not None and outside[0] > last.seq:
        return Break(
            organisation_id,
            last.seq + 1,
            f"is missing: the copy of the chain head outside the database says the log reached entry {outside[0]}",
        )
    return None


def _stored_hash(organisation_id: int, seq: int) -> str | None:
    return AuditEntry.objects.filter(organisation_id=organisation_id, seq=seq).values_list("hash", flat=True).first()


def _checkpoint_start(organisation_id: int) -> tuple[Break | None, Position]:
    """Where an incremental check may start: the newest checkpoint, if its seal and entry still match."""
    newest = AuditCheckpoint.objects.filter(organisation_id=organisation_id).order_by("-seq", "-pk").first()
    if newest is None:
        return None, START
    key = keys.by_id().get(newest.key_id)
    expected = key and checkpoint_signature(key, organisation_id, newest.seq, newest.hash)
    if not expected or not hmac.compare_digest(expected, newest.signature):
        return Break(organisation_id, newest.seq, "has a checkpoint that is not sealed with an audit key"), START
    if _stored_hash(organisation_id, newest.seq) != newest.hash:
        return Break(organisation_id, newest.seq, "differs from the checkpoint taken when it was verified"), START
    return None, Position(newest.seq, newest.hash)


def _verify(organisation_id: int, outside: tuple[int, str] | None, *, since_checkpoint: bool) -> Break | None:
    """``outside`` is the newest head recorded outside the database, if any."""
    start = START
    if since_checkpoint:
        problem, start = _checkpoint_start(organisation_id)
        if problem:
            return problem
    if outside is not None and outside[0] <= start.seq:
        if _stored_hash(organisation_id, outside[0]) != outside[1]:
            return Break(organisation_id, outside[0], REWRITTEN)
        outside = None  # the walk starts after it
    problem, last = _walk(organisation_id, start, outside)
    problem = problem or _end_problem(organisation_id, last, outside)
    if problem is None and last.seq > start.seq:
        _save_checkpoint(organisation_id, last)
    return problem


def _save_checkpoint(organisation_id: int, position: Position) -> None:
    key_id, key = keys.current()
    AuditCheckpoint.objects.create(
        organisation_id=organisation_id,
        seq=position.seq,
        hash=position.hash,
        key_id=key_id,
        signature=checkpoint_signature(key, organisation_id, position.seq, position.hash),
    )


def verify_organisation(organisation_id: int, *, since_checkpoint: bool = False) -> Break | None:
    """Return the first broken link of one organisation's chain, or None when it is intact."""
    return _verify(organisation_id, recorded_heads().get(organisation_id), since_checkpoint=since_checkpoint)


def verify_all(*, since_checkpoint: bool = False) -> list[Break]:
    outside = recorded_heads()
    org_ids = set(AuditHead.objects.values_list("organisation_id", flat=True)) | set(outside)
    return [
        problem
        for org_id in sorted(org_ids)
        if (problem := _verify(org_id, outside.get(org_id), since_checkpoint=since_checkpoint))
    ]
