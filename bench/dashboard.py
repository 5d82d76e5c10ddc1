"""Benchmark: the organisation dashboard on the large data set, on SQLite and on PostgreSQL (not a test).

Builds the large data set once per database (``alongside demo --size large``: 10,000 clients, 1,000,000
check-in answers) and reuses it after, then renders the organisation dashboard for the demo admin as a
signed-in request (the whole page: figures, charts, template) and prints the median of five renders.

Run: python bench/dashboard.py  (or `make bench`). Databases:
- SQLite: var/bench/large.sqlite3 (override with BENCH_SQLITE_DIR);
- PostgreSQL: BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/alongside_insight; created
  if missing, skipped with a message if the server cannot be reached.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDERS = 5


def measure() -> None:
    """Runs in a child process whose environment picks the database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from alongside.accounts.models import Membership, Role
    from alongside.core.demo import DEMO_SLUG
    from alongside.reports.scale import refresh_statistics

    call_command("demo", no_serve=True, size="large")
    refresh_statistics()  # as autovacuum would have them by now, also when the data set is reused
    setup_test_environment()
    admin = Membership.objects.get(organisation__slug=DEMO_SLUG, role=Role.ADMIN)
    browser = Client()
    browser.force_login(admin.user)
    assert browser.get("/organisation/dashboard/").status_code == 200
    timings = []
    for _ in range(RENDERS):
        started = time.perf_counter()
        response = browser.get("/organisation/dashboard/")
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    clients = Membership.objects.filter(organisation__slug=DEMO_SLUG, role=Role.CLIENT).count()
    print(
        f"RESULT {statistics.median(timings):,.0f} ms median of {RENDERS} (fastest {min(timings):,.0f} ms), "
        f"{clients:,} clients"
    )


def _postgres_ready(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"PostgreSQL: skipped, cannot connect ({error}).")
        return False
    return True


def run(label: str, database_url: str) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ALONGSIDE_REQUIRE_STAFF_2FA": "false",
        "ALONGSIDE_DATA_DIR": str(ROOT / "var" / "bench"),
    }
    result = subprocess.run(  # noqa: S603 - our own script, with our own interpreter
        [sys.executable, __file__, "--measure"], env=env, capture_output=True, text=True, check=False
    )
    for line in result.stdout.splitlines():
        if line.startswith(("Large data set", "The large data set")):
            print(f"{label}: {line}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    if result.returncode or not lines:
        print(f"{label}: failed\n{result.stderr[-2000:]}")
        sys.exit(1)
    print(f"{label}: organisation dashboard {lines[0].removeprefix('RESULT ')}")


def main() -> None:
    sqlite_dir = Path(os.environ.get("BENCH_SQLITE_DIR", ROOT / "var" / "bench"))
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    run("SQLite", f"sqlite:///{sqlite_dir / 'large.sqlite3'}")
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/alongside_insight")
    if _postgres_ready(postgres):
        run("PostgreSQL", postgres)


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
