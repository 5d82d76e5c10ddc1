"""Database backends that append the audit entries a transaction recorded just before it commits.

They are Django's SQLite and PostgreSQL backends plus ``AppendsAuditOnCommit``; settings select them
for whichever database ``DATABASE_URL`` names (``alongside.settings.AUDITED_ENGINES``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from alongside.audit import headfile
from alongside.audit.pending import PendingEntries

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    class _Base(BaseDatabaseWrapper):  # the savepoint steps Django's backends have and the stubs omit
        def _savepoint(self, sid: str) -> None: ...
        def _savepoint_rollback(self, sid: str) -> None: ...
        def _savepoint_commit(self, sid: str) -> None: ...
else:
    _Base = object


def only_test_blocks_remain(connection: BaseDatabaseWrapper) -> bool:
    """True when every open atomic block is one a test case opened around the whole test.

    Those blocks never commit, so for the application the block being left is its outermost one:
    appending there makes tests see exactly what a committed transaction would have written.
    """
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


class AppendsAuditOnCommit(_Base):
    """Hooks the connection's transaction steps so pending audit entries follow the transaction's fate."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.audit_pending = PendingEntries()

    def commit(self) -> None:
        heads = self.audit_pending.append_all(self)
        super().commit()
        headfile.append_lines(heads)  # committed: now the copy outside may say so

    def rollback(self) -> None:
        self.audit_pending.clear()
        super().rollback()

    def close(self) -> None:
        self.audit_pending.clear()
        super().close()

    def _savepoint(self, sid: str) -> None:
        super()._savepoint(sid)
        self.audit_pending.mark(sid)

    def _savepoint_rollback(self, sid: str) -> None:
        super()._savepoint_rollback(sid)
        self.audit_pending.roll_back_to(sid)

    def _savepoint_commit(self, sid: str) -> None:
        if only_test_blocks_remain(self):
            heads = self.audit_pending.append_all(self)
            transaction.on_commit(lambda: headfile.append_lines(heads), using=self.alias, robust=True)
        super()._savepoint_commit(sid)
