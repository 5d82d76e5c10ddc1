"""Writing to the audit log. Domain action functions call ``record`` inside their own transaction.

An entry is appended with a single ``INSERT … SELECT`` that reads the organisation's head (locking it
on PostgreSQL), links the entry to it and returns the new place in the chain; a trigger moves the head.
So auditing a request costs one query, and two concurrent writers can never claim the same place.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Field
from django.http import HttpRequest

from .chain import CONTENT_FIELDS
from .headfile import remember_after_commit
from .models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from alongside.accounts.models import Membership, Organisation, User

SQLITE_SHA256 = "alongside_sha256"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def sha256_hex(text: str) -> str:
    """Registered as ``alongside_sha256`` on SQLite connections, which have no SHA-256 of their own."""
    return hashlib.sha256(text.encode()).hexdigest()


def _content_fields() -> list[Field[Any, Any]]:
    by_attname = {field.attname: field for field in AuditEntry._meta.concrete_fields}
    return [by_attname[name] for name in CONTENT_FIELDS]


def _append_sql() -> str:
    """INSERT the content columns, linking the entry to the head in SQL exactly as ``chain.link_hash`` does."""
    link = "head.hash || ':' || CAST(head.seq + 1 AS TEXT) || ':' || %s"
    if connection.vendor == "postgresql":
        hashed, lock = f"encode(sha256(convert_to({link}, 'UTF8')), 'hex')", " FOR UPDATE"
    else:
        hashed, lock = f"{SQLITE_SHA256}({link})", ""
    entry_table, head_table = AuditEntry._meta.db_table, AuditHead._meta.db_table
    columns = ", ".join(field.column for field in _content_fields())
    placeholders = ", ".join(["%s"] * len(CONTENT_FIELDS))
    # Table and column names come from the model; every value is a bound parameter.
    return (
        f"INSERT INTO {entry_table} ({columns}, seq, prev_hash, hash) "  # noqa: S608
        f"SELECT {placeholders}, head.seq + 1, head.hash, {hashed} "
        f"FROM {head_table} head WHERE head.organisation_id = %s{lock} "
        "RETURNING id, seq, prev_hash, hash"
    )


def _append(entry: AuditEntry) -> bool:
    """Insert ``entry`` after its organisation's head; False when the organisation has no head yet."""
    values = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in _content_fields()]
    with connection.cursor() as cursor:
        cursor.execute(_append_sql(), [*values, entry.content_digest(), entry.organisation_id])
        row = cursor.fetchone()
    if row is None:
        return False
    entry.pk, entry.seq, entry.prev_hash, entry.hash = row
    entry._state.adding, entry._state.db = False, connection.alias
    return True


def record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: str,
    client: Membership | None = None,
    target: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Append one entry to the organisation's chain. Never stores note bodies or secrets: callers pass ids."""
    entry = AuditEntry(
        organisation=organisation,
        actor=actor,
        action=action,
        client=client,
        target=target[:120],
        reason=reason[:500],
        detail=detail or {},
        ip_address=client_ip(request),
    )
    if not _append(entry):  # the organisation's first entry: its head row is made once
        AuditHead.objects.get_or_create(organisation=organisation)
        if not _append(entry):
            raise RuntimeError(f"Could not append to the audit log of organisation {organisation.pk}.")
    remember_after_commit(entry.organisation_id, entry.seq, entry.hash)
    return entry
