"""Entries waiting for their transaction to commit, and appending them at that moment.

``log.record`` does not write at once: it adds the entry to its database connection's ``PendingEntries``.
The connection (``audit.backends``) appends them just before it commits. So an organisation's chain
head is locked only for that moment, however long the page or action around it runs, and a write and
its audit entries still commit together or not at all. Entries recorded inside a savepoint that is
rolled back are dropped with it; a rolled-back transaction drops them all.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import TYPE_CHECKING

from django.db import DatabaseError

from . import keys
from .chain import link_hash

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from .models import AuditEntry

Head = tuple[int, int, str]  # (organisation, seq, hash) after an append


class AuditAppendError(DatabaseError):
    """Appending to the audit log failed, so the transaction it belongs to must not commit."""


class PendingEntries:
    """One per database connection: what this connection's open transaction will append."""

    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []
        self._marks: dict[str, int] = {}
        self._before: dict[tuple[str, int], Callable[[BaseDatabaseWrapper], None]] = {}
        self._step_marks: dict[str, int] = {}

    def add(self, entry: AuditEntry) -> None:
        self._entries.append(entry)

    def before_append(self, key: tuple[str, int], step: Callable[[BaseDatabaseWrapper], None]) -> None:
        """Run ``step`` at commit, just before the entries are appended, once per ``key`` (such as
        ``("figures", organisation_id)``, ``reports.versions``). Steps run in the order of their keys and before
        any chain head is locked, so every transaction takes these short commit-time locks in one global order
        (no deadlocks) and holds them only for the moment of committing. A savepoint rolled back drops the
        steps added inside it, as it drops the entries."""
        self._before.setdefault(key, step)

    def mark(self, savepoint_id: str) -> None:
        self._marks[savepoint_id] = len(self._entries)
        self._step_marks[savepoint_id] = len(self._before)

    def roll_back_to(self, savepoint_id: str) -> None:
        del self._entries[self._marks.pop(savepoint_id, len(self._entries)) :]
        kept_steps = self._step_marks.pop(savepoint_id, len(self._before))  # steps are kept in the order added
        self._before = dict(list(self._before.items())[:kept_steps])

    def clear(self) -> None:
        self._entries.clear()
        self._marks.clear()
        self._before.clear()
        self._step_marks.clear()

    def append_all(self, connection: BaseDatabaseWrapper) -> list[Head]:
        """Run the steps waiting for commit, then append every waiting entry, organisation by organisation in a
        fixed order (no deadlocks)."""
        steps, self._before = self._before, {}
        for _key, step in sorted(steps.items(), key=lambda item: item[0]):
            step(connection)
        entries, self._entries = self._entries, []
        if not entries:
            return []
        try:
            ordered = sorted(entries, key=lambda entry: entry.organisation_id)
            return [
                _append(connection, organisation_id, list(group))
                for organisation_id, group in groupby(ordered, key=lambda entry: entry.organisation_id)
            ]
        except Exception as error:
            raise AuditAppendError(f"The audit log could not be written, so nothing was saved: {error}") from error


def _locked_head(connection: BaseDatabaseWrapper, organisation_id: int) -> tuple[int, str]:
    """The organisation's head, locked until commit (SQLite's IMMEDIATE transaction already holds the lock)."""
    from .models import AuditHead

    head = _read_head(connection, organisation_id)
    if head is None:  # the organisation's first entry: its head row is made once
        AuditHead.objects.using(connection.alias).bulk_create(
            [AuditHead(organisation_id=organisation_id)], ignore_conflicts=True
        )
        head = _read_head(connection, organisation_id)
    assert head is not None  # noqa: S101 (made just above, in this transaction)
    return head


def _read_head(connection: BaseDatabaseWrapper, organisation_id: int) -> tuple[int, str] | None:
    """Every audited request reads its organisation's head, so this is plain SQL: through the ORM, building and
    compiling this one-row lookup cost ten times what the database spends on it."""
    from .models import AuditHead

    quote, meta = connection.ops.quote_name, AuditHead._meta
    column = {field.name: quote(field.column) for field in meta.concrete_fields}
    seq, hash_, organisation = column["seq"], column["hash"], column["organisation"]
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {seq}, {hash_} FROM {quote(meta.db_table)} WHERE {organisation} = %s{lock}",  # noqa: S608
            [organisation_id],
        )
        row = cursor.fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def _append(connection: BaseDatabaseWrapper, organisation_id: int, entries: list[AuditEntry]) -> Head:
    """Link ``entries`` after the head in one INSERT; the ``audit_extend_head`` trigger moves the head."""
    key_id, key = keys.current()
    seq, prev_hash = _locked_head(connection, organisation_id)
    for entry in entries:
        seq += 1
        entry.seq, entry.prev_hash, entry.key_id = seq, prev_hash, key_id
        entry.hash = prev_hash = link_hash(key, entry.prev_hash, seq, entry.content_digest())
    _insert(connection, entries)
    return organisation_id, seq, prev_hash


def _insert(connection: BaseDatabaseWrapper, entries: list[AuditEntry]) -> None:
    """``bulk_create`` written out: every field's value prepared for the database exactly as the ORM prepares
    it (``get_db_prep_save``), in as few INSERTs as the database allows (one, for a page's entries). The ORM's
    building of the statement cost more than everything else an audited read adds to its page."""
    from .models import AuditEntry

    quote, meta = connection.ops.quote_name, AuditEntry._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    returning = f" RETURNING {quote(meta.pk.column)}" if connection.features.can_return_rows_from_bulk_insert else ""
    batch = connection.ops.bulk_batch_size(fields, entries)
    with connection.cursor() as cursor:
        for start in range(0, len(entries), batch):
            chunk = entries[start : start + batch]
            values = [
                field.get_db_prep_save(field.pre_save(entry, True), connection) for entry in chunk for field in fields
            ]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))}{returning}",  # noqa: S608
                values,
            )
            for entry, (pk,) in zip(chunk, cursor.fetchall() if returning else [], strict=False):
                entry.pk = pk  # as bulk_create sets it, in the order given (both databases keep it)
                entry._state.adding, entry._state.db = False, connection.alias
