"""Writing to the audit log. Domain action functions call ``record`` inside their own transaction.

``record`` only queues the entry on the database connection; the connection appends everything its
transaction recorded in one statement just before it commits (``audit.pending``, ``audit.backends``).
Called outside a transaction (a page that reads a record runs in autocommit), ``record`` gives the entry
a short transaction of its own, so the read is on the log before the page shows anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest

from .actions import AuditAction
from .backends import only_test_blocks_remain
from .models import AuditEntry

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from alongside.accounts.models import Membership, Organisation, User
    from alongside.audit.pending import PendingEntries


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _pending() -> PendingEntries:
    pending: PendingEntries | None = getattr(connection, "audit_pending", None)
    if pending is None:
        raise ImproperlyConfigured(
            f"The database engine {connection.settings_dict['ENGINE']} does not append audit entries at commit; "
            "use one of alongside.settings.AUDITED_ENGINES."
        )
    return pending


def _in_transaction() -> bool:
    """Is application code inside a transaction that will commit (or roll back) later?"""
    if connection.in_atomic_block:
        return not only_test_blocks_remain(connection)
    return not connection.get_autocommit()


def at_commit(key: tuple[str, int], step: Callable[[BaseDatabaseWrapper], None]) -> None:
    """Run ``step`` with the connection when the current transaction commits, just before its audit entries are
    appended (``PendingEntries.before_append``: once per key, in key order); outside a transaction, now."""
    if _in_transaction():
        _pending().before_append(key, step)
    else:
        with transaction.atomic():
            _pending().before_append(key, step)


def record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: AuditAction,
    client: Membership | None = None,
    target: str = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEntry:
    """Add one entry to the organisation's chain when the current transaction commits.

    Never stores note bodies or secrets: callers pass ids. The returned entry gets its place in the
    chain (``seq``, ``hash``) when it is appended. An ``action`` that is not an ``AuditAction`` is refused
    (``ValueError``), so the log never holds a name nobody reads back.
    """
    action = AuditAction(action)
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
    if _in_transaction():
        _pending().add(entry)
    else:
        with transaction.atomic():
            _pending().add(entry)
    return entry
