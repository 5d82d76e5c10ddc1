"""Benchmark: the FHIR export of one client with a realistic record (not a test). Target: under 200 ms.

20 goals, 100 steps, 50 meetings each with a shared note and the client's view, 200 check-ins, an audit
trail. Builds the data in a throw-away test database (SQLite by default; DATABASE_URL for PostgreSQL),
then times the whole export as the download runs it: load, build, validate, audit.

Run: python bench/fhir_export.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")

import django

django.setup()

from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

RUNS = 7


def main() -> None:
    from alongside.accounts.models import Role
    from alongside.interop.actions import export_record
    from tests.factories import OrganisationFactory, assign, client_member, staff_member
    from tests.interop.factories import bulk_record

    organisation = OrganisationFactory.create()
    client = client_member(organisation)
    supporter = staff_member(Role.SUPPORTER, organisation)
    assign(client, supporter)
    bulk_record(client, supporter, goals=20, meetings=50, checkins=200)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        bundle = export_record(client, by=client, purpose="own-copy")
        timings.append((time.perf_counter() - started) * 1000)
    engine = django.db.connection.vendor
    print(
        f"FHIR export of one client ({len(bundle['entry'])} resources, {engine}): "
        f"median {statistics.median(timings):.0f} ms, best {min(timings):.0f} ms over {RUNS} runs (target < 200 ms)"
    )


if __name__ == "__main__":
    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        main()
    finally:
        teardown_databases(databases, verbosity=0)
