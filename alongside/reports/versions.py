"""Each organisation's figures version: the dashboards' cache is keyed by it (``dashboards.counts_for``).

Why a number in the database: the cache may be per process (Django's local memory cache), so a write in one
worker must make every worker's cached figures for that organisation unusable. Every write that changes
what a dashboard counts calls ``changed`` in its own transaction: ``tallies.kept`` (every action that keeps
the day tallies), ``tallies.add_client`` and ``tallies.rebuild`` (imports, the demo and the scale data), and
the messages' actions (response times are counted from the messages). docs/reports.md lists each source.

The bump is one upsert that adds 1 in the database, so two writers never lose one. It runs when the write
commits, just before its audit entries are appended (``audit.pending``, ``before_append``), so the version
row is locked only for that moment, as the audit chain's head is: one organisation's writes do not queue
for each other during their work, and the commit-time locks are always taken in one order (no deadlocks).
Version and data commit together, so a dashboard that read the version before counting never files counts
under a version that a write it did not see had already committed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from alongside.audit.log import at_commit

from .models import FiguresVersion

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper


def changed(organisation_id: int) -> None:
    """Something the organisation's dashboards count changed in this transaction: their cached figures go when
    it commits (at once outside a transaction)."""
    at_commit(("figures", organisation_id), partial(_bump, organisation_id))


def _bump(organisation_id: int, using: BaseDatabaseWrapper) -> None:
    table = using.ops.quote_name(FiguresVersion._meta.db_table)
    with using.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, version) VALUES (%s, 1) "  # noqa: S608 - names are ours
            f"ON CONFLICT (organisation_id) DO UPDATE SET version = {table}.version + 1",
            [organisation_id],
        )


def current(organisation_id: int) -> int:
    """The organisation's version now (0 before its first counted write). One small query."""
    versions = FiguresVersion.objects.filter(organisation_id=organisation_id).values_list("version", flat=True)
    return versions.first() or 0
