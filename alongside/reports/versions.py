"""Each organisation's figures version: the dashboards' cache is keyed by it (``dashboards.counts_for``).

Why a number in the database: the cache may be per process (Django's local memory cache), so a write in one
worker must make every worker's cached figures for that organisation unusable. Every write that changes
what a dashboard counts calls ``changed`` in its own transaction: ``tallies.kept`` (every action that keeps
the day tallies), ``tallies.add_client`` and ``tallies.rebuild`` (imports, the demo and the scale data), and
the messages' actions (response times are counted from the messages). docs/reports.md lists each source.

The bump is one upsert that adds 1 in the database, so two writers never lose one. Its row stays locked
until the writer commits, so every write bumps **before** locking anything else (a client's membership, a
message, a tally row): one organisation's writes then queue at the version, and none can hold a row that
another, already holding the version, waits for (no deadlock).
"""

from __future__ import annotations

from django.db import connection

from .models import FiguresVersion


def changed(organisation_id: int) -> None:
    """Something the organisation's dashboards count changed in this transaction: their cached figures go."""
    table = connection.ops.quote_name(FiguresVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organisation_id, version) VALUES (%s, 1) "  # noqa: S608 - names are ours
            f"ON CONFLICT (organisation_id) DO UPDATE SET version = {table}.version + 1",
            [organisation_id],
        )


def current(organisation_id: int) -> int:
    """The organisation's version now (0 before its first counted write). One small query."""
    versions = FiguresVersion.objects.filter(organisation_id=organisation_id).values_list("version", flat=True)
    return versions.first() or 0
