"""Benchmark: the dashboards on the large data set, on SQLite and on PostgreSQL (not a test).

Builds the large data set once per database (``alongside demo --size large``: 10,000 clients, 1,000,000
check-in answers) and reuses it after. Then, as signed-in requests of the demo admin (the whole page:
figures, charts, template), it renders in turns a reference page (the password confirmation form: a
signed-in page with no figures), the organisation dashboard and one peer supporter's dashboard, and prints
the median of each and its ratio to the reference (so a busy machine shows as a slower reference, not as a
slower dashboard). The cache is emptied before each render, so every one counts the figures, as the first
view after a write does (bench/page_cpu.py measures views whose counts were kept). It also times how long
counting the organisation's figures from the records takes, which is how the page counted them before the
day tallies, and checks that both give the same figures.

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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDERS = 7
REFERENCE = "/account/confirm-password/"


def _median_ms(work: Callable[[], object], times: int) -> float:
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure() -> None:
    """Runs in a child process whose environment picks the database."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from alongside.accounts.models import Membership, Role
    from alongside.core.demo import DEMO_SLUG
    from alongside.feedback.models import Questionnaire
    from alongside.feedback.scoring import Reliability
    from alongside.reports.dashboards import first_and_last, reliable_change_section
    from alongside.reports.figures import Scope, count_clients, from_records, from_tallies
    from alongside.reports.models import DayTally
    from alongside.reports.periods import Period
    from alongside.reports.scale import refresh_statistics
    from alongside.reports.tallies import rebuild

    call_command("demo", no_serve=True, size="large")
    admin = Membership.objects.select_related("organisation").get(organisation__slug=DEMO_SLUG, role=Role.ADMIN)
    organisation = admin.organisation
    if not DayTally.objects.filter(organisation=organisation).exists():  # a data set from before the tallies
        started = time.perf_counter()
        rebuild(organisation)
        print(f"Counted the day tallies of the data set in {time.perf_counter() - started:,.0f} s.")
    refresh_statistics()  # as autovacuum would have them by now, also when the data set is reused
    session = Questionnaire.objects.for_purpose(organisation.pk, "session")
    period = Period.default()
    if from_tallies(organisation, period, session) != from_records(Scope(organisation), period, session):
        sys.exit("The day tallies differ from the records: run `alongside reports rebuild`.")
    supporter = Membership.objects.filter(organisation=organisation, role=Role.SUPPORTER).order_by("-pk").first()
    assert supporter is not None
    pages = {
        "reference": REFERENCE,
        "organisation": "/organisation/dashboard/",
        "supporter": f"/organisation/dashboard/supporters/{supporter.pk}/",
    }
    setup_test_environment()
    browser = Client()
    browser.force_login(admin.user)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(RENDERS):  # in turns, so all three see the same machine
        for name, url in pages.items():
            cache.clear()  # each render counts its figures, as the first view after a write does
            started = time.perf_counter()
            response = browser.get(url)
            timings[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    reference = statistics.median(timings["reference"])
    for name in ("organisation", "supporter"):
        median = statistics.median(timings[name])
        print(f"RESULT {name} dashboard {median:,.0f} ms, {median / reference:,.1f}x the reference page")
    records = _median_ms(lambda: from_records(Scope(organisation), period, session), times=3)
    clients = Membership.objects.filter(organisation=organisation, role=Role.CLIENT)
    keeping = _median_ms(lambda: _keep_tallies(clients.order_by("-pk")[0].pk), times=RENDERS)
    print(
        f"RESULT reference page {reference:,.0f} ms; organisation figures counted from the records (before the "
        f"day tallies) {records:,.0f} ms, {records / reference:,.1f}x; {clients.count():,} clients"
    )
    print(f"RESULT what a write pays to keep the tallies (a client with 100 check-ins): {keeping:,.0f} ms")
    wellbeing = Questionnaire.objects.for_purpose(organisation.pk, "wellbeing")
    assert wellbeing is not None  # the demo organisation has one
    people = count_clients(Scope(organisation), period)
    known = Reliability(0.85, 8.0, "bench only")  # as if estimated: each client's first and last answer is read
    change = _median_ms(
        lambda: reliable_change_section(
            first_and_last(Scope(organisation), period, wellbeing), wellbeing, "wellbeing", people, known
        ),
        7,
    )
    print(f"RESULT reliable change (wellbeing, {people:,} clients): {change:,.0f} ms, {change / reference:,.1f}x")


def _keep_tallies(client_id: int) -> None:
    from django.db import transaction

    from alongside.reports.tallies import kept

    with transaction.atomic(), kept(client_id):
        pass  # the counting before and after, and the lock, without a change to add


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
        if line.startswith(("Large data set", "The large data set", "Counted")):
            print(f"{label}: {line}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    if result.returncode or not lines:
        print(f"{label}: failed\n{result.stderr[-2000:]}")
        sys.exit(1)
    for line in lines:
        print(f"{label}: {line.removeprefix('RESULT ')}")


def main() -> None:
    sqlite_dir = Path(os.environ.get("BENCH_SQLITE_DIR", ROOT / "var" / "bench"))
    sqlite_dir.mkdir(parents=True, exist_ok=True)
    run("SQLite", f"sqlite:///{sqlite_dir / 'large.sqlite3'}")
    postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/alongside_insight")
    if _postgres_ready(postgres):
        run("PostgreSQL", postgres)


if __name__ == "__main__":
    measure() if "--measure" in sys.argv else main()
