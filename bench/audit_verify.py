"""How long does `alongside audit verify` take for 1,000,000 entries, in full and since its checkpoint? Not a test.

Uses a throwaway SQLite database in a temporary folder, or the database in DATABASE_URL (it must be an
empty scratch database: the benchmark migrates it and fills one organisation's chain).
Entries are made with the same sealing the app uses and inserted in bulk, so only verify is timed. Then
1,000 more entries are recorded the ordinary way and `verify --since-checkpoint` checks just those.

    .venv/bin/python bench/audit_verify.py [--entries 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ENTRIES = 1_000_000
INCREMENT = 1_000
BATCH = 20_000


def setup_django(data_dir: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    os.environ["ALONGSIDE_DATA_DIR"] = data_dir
    os.environ["ALONGSIDE_AUDIT_HEAD_FILE"] = ""
    import django

    django.setup()


def fill(count: int) -> int:
    """Insert ``count`` chained entries for one new organisation; return its id."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from alongside.accounts.models import Organisation
    from alongside.audit import keys
    from alongside.audit.chain import GENESIS_HASH, content_digest, link_hash
    from alongside.audit.models import AuditEntry, AuditHead

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Benchmark", slug=f"bench-{time.time_ns()}")
    AuditHead.objects.create(organisation=organisation)
    created = AuditEntry._meta.get_field("created_at")
    detail = AuditEntry._meta.get_field("detail")
    sql = (
        f"INSERT INTO {AuditEntry._meta.db_table} (organisation_id, seq, created_at, action, target, reason,"  # noqa: S608
        " detail, prev_hash, hash, key_id) VALUES (%s, %s, %s, %s, '', '', %s, %s, %s, %s)"
    )
    key_id, key = keys.current()
    start, prev, rows = datetime(2026, 1, 1, tzinfo=UTC), GENESIS_HASH, []
    for seq in range(1, count + 1):
        when = start + timedelta(seconds=seq)
        details = {"basis": "assigned"}
        digest = content_digest(organisation.pk, when, None, "read.plan", None, "", None, "", details)
        hash_ = link_hash(key, prev, seq, digest)
        rows.append(
            [
                organisation.pk,
                seq,
                created.get_db_prep_save(when, connection),
                "read.plan",
                detail.get_db_prep_save(details, connection),
                prev,
                hash_,
                key_id,
            ]
        )
        prev = hash_
        if len(rows) == BATCH or seq == count:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(sql, rows)
            rows = []
    return organisation.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=ENTRIES)
    count = parser.parse_args().entries
    with tempfile.TemporaryDirectory() as data_dir:
        setup_django(data_dir)
        from django.db import connection

        from alongside.audit.verify import verify_organisation

        began = time.perf_counter()
        organisation_id = fill(count)
        print(f"Made {count:,} entries on {connection.vendor} in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        problem = verify_organisation(organisation_id)
        took = time.perf_counter() - began
        assert problem is None, problem
        print(f"audit verify checked {count:,} entries in {took:.1f} s ({count / took:,.0f} entries/s)")
        quick = verify_since_checkpoint(organisation_id, INCREMENT)
        print(f"verify --since-checkpoint after {INCREMENT:,} more: {quick:.2f} s ({quick / took:.1%} of a full check)")


def verify_since_checkpoint(organisation_id: int, more: int) -> float:
    from alongside.accounts.models import Organisation
    from alongside.audit.log import record
    from alongside.audit.verify import verify_organisation

    organisation = Organisation.objects.get(pk=organisation_id)
    for n in range(more):
        record(organisation=organisation, actor=None, action=f"read.plan.{n}")
    began = time.perf_counter()
    problem = verify_organisation(organisation_id, since_checkpoint=True)
    assert problem is None, problem
    return time.perf_counter() - began


if __name__ == "__main__":
    main()
